// Issue 15 follow-ups from the phone walk-through: one rule for the language of mails to people
// without an account (the language of the person whose action caused the mail, else the
// deployment's default, which is the first admin's language from the setup page), the "ticket
// holders" campaign audience with companions, and the venue line of both ticket mails.
#include <doctest/doctest.h>

#include "core/accounts/user_admin.h"
#include "storage/query.h"
#include "tests/support/test_server.h"
#include "tests/web/ticket_fixture.h"

using lanyard::testing::Reply;
using lanyard::testing::RunScenarios;
using lanyard::testing::Scenario;
using lanyard::testing::TestServer;
using lanyard::testing::TestUser;
namespace fx = lanyard::testing;
using nlohmann::json;
namespace storage = lanyard::storage;

namespace {

// The locales of the mails of `kind` to `to` (any letter case), oldest first.
std::vector<std::string> Locales(TestServer& s, const std::string& kind, const std::string& to) {
  std::vector<std::string> out;
  storage::Query q(s.app().db().Reader(),
                   "SELECT locale FROM mail_outbox WHERE kind = ? AND lower(to_email) = lower(?) "
                   "ORDER BY id",
                   kind, to);
  while (q.Next()) out.push_back(q.Text(0));
  return out;
}

void SpeaksIndonesian(TestServer& s, const TestUser& u) {
  REQUIRE(s.Patch("/api/v1/me", {{"locale", "id"}}, u.token).status == 200);
}

}  // namespace

TEST_CASE("languages: the setup page's language is the first admin's and the deployment's default") {
  TestServer s;
  auto token = lanyard::user_admin::IssueSetupToken(s.app());
  REQUIRE(token);
  const json body = {{"token", *token}, {"email", "ketua@example.org"}, {"name", "Ketua"},
                     {"password", "the first admin pw"}};
  json french = body;
  french["locale"] = "fr";
  json indonesian = body;
  indonesian["locale"] = "id";
  RunScenarios(s, {
      {"a language the site has no catalogue for", "POST", "/api/v1/setup", french.dump(), "", 400,
       {"validation_failed", "\"locale\""}},
      {"set up in Bahasa Indonesia", "POST", "/api/v1/setup", indonesian.dump(), "", 201,
       {"\"locale\":\"id\"", "\"role\":\"admin\""}, {}, nullptr,
       [](TestServer& srv, const Reply&) {
         // Through a request: on PostgreSQL the other instance may have answered the setup.
         CHECK(srv.Get("/api/v1/settings/public").Json()["default_locale"] == "id");
       }},
  });
}

TEST_CASE("languages: a nominee by address reads the nominator's language, a decision the organizer's") {
  TestServer s;
  TestUser owner = s.MakeUser("organizer", "Olga");
  TestUser nominator = s.MakeUser("attendee", "Nina");
  SpeaksIndonesian(s, nominator);
  const int64_t event = fx::MakeEvent(s, owner.id, "published");
  const std::string path = "/api/v1/events/" + std::to_string(event);
  REQUIRE(s.Patch(path,
                  {{"nominations_open", lanyard::FormatRfc3339(lanyard::NowSeconds() - 3600)},
                   {"nominations_close", lanyard::FormatRfc3339(lanyard::NowSeconds() + 86400)}},
                  owner.token)
              .status == 200);
  Reply n = s.Post(path + "/nominations",
                   {{"nominee_email", "pembicara@example.org"},
                    {"nominee_name", "Pembicara"},
                    {"talk_title", "Offline first"}},
                   nominator.token);
  REQUIRE_MESSAGE(n.status == 201, n.body);
  CHECK(Locales(s, "nomination_received", "pembicara@example.org") == std::vector<std::string>{"id"});
  // The deployment default stays English: the nominator's action decided the language.
  CHECK(s.app().settings().Snapshot()->value("default_locale", "") == "en");
  Reply d = s.Post("/api/v1/nominations/" + std::to_string(n.Json()["id"].get<int64_t>()) + "/decision",
                   {{"decision", "reject"}, {"message", "Thank you"}}, owner.token);
  REQUIRE_MESSAGE(d.status == 200, d.body);
  CHECK(Locales(s, "nomination_decided", "pembicara@example.org") == std::vector<std::string>{"en"});
}

TEST_CASE("campaigns: ticket holders include companions with an address, once per address") {
  TestServer s;
  TestUser owner = s.MakeUser("organizer", "Olga");
  SpeaksIndonesian(s, owner);
  TestUser buyer = s.MakeUser("attendee", "Budi");
  TestUser friend_with_account = s.MakeUser("attendee", "Dewi");
  const int64_t event = fx::MakeEvent(s, owner.id, "published");
  const int64_t type = fx::MakeTicketType(s, event);
  const int64_t vip = fx::MakeTicketType(s, event, "VIP");
  fx::MakeTickets(s, event, type, buyer.id, 1, "Budi", buyer.email);
  fx::MakeTickets(s, event, type, buyer.id, 1, "Citra", "citra@example.org");
  fx::MakeTickets(s, event, vip, buyer.id, 1, "Citra", " CITRA@example.org");
  fx::MakeTickets(s, event, vip, buyer.id, 1, "Dewi", friend_with_account.email);
  const std::string base = "/api/v1/events/" + std::to_string(event) + "/campaigns";
  RunScenarios(s, {
      {"the buyer, Citra once, Dewi", "GET", base + "/audience?kind=ticket_holders", "", owner.token,
       200, {"\"recipients\":3"}},
      {"VIP: Citra and Dewi by their tickets, the buyer by his order", "GET",
       base + "/audience?kind=ticket_type&id=" + std::to_string(vip), "", owner.token, 200,
       {"\"recipients\":3"}},
      {"nobody checked in yet", "GET", base + "/audience?kind=checked_in", "", owner.token, 200,
       {"\"recipients\":0"}},
      {"a campaign to the ticket holders", "POST", base,
       json{{"subject", "Halo {{name}}"}, {"body", "Sampai jumpa."}, {"audience", {{"kind", "ticket_holders"}}}}
           .dump(),
       owner.token, 201, {"\"recipients\":3"}, {}, nullptr,
       [&](TestServer& srv, const Reply&) {
         // Citra has no account: the organizer's language; Dewi and Budi their own.
         CHECK(Locales(srv, "campaign", "citra@example.org") == std::vector<std::string>{"id"});
         CHECK(Locales(srv, "campaign", friend_with_account.email) == std::vector<std::string>{"en"});
         CHECK(Locales(srv, "campaign", buyer.email) == std::vector<std::string>{"en"});
         auto to_citra = srv.Mails("campaign", "citra@example.org");
         REQUIRE(to_citra.size() == 1);
         CHECK(to_citra[0]["subject"] == "Halo Citra");
       }},
  });
}

TEST_CASE("ticket mails: the buyer's and the companion's name the venue and its city alike") {
  TestServer s;
  TestUser owner = s.MakeUser("organizer", "Olga");
  TestUser buyer = s.MakeUser("attendee", "Budi");
  const int64_t event = fx::MakeEvent(s, owner.id, "published");
  const std::string path = "/api/v1/events/" + std::to_string(event);
  REQUIRE(s.Patch(path, {{"venue", "Hotel Tanjung Benoa"}, {"city", "Denpasar"}, {"holder_details", "optional"}},
                  owner.token)
              .status == 200);
  const int64_t type = fx::MakeTicketType(s, event);
  Reply order = s.Post("/api/v1/orders",
                       {{"event_id", event},
                        {"items", {{{"ticket_type_id", type}, {"quantity", 2}}}},
                        {"holders", {{{"name", "Budi"}}, {{"name", "Citra"}, {"email", "citra@example.org"}}}}},
                       buyer.token);
  REQUIRE_MESSAGE(order.status == 201, order.body);
  auto to_buyer = s.Mails("tickets", buyer.email);
  auto to_companion = s.Mails("ticket_holder", "citra@example.org");
  REQUIRE(to_buyer.size() == 1);
  REQUIRE(to_companion.size() == 1);
  CHECK(to_buyer[0]["event_venue"] == "Hotel Tanjung Benoa, Denpasar");
  CHECK(to_companion[0]["event_venue"] == to_buyer[0]["event_venue"]);
}
