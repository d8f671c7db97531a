// SPEC §10: mail campaigns and the RFC 8058 unsubscribe — every route, its errors and the roles
// it refuses; Markdown escaped; one mail per recipient; unsubscribed people skipped.
#include <doctest/doctest.h>

#include "core/campaigns/campaigns.h"
#include "core/common/time_util.h"
#include "core/mail/mail_compose.h"
#include "core/mail/mail_sender.h"
#include "core/mail/mail_settings.h"
#include "storage/query.h"
#include "tests/support/test_server.h"
#include "tests/web/ticket_fixture.h"

using namespace lanyard;
using namespace lanyard::testing;
using nlohmann::json;

namespace {

std::string Camp(int64_t id, const std::string& rest = "") {
  return "/api/v1/campaigns/" + std::to_string(id) + rest;
}

json CampaignBody(const std::string& kind = "ticket_holders") {
  return {{"subject", "Hello {{name}}"},
          {"body", "Dear **{{name}}**,\n\n<script>alert(1)</script>\n\nDoors open at 08:00."},
          {"audience", {{"kind", kind}}}};
}

int64_t CampaignMails(TestServer& s, int64_t campaign_id) {
  return storage::ScalarInt(s.app().db().Reader(),
                            "SELECT COUNT(*) FROM campaign_recipients WHERE campaign_id = ?",
                            campaign_id)
      .value_or(-1);
}

// Three ticket holders (one with two tickets, one checked in) and a stranger.
struct Crowd {
  TestUser owner, rani, budi, sari, stranger;
  int64_t event = 0, type = 0, vip = 0;
};

Crowd MakeCrowd(TestServer& s) {
  Crowd c;
  c.owner = s.MakeUser("organizer", "Owner");
  c.rani = s.MakeUser("attendee", "Rani <b>Putri</b>");
  c.budi = s.MakeUser("attendee", "Budi");
  c.sari = s.MakeUser("attendee", "Sari");
  c.stranger = s.MakeUser("attendee", "Stranger");
  c.event = MakeEvent(s, c.owner.id, "published", "PyCon ID");
  c.type = MakeTicketType(s, c.event);
  c.vip = MakeTicketType(s, c.event, "VIP");
  MakeTickets(s, c.event, c.type, c.rani.id, 2);
  MakeTickets(s, c.event, c.type, c.budi.id);
  auto vip = MakeTickets(s, c.event, c.vip, c.sari.id);
  s.app().db().Write([&](storage::Conn& conn) {
    storage::Exec(conn, "UPDATE tickets SET checked_in_at = ? WHERE id = ?", NowRfc3339(), vip[0].id);
    return true;
  });
  return c;
}

}  // namespace

TEST_CASE("campaigns: create refuses roles and bad input") {
  TestServer s;
  Crowd c = MakeCrowd(s);
  TestUser other = s.MakeUser("organizer");
  TestUser admin = s.MakeUser("admin");
  const int64_t draft = MakeEvent(s, c.owner.id, "draft");
  const int64_t elsewhere = MakeEvent(s, other.id, "published");
  const int64_t foreign_type = MakeTicketType(s, elsewhere);
  const std::string path = EventPath(c.event, "/campaigns");
  const std::string good = CampaignBody().dump();
  json later = CampaignBody();
  later["scheduled_at"] = FormatRfc3339(NowSeconds() + 3600);
  RunScenarios(s, {
      {"anonymous", "POST", path, good, "", 401},
      {"attendee", "POST", path, good, c.rani.token, 403, {"forbidden"}},
      {"another organizer", "POST", path, good, other.token, 403, {"forbidden"}},
      {"another organizer, draft invisible", "POST", EventPath(draft, "/campaigns"), good, other.token, 404},
      {"malformed JSON", "POST", path, "{", c.owner.token, 400, {"bad_request"}},
      {"audience not an object", "POST", path, R"({"subject":"s","body":"b","audience":"all"})",
       c.owner.token, 400, {"bad_request"}},
      {"wrong type", "POST", path, R"({"subject":1})", c.owner.token, 400, {"bad_request"}},
      {"nothing", "POST", path, "{}", c.owner.token, 400,
       {"validation_failed", "\"subject\"", "\"body\""}},
      {"subject on two lines", "POST", path,
       json{{"subject", "a\nb"}, {"body", "x"}, {"audience", {{"kind", "ticket_holders"}}}}.dump(),
       c.owner.token, 400, {"\"subject\""}},
      {"unknown audience", "POST", path, CampaignBody("everyone").dump(), c.owner.token, 400,
       {"validation_failed", "\"audience\""}},
      {"teams of an unknown competition", "POST", path,
       json{{"subject", "s"}, {"body", "b"}, {"audience", {{"kind", "teams"}, {"id", 999999}}}}.dump(),
       c.owner.token, 400, {"validation_failed", "\"audience\""}},
      {"a session needs its id", "POST", path, CampaignBody("session").dump(), c.owner.token, 400,
       {"validation_failed", "\"audience\""}},
      {"a ticket type of another event", "POST", path,
       json{{"subject", "s"}, {"body", "b"}, {"audience", {{"kind", "ticket_type"}, {"id", foreign_type}}}}.dump(),
       c.owner.token, 400, {"\"audience\""}},
      {"all users is for admins", "POST", path, CampaignBody("all_users").dump(), c.owner.token, 403},
      {"a nomination of another event", "POST", path,
       json{{"subject", "s"}, {"body", "b"}, {"audience", {{"kind", "nominees"}}}, {"nomination_id", 777}}.dump(),
       c.owner.token, 400, {"\"nomination_id\""}},
      {"bad schedule", "POST", path,
       json{{"subject", "s"}, {"body", "b"}, {"audience", {{"kind", "nominees"}}}, {"scheduled_at", "soon"}}.dump(),
       c.owner.token, 400, {"\"scheduled_at\""}},
      {"scheduled for later", "POST", path, later.dump(), c.owner.token, 201,
       {"\"status\":\"scheduled\"", "\"recipients\":0"}},
      {"admin mails everyone now", "POST", path, CampaignBody("all_users").dump(), admin.token, 201,
       {"\"status\":\"sending\"", "\"recipients\":7"}},
  });
}

TEST_CASE("campaigns: one personal mail per recipient, Markdown escaped, unsubscribed skipped") {
  TestServer s;
  Crowd c = MakeCrowd(s);
  Reply created = s.Post(EventPath(c.event, "/campaigns"), CampaignBody(), c.owner.token);
  REQUIRE_MESSAGE(created.status == 201, created.body);
  const int64_t first = created.Json()["id"];
  CHECK(created.Json()["recipients"] == 3);
  CHECK(CampaignMails(s, first) == 3);
  CHECK(s.Mails("campaign", c.stranger.email).empty());

  // Rani's mail: her name (escaped in HTML), the script as text, her token.
  auto mails = s.Mails("campaign", c.rani.email);
  REQUIRE(mails.size() == 1);
  const json m = mails[0];
  CHECK(m["subject"] == "Hello Rani <b>Putri</b>");
  CHECK(m["body_html"].get<std::string>().find("<strong>Rani &lt;b&gt;Putri&lt;/b&gt;</strong>") != std::string::npos);
  CHECK(m["body_html"].get<std::string>().find("&lt;script&gt;alert(1)&lt;/script&gt;") != std::string::npos);
  CHECK(m["body_html"].get<std::string>().find("<script>") == std::string::npos);
  CHECK(m["body_text"].get<std::string>().find("Dear Rani <b>Putri</b>,") != std::string::npos);
  CHECK(m["event_title"] == "PyCon ID");
  const std::string token = m["unsubscribe_token"];
  CHECK(token.size() >= 32);

  // The finished mail: RFC 8058 headers, the visible link, the script escaped.
  MailRequest request;
  request.id = 1;
  request.kind = "campaign";
  request.to_email = c.rani.email;
  request.to_name = "Rani";
  request.data = m;
  request.created_at = NowRfc3339();
  MailSettings settings;
  settings.base_url = "https://tickets.example.org";
  auto composed = ComposeMail(request, DefaultMailTemplate("campaign", "en"), settings, NowSeconds());
  REQUIRE(composed.ok());
  const std::string mime = BuildMime(composed->message);
  CHECK(mime.find("List-Unsubscribe: <https://tickets.example.org/api/v1/unsubscribe/" + token + ">") !=
        std::string::npos);
  CHECK(mime.find("List-Unsubscribe-Post: List-Unsubscribe=One-Click") != std::string::npos);
  CHECK(composed->rendered.text.find("https://tickets.example.org/unsubscribe/" + token) != std::string::npos);
  CHECK(composed->rendered.html.find("&lt;script&gt;") != std::string::npos);
  CHECK(composed->rendered.html.find("<script>") == std::string::npos);

  const std::string link = "/api/v1/unsubscribe/" + token;
  RunScenarios(s, {
      {"GET never unsubscribes; it names the event the mail came from", "GET", link, "", "", 200,
       {"\"subscribed\":true", "***@", "\"event_title\":\"PyCon ID\""}, {c.rani.email}},
      {"HEAD never unsubscribes", "HEAD", link, "", "", 200},
      {"unknown token", "POST", "/api/v1/unsubscribe/nope", "", "", 404},
      {"one-click POST without login", "POST", link, "List-Unsubscribe=One-Click", "", 200,
       {"\"subscribed\":false"}},
      {"again is harmless", "POST", link, "", "", 200, {"\"subscribed\":false"}},
      {"the profile shows the choice", "GET", "/api/v1/me/mail-subscription", "", c.rani.token, 200,
       {"\"subscribed\":false"}},
  });

  // The next campaign skips Rani; transactional mails are not affected by the choice.
  Reply second = s.Post(EventPath(c.event, "/campaigns"), CampaignBody(), c.owner.token);
  REQUIRE(second.status == 201);
  CHECK(second.Json()["recipients"] == 2);
  CHECK(s.Mails("campaign", c.rani.email).size() == 1);

  RunScenarios(s, {
      {"subscribe again with the link", "POST", link + "/resubscribe", "", "", 200,
       {"\"subscribed\":true"}},
      {"the profile switch", "PUT", "/api/v1/me/mail-subscription", R"({"subscribed":false})",
       c.budi.token, 200, {"\"subscribed\":false"}},
      {"the profile switch needs a boolean", "PUT", "/api/v1/me/mail-subscription", "{}", c.budi.token,
       400, {"\"subscribed\""}},
      {"anonymous has no profile", "GET", "/api/v1/me/mail-subscription", "", "", 401},
  });
  Reply third = s.Post(EventPath(c.event, "/campaigns"), CampaignBody(), c.owner.token);
  CHECK(third.Json()["recipients"] == 2);  // Rani back, Budi out
  CHECK(s.Mails("campaign", c.rani.email).size() == 2);
  CHECK(s.Mails("campaign", c.budi.email).size() == 2);
}

TEST_CASE("campaigns: audiences, count, preview, test, schedule, cancel, progress") {
  TestServer s;
  Crowd c = MakeCrowd(s);
  TestUser other = s.MakeUser("organizer");
  const std::string audience = EventPath(c.event, "/campaigns/audience");
  RunScenarios(s, {
      {"ticket holders", "GET", audience + "?kind=ticket_holders", "", c.owner.token, 200,
       {"\"recipients\":3"}},
      {"checked in", "GET", audience + "?kind=checked_in", "", c.owner.token, 200, {"\"recipients\":1"}},
      {"a ticket type", "GET", audience + "?kind=ticket_type&id=" + std::to_string(c.vip), "",
       c.owner.token, 200, {"\"recipients\":1"}},
      {"nominees (none yet)", "GET", audience + "?kind=nominees", "", c.owner.token, 200,
       {"\"recipients\":0"}},
      {"bad id", "GET", audience + "?kind=ticket_type&id=x", "", c.owner.token, 400},
      {"attendee may not count", "GET", audience + "?kind=ticket_holders", "", c.rani.token, 403},
      {"another organizer may not", "GET", audience + "?kind=ticket_holders", "", other.token, 403},
      {"preview as the caller", "POST", EventPath(c.event, "/campaigns/preview"), CampaignBody().dump(),
       c.owner.token, 200, {"\"subject\":\"Hello Owner\"", "<strong>Owner</strong>", "&lt;script&gt;"},
       {"\"html\":\"<script>", "<p><script>"}},
      {"preview checks input", "POST", EventPath(c.event, "/campaigns/preview"), "{}", c.owner.token, 400},
  });

  json later = CampaignBody();
  later["scheduled_at"] = FormatRfc3339(NowSeconds() + 3600);
  const int64_t scheduled = s.Post(EventPath(c.event, "/campaigns"), later, c.owner.token).Json()["id"];
  RunScenarios(s, {
      {"test send to oneself", "POST", Camp(scheduled, "/test"), "", c.owner.token, 200,
       {"\"queued\":true"}, {}, nullptr,
       [&](TestServer& srv, const Reply&) {
         auto mails = srv.Mails("campaign", c.owner.email);
         REQUIRE(mails.size() == 1);
         CHECK(mails[0]["subject"] == "[TEST] Hello Owner");
       }},
      {"another organizer cannot read", "GET", Camp(scheduled), "", other.token, 403},
      {"attendee cannot read", "GET", Camp(scheduled), "", c.rani.token, 403},
      {"unknown campaign", "GET", Camp(999999), "", c.owner.token, 404},
      {"list", "GET", EventPath(c.event, "/campaigns"), "", c.owner.token, 200, {"\"total\":1"}},
      {"cancel before sending", "POST", Camp(scheduled, "/cancel"), "", c.owner.token, 200,
       {"\"status\":\"cancelled\""}},
      {"cancel twice", "POST", Camp(scheduled, "/cancel"), "", c.owner.token, 409,
       {"campaign_not_cancellable"}},
  });
  CHECK(campaigns::RunDue(s.app()) == 0);  // a cancelled campaign never starts

  // A due scheduled campaign starts on the scheduler's next run.
  const int64_t due = s.Post(EventPath(c.event, "/campaigns"), later, c.owner.token).Json()["id"];
  s.app().db().Write([&](storage::Conn& conn) {
    storage::Exec(conn, "UPDATE campaigns SET scheduled_at = ? WHERE id = ?",
                  FormatRfc3339(NowSeconds() - 1), due);
    return true;
  });
  CHECK(campaigns::RunDue(s.app()) == 1);
  Reply started = s.Get(Camp(due), c.owner.token);
  CHECK(started.Json()["status"] == "sending");
  CHECK(started.Json()["recipients"] == 3);
  CHECK(started.Json()["queued"] == 3);
  RunScenarios(s, {{"cancel while sending", "POST", Camp(due, "/cancel"), "", c.owner.token, 409,
                    {"campaign_not_cancellable"}}});

  // Delivered through the outbox (file transport): progress, then sent.
  MailSender sender(s.app().db(), [&] {
    MailSettings m = MailSettingsOf(s.app());
    m.campaign_rate_per_minute = 0;
    return m;
  });
  sender.RunOnce();
  CHECK(campaigns::RunDue(s.app()) == 0);
  Reply done = s.Get(Camp(due), c.owner.token);
  CHECK(done.Json()["status"] == "sent");
  CHECK(done.Json()["sent"] == 3);
  CHECK(done.Json()["failed"] == 0);
}

TEST_CASE("campaigns: on behalf of a nominee, to the nominees") {
  TestServer s;
  Crowd c = MakeCrowd(s);
  json settings = {{"nominations_open", FormatRfc3339(NowSeconds() - 60)},
                   {"nominations_close", FormatRfc3339(NowSeconds() + 3600)}};
  REQUIRE(s.Call("PUT", EventPath(c.event, "/nomination-settings"), settings.dump(), c.owner.token).status == 200);
  Reply n = s.Post(EventPath(c.event, "/nominations"),
                   {{"talk_title", "Async Python"}, {"nominee_email", "dewi@example.org"}, {"nominee_name", "Dewi"}},
                   c.rani.token);
  REQUIRE(n.status == 201);
  json body = CampaignBody("nominees");
  body["nomination_id"] = n.Json()["id"];
  Reply r = s.Post(EventPath(c.event, "/campaigns"), body, c.owner.token);
  REQUIRE_MESSAGE(r.status == 201, r.body);
  CHECK(r.Json()["on_behalf_of"] == "Dewi");
  CHECK(r.Json()["recipients"] == 1);
  auto mails = s.Mails("campaign", "dewi@example.org");
  REQUIRE(mails.size() == 1);
  CHECK(mails[0]["on_behalf_of"] == "Dewi");
  CHECK(mails[0]["subject"] == "Hello Dewi");
}
