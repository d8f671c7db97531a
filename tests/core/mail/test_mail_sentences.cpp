// The sentence after a mail's greeting starts with a capital letter, in every kind's default
// template, en and id, text and HTML, whichever branch of its conditional sections renders
// (waitlisted or registered, approved or not, ...).
#include <doctest/doctest.h>

#include <cctype>
#include <iterator>
#include <string>

#include "core/mail/mail_templates.h"

using namespace lanyard;
using nlohmann::json;

namespace {

// The flags whose sections choose a mail's opening sentence.
const char* const kBranchFlags[] = {"waitlisted",   "approved",     "accepted",        "is_confirmed",
                                    "is_finalist",  "is_withdrawn", "is_disqualified", "proof_in_review"};

// The first character after the greeting's paragraph; 0 when the mail has no greeting.
char FirstAfterGreeting(const std::string& text, const std::string& greeting, const std::string& gap) {
  const size_t at = text.find(greeting);
  if (at == std::string::npos) return 0;
  size_t pos = text.find(gap, at + greeting.size());
  if (pos == std::string::npos) return 0;
  pos += gap.size();
  // Skip markup (HTML tags) and spaces before the first visible character.
  while (pos < text.size()) {
    if (text[pos] == '<') {
      const size_t close = text.find('>', pos);
      if (close == std::string::npos) return 0;
      pos = close + 1;
    } else if (std::isspace(static_cast<unsigned char>(text[pos]))) {
      ++pos;
    } else {
      return text[pos];
    }
  }
  return 0;
}

}  // namespace

TEST_CASE("mail templates: the sentence after the greeting starts with a capital, en and id") {
  for (const MailKindSpec& spec : kMailKinds) {
    const std::string kind(spec.kind);
    for (const char* locale : {"en", "id"}) {
      const std::string greeting = std::string(locale) == "en" ? "Hello Rani," : "Halo Rani,";
      for (int variant = -1; variant < static_cast<int>(std::size(kBranchFlags)) * 2; ++variant) {
        json values = SampleMailValues(kind, locale);
        values["recipient_name"] = "Rani";
        if (variant >= 0) {
          // Each flag on with every other off, then each flag off with every other on.
          const bool on = variant % 2 == 0;
          for (const char* flag : kBranchFlags) values[flag] = !on;
          values[kBranchFlags[variant / 2]] = on;
        }
        AddDerivedMailValues(kind, values);
        const RenderedMail m = RenderMailTemplate(DefaultMailTemplate(kind, locale), values, locale);
        CAPTURE(kind);
        CAPTURE(locale);
        CAPTURE(variant);
        const char text_first = FirstAfterGreeting(m.text, greeting, "\n\n");
        const char html_first = FirstAfterGreeting(m.html, greeting, "</p>");
        CAPTURE(m.text);
        CHECK_FALSE(std::islower(static_cast<unsigned char>(text_first)));
        CHECK_FALSE(std::islower(static_cast<unsigned char>(html_first)));
      }
    }
  }
}

TEST_CASE("mail templates: session mails open with a capital after the greeting") {
  // The cases the tester saw, spelled out: registered and waitlisted, en and id.
  for (const bool waitlisted : {false, true}) {
    for (const char* locale : {"en", "id"}) {
      json values = SampleMailValues("session_registered", locale);
      values["recipient_name"] = "Rani";
      values["waitlisted"] = waitlisted;
      const RenderedMail m = RenderMailTemplate(DefaultMailTemplate("session_registered", locale), values, locale);
      CAPTURE(m.text);
      const bool en = std::string(locale) == "en";
      const std::string opening = waitlisted ? (en ? "The session " : "Sesi ") : (en ? "You are registered" : "Anda terdaftar");
      CHECK(m.text.find((en ? "Hello Rani,\n\n" : "Halo Rani,\n\n") + opening) != std::string::npos);
    }
  }
}
