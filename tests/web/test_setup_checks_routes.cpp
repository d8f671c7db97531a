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

// The codes of the open checks, in order, joined by spaces ("" when none).
std::string OpenChecks(TestServer& s, const TestUser& admin) {
  Reply r = s.Get("/api/v1/settings", admin.token);
  REQUIRE(r.status == 200);
  const json body = r.Json();
  REQUIRE(body["setup_checks"].is_array());
  std::string codes;
  for (const json& check : body["setup_checks"]) {
    CHECK_FALSE(check["message"].get<std::string>().empty());
    codes += (codes.empty() ? "" : " ") + check["code"].get<std::string>();
  }
  return codes;
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
