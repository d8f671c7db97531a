// Times and languages in composed mails: formatted from the placeholder data at compose time.
#include <doctest/doctest.h>

#include "core/mail/mail_compose.h"
#include "core/mail/mail_time.h"

using namespace lanyard;
using nlohmann::json;

namespace {

Result<ComposedMail> Compose(const std::string& kind, const std::string& locale, json data,
                             const MailSettings& settings = {}) {
  MailRequest request;
  request.id = 7;
  request.kind = kind;
  request.locale = locale;
  request.to_email = "siti@example.org";
  request.to_name = "Siti";
  request.data = std::move(data);
  const std::string resolved = ResolveMailLocale(locale, settings);
  return ComposeMail(request, DefaultMailTemplate(kind, resolved), settings, 1780304400);
}

json OrderData(json expires_at) {
  return {{"order_code", "K7QX2M9A"}, {"order_url", "https://x/account/orders/1"},
          {"event_title", "Jakarta Tech Week"}, {"amount", "Rp 150.000"},
          {"bank_instructions", "BCA 123"}, {"expires_at", std::move(expires_at)}};
}

}  // namespace

TEST_CASE("mail times: an RFC 3339 deadline reads as local time in Indonesian") {
  auto mail = Compose("order_placed", "id", OrderData("2026-12-02T16:14:32Z"));
  REQUIRE(mail.ok());
  CHECK(mail->rendered.text.find("Rabu, 2 Desember 2026 23.14 WIB") != std::string::npos);
  CHECK(mail->rendered.html.find("Rabu, 2 Desember 2026 23.14 WIB") != std::string::npos);
  CHECK(mail->rendered.text.find("2026-12-02T16:14:32Z") == std::string::npos);
}

TEST_CASE("mail times: MailTime values in English, in the deployment's zone") {
  MailSettings settings;
  settings.timezone = "Asia/Makassar";
  auto mail = Compose("order_placed", "en", OrderData(MailTime(1796228072)), settings);
  REQUIRE(mail.ok());
  CHECK(mail->rendered.text.find("Thursday 3 December 2026, 00:14 WITA") != std::string::npos);
}

TEST_CASE("mail times: styles and the event's own zone") {
  json v = {{"a", MailTime(1800064800, TimeStyle::kDate)},
            {"b", MailTime("2027-01-16T02:00:00Z", TimeStyle::kTime, "Asia/Jayapura")},
            {"c", "2027-01-16"},
            {"d", MailTime("not a time")},
            {"list", json::array({{{"at", "2027-01-16T02:00:00Z"}}})}};
  FormatMailTimes(v, "Asia/Jakarta", "id");
  CHECK(v["a"] == "Sabtu, 16 Januari 2027");
  CHECK(v["b"] == "09.00 WIB (11.00 WIT)");
  CHECK(v["c"] == "2027-01-16");  // a bare date is not an instant
  CHECK(v["d"] == "not a time");
  CHECK(v["list"][0]["at"] == "Sabtu, 16 Januari 2027 09.00 WIB");
}

TEST_CASE("mail language: no locale means the deployment's default language") {
  MailSettings settings;
  settings.default_locale = "id";
  CHECK(ResolveMailLocale("", settings) == "id");
  CHECK(ResolveMailLocale("default", settings) == "id");
  CHECK(ResolveMailLocale("en", settings) == "en");
  settings.default_locale = "xx";
  CHECK(ResolveMailLocale("", settings) == "en");
  settings.default_locale = "id";
  auto mail = Compose("order_expired", "", OrderData("2026-12-02T16:14:32Z"), settings);
  REQUIRE(mail.ok());
  CHECK(mail->rendered.html.find("lang=\"id\"") != std::string::npos);
}

TEST_CASE("mail sender name: the site name unless a name is set") {
  MailSettings settings;
  settings.site_name = "Jakarta Tech Week";
  auto mail = Compose("order_expired", "en", OrderData(""), settings);
  REQUIRE(mail.ok());
  CHECK(mail->message.from.name == "Jakarta Tech Week");
  settings.mail_from = "Panitia <panitia@example.org>";
  mail = Compose("order_expired", "en", OrderData(""), settings);
  REQUIRE(mail.ok());
  CHECK(mail->message.from.name == "Panitia");
}

TEST_CASE("mail texts: the sentence after the greeting starts with a capital") {
  for (const MailKindSpec& k : kMailKinds) {
    for (std::string_view locale : kMailLocales) {
      const MailTemplate& t = DefaultMailTemplate(k.kind, locale);
      for (const auto& [part, marker] : {std::pair{&t.text, std::string("}},\n\n")},
                                         std::pair{&t.html, std::string("}},</p>\n<p>")}}) {
        const size_t at = part->find(marker);
        if (at == std::string::npos) continue;
        const char next = (*part)[at + marker.size()];
        CAPTURE(k.kind);
        CAPTURE(locale);
        CHECK_FALSE((next >= 'a' && next <= 'z'));
      }
    }
  }
}
