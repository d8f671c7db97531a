// Times and languages in composed mails: formatted from the placeholder data at compose time.
#include <doctest/doctest.h>

#include <utility>

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

TEST_CASE("mail times: styles, and a value's own zone leads") {
  json v = {{"a", MailTime(1800064800, TimeStyle::kDate)},
            {"b", MailTime("2027-01-16T02:00:00Z", TimeStyle::kTime, "Asia/Jayapura")},
            {"c", "2027-01-16"},
            {"d", MailTime("not a time")},
            {"list", json::array({{{"at", "2027-01-16T02:00:00Z"}}})}};
  FormatMailTimes(v, "Asia/Jakarta", "id");
  CHECK(v["a"] == "Sabtu, 16 Januari 2027");
  CHECK(v["b"] == "11.00 WIT (09.00 WIB)");  // the event's zone first, the deployment's after
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

// An order mail about a Bali event (WITA) starting 09:00 WITA, on a deployment in `deployment_tz`.
static std::pair<json, MailSettings> BaliOrder(const char* deployment_tz) {
  json data = OrderData("2027-01-15T02:00:00Z");
  data["event_starts_at"] = MailTime(std::string_view("2027-01-16T01:00:00Z"));
  SetMailZone(data, "Asia/Makassar");
  MailSettings settings;
  settings.timezone = deployment_tz;
  return {data, settings};
}

TEST_CASE("mail times: a mail about an event leads with the event's zone, en and id") {
  // On a Jakarta deployment (WIB): people at the venue read WITA first.
  const auto [data, settings] = BaliOrder("Asia/Jakarta");
  auto id = Compose("order_placed", "id", data, settings);
  REQUIRE(id.ok());
  CHECK(id->rendered.text.find("Acara mulai: Sabtu, 16 Januari 2027 09.00 WITA (08.00 WIB)") !=
        std::string::npos);
  CHECK(id->rendered.text.find("Bayar sebelum: Jumat, 15 Januari 2027 10.00 WITA (09.00 WIB)") !=
        std::string::npos);
  CHECK(id->rendered.html.find("Sabtu, 16 Januari 2027 09.00 WITA (08.00 WIB)") != std::string::npos);
  auto en = Compose("order_placed", "en", data, settings);
  REQUIRE(en.ok());
  CHECK(en->rendered.text.find("Event starts: Saturday 16 January 2027, 09:00 WITA (08:00 WIB)") !=
        std::string::npos);
  CHECK(en->rendered.text.find("$zone") == std::string::npos);
}

TEST_CASE("mail times: the deployment's zone is not repeated when the event is in it") {
  const auto [data, settings] = BaliOrder("Asia/Makassar");
  auto mail = Compose("order_placed", "id", data, settings);
  REQUIRE(mail.ok());
  CHECK(mail->rendered.text.find("Acara mulai: Sabtu, 16 Januari 2027 09.00 WITA\n") !=
        std::string::npos);
  CHECK(mail->rendered.text.find("WIB") == std::string::npos);
}

TEST_CASE("mail times: a mail zone that is no zone falls back to the deployment's") {
  json v = {{"at", "2027-01-16T02:00:00Z"}};
  SetMailZone(v, "Nowhere/Else");
  FormatMailTimes(v, "Asia/Jakarta", "en");
  CHECK(v["at"] == "Saturday 16 January 2027, 09:00 WIB");
  CHECK_FALSE(v.contains("$zone"));
  json w = {{"at", "2027-01-16T02:00:00Z"}};
  SetMailZone(w, "Asia/Makassar");
  SetMailZone(w, "");  // back to the deployment's
  CHECK_FALSE(w.contains("$zone"));
}

TEST_CASE("mail text: blank bank instructions leave out the empty 'How to pay' heading") {
  json data = OrderData("2027-01-15T02:00:00Z");
  for (const char* blank : {"", "  \n "}) {
    data["bank_instructions"] = blank;
    auto en = Compose("order_placed", "en", data);
    REQUIRE(en.ok());
    CHECK(en->rendered.text.find("How to pay:") == std::string::npos);
    CHECK(en->rendered.html.find("<h3>How to pay</h3>") == std::string::npos);
    CHECK(en->rendered.text.find("The committee will tell you how to pay.") != std::string::npos);
    auto id = Compose("payment_reminder", "id", data);
    REQUIRE(id.ok());
    CHECK(id->rendered.text.find("Cara membayar:") == std::string::npos);
    CHECK(id->rendered.text.find("Panitia akan memberi tahu Anda cara membayarnya.") !=
          std::string::npos);
  }
  data["bank_instructions"] = "BCA 123";
  auto with = Compose("order_placed", "en", data);
  REQUIRE(with.ok());
  CHECK(with->rendered.text.find("How to pay:\nBCA 123") != std::string::npos);
  CHECK(with->rendered.text.find("will tell you how to pay") == std::string::npos);
}

TEST_CASE("mail times: event_times_changed says the new and the old start, each in its zone, id and en") {
  // A Jakarta event moved to Makassar keeping its clock times: 09:00 WIB → 09:00 WITA.
  json data = {{"event_title", "Bali Dev Day"},
               {"event_url", "https://x/events/1"},
               {"time_zone", "Asia/Makassar"},
               {"old_time_zone", "Asia/Jakarta"},
               {"event_starts_at", MailTime(std::string_view("2027-01-16T01:00:00Z"), TimeStyle::kDateTime, "Asia/Makassar")},
               {"event_ends_at", MailTime(std::string_view("2027-01-16T09:00:00Z"), TimeStyle::kDateTime, "Asia/Makassar")},
               {"old_starts_at", MailTime(std::string_view("2027-01-16T02:00:00Z"), TimeStyle::kDateTime, "Asia/Jakarta")},
               {"wall_times_kept", true}};
  SetMailZone(data, "Asia/Makassar");
  MailSettings settings;
  settings.timezone = "Asia/Jakarta";
  auto id = Compose("event_times_changed", "id", data, settings);
  REQUIRE(id.ok());
  CHECK(id->rendered.subject == "Waktu baru untuk Bali Dev Day");
  CHECK(id->rendered.text.find("acara sekarang dimulai Sabtu, 16 Januari 2027 09.00 WITA (08.00 WIB) "
                               "(sebelumnya Sabtu, 16 Januari 2027 09.00 WIB)") != std::string::npos);
  CHECK(id->rendered.text.find("Selesai: Sabtu, 16 Januari 2027 17.00 WITA (16.00 WIB)") != std::string::npos);
  data["wall_times_kept"] = false;
  auto en = Compose("event_times_changed", "en", data, settings);
  REQUIRE(en.ok());
  CHECK(en->rendered.subject == "New times for Bali Dev Day");
  CHECK(en->rendered.text.find("Nothing moves") != std::string::npos);
  CHECK(en->rendered.text.find("it was Asia/Jakarta") != std::string::npos);
  CHECK(en->rendered.text.find("The clock times stay") == std::string::npos);
}
