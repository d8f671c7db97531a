// The mail template language (core/mail/mail_template_engine.h) as an organizer edits it:
// any template text, rendered with any values, as text and as HTML. Properties: a template
// that parses renders without throwing; in HTML, a value's markup never survives unescaped
// (a value made only of "<b>" must not appear as "<b>" unless the template wrote it).
#include <fuzzer/FuzzedDataProvider.h>

#include <cstdlib>
#include <nlohmann/json.hpp>
#include <string>

#include "core/mail/mail_template_engine.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace lanyard;
  FuzzedDataProvider in(data, size);
  const std::string values_text = in.ConsumeRandomLengthString(4096);
  const std::string tmpl = in.ConsumeRemainingBytesAsString();
  nlohmann::json values = nlohmann::json::parse(values_text, nullptr, false);
  if (!values.is_object()) values = nlohmann::json::object();
  const MailTemplateSyntax syntax = CheckMailTemplateSyntax(tmpl);
  (void)RenderMailString(tmpl, values, false);
  (void)RenderMailString(tmpl, values, true);
  if (syntax.error.empty() && tmpl.find('<') == std::string::npos) {
    nlohmann::json markup = nlohmann::json::object();
    for (const std::string& name : syntax.names) {
      if (name.size() < 5 || name.compare(name.size() - 5, 5, "_html") != 0) markup[name] = "<b>";
    }
    if (RenderMailString(tmpl, markup, true).find('<') != std::string::npos) std::abort();
  }
  return 0;
}
