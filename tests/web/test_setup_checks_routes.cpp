// GET /settings `setup_checks`, the first-run checklist (issue 15 minors b and c): missing bank
// instructions once a ticket type takes money, the default sender once mail goes out by SMTP.
#include <doctest/doctest.h>

#include <string>

#include "tests/support/test_server.h"
#include "tests/web/ticket_fixture.h"

using lanyard::testing::Reply;
using lanyard::testing::TestServer;
using lanyard::testing::TestUser;
namespace fx = lanyard::testing;
using nlohmann::json;

namespace {

// The codes of `checks` (an array of {code, message, params}), in order, joined by spaces (""
// when none); each must carry a message.
std::string Codes(const json& checks) {
  REQUIRE(checks.is_array());
  std::string codes;
  for (const json& check : checks) {
    CHECK_FALSE(check["message"].get<std::string>().empty());
    codes += (codes.empty() ? "" : " ") + check["code"].get<std::string>();
  }
  return codes;
}

// The codes of the open checks of GET /settings.
std::string OpenChecks(TestServer& s, const TestUser& admin) {
  Reply r = s.Get("/api/v1/settings", admin.token);
  REQUIRE(r.status == 200);
  return Codes(r.Json()["setup_checks"]);
}

}  // namespace

TEST_CASE("setup checks: bank instructions once a ticket type takes money") {
  TestServer s;
  TestUser admin = s.MakeUser("admin");
  TestUser owner = s.MakeUser("organizer");
  const int64_t event = fx::MakeEvent(s, owner.id, "published");
  REQUIRE(s.Patch("/api/v1/settings", {{"bank_instructions", ""}}, admin.token).status == 200);
  fx::MakeTicketType(s, event, "Free entry");
  CHECK(OpenChecks(s, admin) == "");  // free tickets need no bank
  Reply paid = s.Post(fx::EventPath(event, "/ticket-types"),
                      json{{"name", "Regular"}, {"kind", "paid"}, {"price", 150000}}, owner.token);
  REQUIRE_MESSAGE(paid.status == 201, paid.body);
  CHECK(OpenChecks(s, admin) == "bank_instructions_missing");
  const json checks = s.Get("/api/v1/settings", admin.token).Json()["setup_checks"];
  CHECK(checks[0]["params"]["paid_ticket_types"] == 1);
  // Blank is missing too; real instructions close the check.
  REQUIRE(s.Patch("/api/v1/settings", {{"bank_instructions", "  \n "}}, admin.token).status == 200);
  CHECK(OpenChecks(s, admin) == "bank_instructions_missing");
  REQUIRE(s.Patch("/api/v1/settings", {{"bank_instructions", "BCA 123-456 (Panitia)"}}, admin.token)
              .status == 200);
  CHECK(OpenChecks(s, admin) == "");
}

TEST_CASE("setup checks: a sender address when mail goes out by SMTP") {
  TestServer s;
  TestUser admin = s.MakeUser("admin");
  REQUIRE(s.Patch("/api/v1/settings", {{"mail_transport", "file"}, {"mail_from", "lanyard@localhost"}},
                  admin.token)
              .status == 200);
  CHECK(OpenChecks(s, admin) == "");  // mail to files leaves the machine nowhere
  REQUIRE(s.Patch("/api/v1/settings", {{"mail_transport", "smtp"}}, admin.token).status == 200);
  CHECK(OpenChecks(s, admin) == "mail_from_default");
  REQUIRE(s.Patch("/api/v1/settings", {{"mail_from", "Panitia <noreply@localhost>"}}, admin.token)
              .status == 200);
  CHECK(OpenChecks(s, admin) == "mail_from_default");
  REQUIRE(s.Patch("/api/v1/settings", {{"mail_from", "Panitia <panitia@devfest.id>"}}, admin.token)
              .status == 200);
  CHECK(OpenChecks(s, admin) == "");
  // Only admins read settings: the checklist is theirs.
  TestUser owner = s.MakeUser("organizer");
  CHECK(s.Get("/api/v1/settings", owner.token).status == 403);
}

namespace {

// The codes of event `id`'s open checks as GET /events/{id}/setup-checks answers `token`.
std::string EventChecks(TestServer& s, int64_t id, const std::string& token) {
  Reply r = s.Get(fx::EventPath(id, "/setup-checks"), token);
  REQUIRE_MESSAGE(r.status == 200, r.body);
  return Codes(r.Json()["items"]);
}

}  // namespace

TEST_CASE("event setup checks: the publish action learns the dashboard's bank rule for one event") {
  TestServer s;
  TestUser admin = s.MakeUser("admin");
  TestUser owner = s.MakeUser("organizer");
  REQUIRE(s.Patch("/api/v1/settings", {{"bank_instructions", ""}}, admin.token).status == 200);
  const int64_t free_event = fx::MakeEvent(s, owner.id, "draft", "Free meetup");
  const int64_t paid_event = fx::MakeEvent(s, owner.id, "draft", "Paid workshop");
  fx::MakeTicketType(s, free_event, "Free entry");
  Reply paid = s.Post(fx::EventPath(paid_event, "/ticket-types"),
                      json{{"name", "Regular"}, {"kind", "paid"}, {"price", 150000}}, owner.token);
  REQUIRE_MESSAGE(paid.status == 201, paid.body);

  // Happy path: a draft with a paid type and no instructions is warned; a free one is not,
  // although the deployment (the dashboard) has a paid type elsewhere.
  CHECK(EventChecks(s, paid_event, owner.token) == "bank_instructions_missing");
  CHECK(EventChecks(s, paid_event, admin.token) == "bank_instructions_missing");
  CHECK(s.Get(fx::EventPath(paid_event, "/setup-checks"), owner.token).Json()["items"][0]["params"]
            ["paid_ticket_types"] == 1);
  CHECK(EventChecks(s, free_event, owner.token) == "");
  CHECK(OpenChecks(s, admin) == "bank_instructions_missing");
  // Publishing is not blocked by it.
  Reply published = s.Post(fx::EventPath(paid_event, "/submit"), json::object(), owner.token);
  CHECK_MESSAGE(published.status == 200, published.body);
  // Instructions set: nothing missing.
  REQUIRE(s.Patch("/api/v1/settings", {{"bank_instructions", "BCA 123-456 (Panitia)"}}, admin.token)
              .status == 200);
  CHECK(EventChecks(s, paid_event, owner.token) == "");

  // Refused: anonymous 401; attendee and staff 403 (not the owner's or an admin's to publish);
  // another organizer 403 on a published event, 404 on a draft they may not see; no event 404.
  TestUser staff = s.MakeUser("staff");
  TestUser attendee = s.MakeUser("attendee");
  TestUser other = s.MakeUser("organizer");
  CHECK(s.Get(fx::EventPath(paid_event, "/setup-checks"), "").status == 401);
  CHECK(s.Get(fx::EventPath(paid_event, "/setup-checks"), attendee.token).status == 403);
  CHECK(s.Get(fx::EventPath(paid_event, "/setup-checks"), staff.token).status == 403);
  CHECK(s.Get(fx::EventPath(paid_event, "/setup-checks"), other.token).status == 403);
  CHECK(s.Get(fx::EventPath(free_event, "/setup-checks"), other.token).status == 404);
  CHECK(s.Get(fx::EventPath(999999, "/setup-checks"), admin.token).status == 404);
}
