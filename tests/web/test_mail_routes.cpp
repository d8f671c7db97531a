// SPEC §8: admin routes for mail templates and the outbox.
#include <doctest/doctest.h>

#include "core/mail/mail_outbox.h"
#include "storage/mail_repo.h"
#include "storage/query.h"
#include "tests/support/test_server.h"

using namespace lanyard;
using namespace lanyard::testing;
using nlohmann::json;

namespace {

int64_t QueueOne(TestServer& s, const std::string& to, const std::string& status) {
  int64_t id = 0;
  s.app().db().Write([&](storage::Conn& c) {
    id = QueueMail(c, "password_reset", to, "Rani", "id",
                   {{"reset_url", "http://x/account/reset?token=SECRET-RESET"}, {"code", "123456"}});
    if (status == "sent") storage::MarkMailSent(c, id, "m@x", "2026-06-01T09:00:00Z");
    if (status == "failed") storage::MarkMailFailed(c, id, "smtp: 550 mailbox unavailable");
    return true;
  });
  return id;
}

}  // namespace

TEST_CASE("mail routes: only admins see and change templates") {
  TestServer s;
  TestUser admin = s.MakeUser("admin");
  TestUser organizer = s.MakeUser("organizer");
  RunScenarios(s, {
      {"anonymous", "GET", "/api/v1/mail/templates", "", "", 401},
      {"organizer", "GET", "/api/v1/mail/templates", "", organizer.token, 403},
      {"admin lists all kinds", "GET", "/api/v1/mail/templates", "", admin.token, 200,
       {"\"account_confirm\"", "\"draw_won\"", "\"session_waitlist_promoted\"", "\"team_stage_reminder\"", "\"staff_invitation\"",
        "\"recipient_name\""}},
      {"one kind with placeholders, both locales and defaults", "GET",
       "/api/v1/mail/templates/tickets", "", admin.token, 200,
       {"\"tickets_html\"", "\"en\"", "\"id\"", "Tiket Anda", "\"default\"", "\"overridden\":false"}},
      {"unknown kind", "GET", "/api/v1/mail/templates/nope", "", admin.token, 404, {"not_found"}},
      {"organizer cannot override", "PUT", "/api/v1/mail/templates/tickets",
       R"({"locale":"en","subject":"x","text":"y","html":""})", organizer.token, 403},
  });
}

TEST_CASE("mail routes: overriding validates placeholders and is audited") {
  TestServer s;
  TestUser admin = s.MakeUser("admin");
  RunScenarios(s, {
      {"unknown placeholder named", "PUT", "/api/v1/mail/templates/account_confirm",
       R"({"locale":"en","subject":"Hi {{recipient_name}}","text":"{{confirm_url}} {{password}}","html":""})",
       admin.token, 400, {"validation_failed", "{{password}}", "\"text\""}},
      {"placeholder of another kind", "PUT", "/api/v1/mail/templates/account_confirm",
       R"({"id":{"subject":"x","text":"{{confirm_url}}","html":"<p>{{order_code}}</p>"}})",
       admin.token, 400, {"validation_failed", "{{order_code}}", "id.html"}},
      {"malformed JSON", "PUT", "/api/v1/mail/templates/account_confirm", "{", admin.token, 400,
       {"bad_request"}},
      {"missing parts", "PUT", "/api/v1/mail/templates/account_confirm", R"({"locale":"en"})",
       admin.token, 400, {"validation_failed", "\"subject\""}},
      {"bad locale", "PUT", "/api/v1/mail/templates/account_confirm",
       R"({"locale":"fr","subject":"x","text":"y","html":""})", admin.token, 400, {"locale"}},
      {"unknown kind", "PUT", "/api/v1/mail/templates/nope",
       R"({"locale":"en","subject":"x","text":"y","html":""})", admin.token, 404},
      {"valid override", "PUT", "/api/v1/mail/templates/account_confirm",
       R"({"locale":"id","subject":"Konfirmasi {{site_name}}","text":"Buka {{confirm_url}}","html":"<p>{{confirm_url}}</p>"})",
       admin.token, 200, {"\"overridden\":true", "Konfirmasi {{site_name}}"}, {},
       nullptr,
       [](TestServer& srv, const Reply&) {
         auto o = storage::FindTemplateOverride(srv.app().db().Reader(), "account_confirm", "id");
         REQUIRE(o.has_value());
         CHECK(o->text == "Buka {{confirm_url}}");
         CHECK(o->updated_by.has_value());
         auto n = storage::ScalarInt(srv.app().db().Reader(),
                                     "SELECT COUNT(*) FROM audit_log WHERE action = 'mail_template.update'");
         CHECK(n.value_or(0) == 1);
       }},
      {"the list shows it", "GET", "/api/v1/mail/templates", "", admin.token, 200,
       {R"("kind":"account_confirm","overridden":{"en":false,"id":true})"}},
      {"reset restores the default", "PUT", "/api/v1/mail/templates/account_confirm",
       R"({"id":{"reset":true}})", admin.token, 200, {"\"overridden\":false"}, {"Konfirmasi {{site_name}}\""}},
  });
}

TEST_CASE("mail routes: preview renders with sample values, escaping and inline QR images") {
  TestServer s;
  TestUser admin = s.MakeUser("admin");
  RunScenarios(s, {
      {"default tickets mail in Indonesian", "POST", "/api/v1/mail/templates/tickets/preview",
       R"({"locale":"id"})", admin.token, 200,
       {"Tiket Anda untuk", "data:image/png;base64,", "/account/tickets/101", "\"text\""}},
      {"a draft with given data is escaped in html", "POST",
       "/api/v1/mail/templates/order_placed/preview",
       R"({"subject":"Bayar {{amount}}","html":"<p>{{bank_instructions}}</p>","data":{"amount":"Rp 5","bank_instructions":"<script>x</script>"}})",
       admin.token, 200, {"Bayar Rp 5", "<p>&lt;script&gt;x&lt;/script&gt;</p>"}, {"<p><script>"}},
      {"a draft with an unknown placeholder", "POST", "/api/v1/mail/templates/order_placed/preview",
       R"({"text":"{{nope}}"})", admin.token, 400, {"validation_failed", "{{nope}}"}},
      {"unknown kind", "POST", "/api/v1/mail/templates/nope/preview", "{}", admin.token, 404},
  });
}

TEST_CASE("mail routes: outbox list, filter, paging, retry") {
  TestServer s;
  TestUser admin = s.MakeUser("admin");
  TestUser staff = s.MakeUser("staff");
  const int64_t sent = QueueOne(s, "sent@example.org", "sent");
  const int64_t failed = QueueOne(s, "failed@example.org", "failed");
  QueueOne(s, "queued@example.org", "queued");
  const std::string retry_failed = "/api/v1/mail/outbox/" + std::to_string(failed) + "/retry";
  RunScenarios(s, {
      {"staff may not", "GET", "/api/v1/mail/outbox", "", staff.token, 403},
      {"all, without placeholder values", "GET", "/api/v1/mail/outbox", "", admin.token, 200,
       {"sent@example.org", "failed@example.org", "queued@example.org", "\"limit\":20"},
       {"SECRET-RESET", "123456"}},
      {"failed only, with the last error", "GET", "/api/v1/mail/outbox?status=failed", "",
       admin.token, 200, {"failed@example.org", "550 mailbox unavailable", "\"total\":1"},
       {"sent@example.org", "queued@example.org"}},
      {"paging", "GET", "/api/v1/mail/outbox?limit=1&offset=1", "", admin.token, 200,
       {"\"total\":", "\"limit\":1", "\"offset\":1", "failed@example.org"}, {"queued@example.org"}},
      {"bad status", "GET", "/api/v1/mail/outbox?status=lost", "", admin.token, 400,
       {"validation_failed", "status"}},
      {"bad limit", "GET", "/api/v1/mail/outbox?limit=1000", "", admin.token, 400,
       {"validation_failed"}},
      {"staff cannot retry", "POST", retry_failed, "", staff.token, 403},
      {"retry a failed mail", "POST", retry_failed, "", admin.token, 200,
       {"\"status\":\"queued\"", "\"attempts\":0"}, {},
       nullptr,
       [failed](TestServer& srv, const Reply&) {
         auto row = storage::FindMail(srv.app().db().Reader(), failed);
         REQUIRE(row.has_value());
         CHECK(row->status == "queued");
       }},
      {"a sent mail is not sent again", "POST",
       "/api/v1/mail/outbox/" + std::to_string(sent) + "/retry", "", admin.token, 409,
       {"conflict"}},
      {"unknown mail", "POST", "/api/v1/mail/outbox/999999/retry", "", admin.token, 404},
  });
}
