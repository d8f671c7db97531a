#pragma once
// The template language of mails (a small Mustache): {{name}} inserts a value (HTML-escaped in
// the html part unless the name ends in _html), {{#name}}...{{/name}} renders its inside when
// the value is truthy, {{^name}}...{{/name}} when it is not. The catalogue of kinds, defaults
// and placeholders is mail_templates.h. Pure functions, thread-safe.
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <vector>

namespace lanyard {

// A template's syntax: `error` empty when it parses (else a short reason), and every
// placeholder it uses, in order of appearance.
struct MailTemplateSyntax {
  std::string error;
  std::vector<std::string> names;
};
MailTemplateSyntax CheckMailTemplateSyntax(std::string_view tmpl);

// Renders one template string. `html` escapes values (except "_html" keys). Never fails: a
// template that does not parse renders as its literal text (validation keeps them out).
std::string RenderMailString(std::string_view tmpl, const nlohmann::json& values, bool html);

// &, <, >, " and ' as entities.
std::string MailHtmlEscape(std::string_view text);

}  // namespace lanyard
