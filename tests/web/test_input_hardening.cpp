// SPEC §3 and §15 from a signed-in user's side: who may read identity documents, text fields
// refuse control characters, personal replies are not cached, and a stolen access token cannot
// guess the password through /auth/password/change.
#include <doctest/doctest.h>

#include "tests/support/test_server.h"
#include "tests/web/team_fixture.h"
#include "tests/web/ticket_fixture.h"

using namespace lanyard::testing;  // NOLINT: the fixture helpers
using nlohmann::json;

namespace {

std::string SmallPng() {
  std::string png("\x89PNG\r\n\x1a\n", 8);
  png.resize(64, '\0');
  return png;
}

int64_t UploadDocument(TestServer& s, const TestUser& owner) {
  Reply r = s.Upload("/api/v1/me/documents", SmallPng(), "card.png", owner.token, {{"kind", "student_id", "", ""}});
  REQUIRE_MESSAGE(r.status == 201, r.body);
  return r.Json()["id"].get<int64_t>();
}

}  // namespace

TEST_CASE("documents: an organizer reads only documents of people holding a ticket for their events") {
  TestServer s;
  TestUser holder = s.MakeUser("attendee");
  TestUser bystander = s.MakeUser("attendee");
  TestUser own_organizer = s.MakeUser("organizer");
  TestUser other_organizer = s.MakeUser("organizer");
  TestUser staff = s.MakeUser("staff");
  TestUser admin = s.MakeUser("admin");
  const int64_t event = MakeEvent(s, own_organizer.id, "published");
  const int64_t other_event = MakeEvent(s, other_organizer.id, "published", "Other");
  MakeTickets(s, event, MakeTicketType(s, event), holder.id);
  MakeTickets(s, other_event, MakeTicketType(s, other_event), bystander.id);

  const std::string holder_doc = "/api/v1/documents/" + std::to_string(UploadDocument(s, holder));
  const std::string bystander_doc = "/api/v1/documents/" + std::to_string(UploadDocument(s, bystander));
  const std::vector<std::string> hidden = {"\"code\":\"not_found\""};
  RunScenarios(s, {
      {"owner", "GET", holder_doc, "", holder.token, 200},
      {"staff", "GET", holder_doc, "", staff.token, 200},
      {"admin", "GET", holder_doc, "", admin.token, 200},
      {"organizer of the holder's event", "GET", holder_doc, "", own_organizer.token, 200},
      {"organizer of another event", "GET", holder_doc, "", other_organizer.token, 404, hidden},
      {"organizer of the bystander's event", "GET", bystander_doc, "", other_organizer.token, 200},
      {"organizer of no event of the bystander", "GET", bystander_doc, "", own_organizer.token, 404, hidden},
      {"another attendee", "GET", holder_doc, "", bystander.token, 404, hidden},
  });
  // A voided ticket no longer opens the holder's documents.
  const auto tickets = MakeTickets(s, other_event, MakeTicketType(s, other_event, "Late"), holder.id);
  CHECK(s.Get(holder_doc, other_organizer.token).status == 200);
  VoidOrder(s, tickets.front().order_id);
  CHECK(s.Get(holder_doc, other_organizer.token).status == 404);
}

TEST_CASE("documents: an organizer reads documents of people holding a team place in their events") {
  TestServer s;
  TestUser organizer = s.MakeUser("organizer");
  TestUser other_organizer = s.MakeUser("organizer");
  TestUser leader = s.MakeUser("attendee", "Tim Leader");
  REQUIRE(s.Patch("/api/v1/me", {{"phone", "+62 812 0000 0001"}}, leader.token).status == 200);
  const CompetitionFixture competition = MakeCompetition(s, organizer);
  const std::string doc = "/api/v1/documents/" + std::to_string(UploadDocument(s, leader));
  // No ticket and no team yet: hidden from the organizer.
  CHECK(s.Get(doc, organizer.token).status == 404);
  MakeTeam(s, leader, competition.id, "Byte Riders");
  CHECK(s.Get(doc, organizer.token).status == 200);
  Reply hidden = s.Get(doc, other_organizer.token);
  CHECK(hidden.status == 404);
  CHECK(hidden.Json()["code"] == "not_found");
}

TEST_CASE("input: text fields refuse control characters other than newline and tab") {
  TestServer s;
  TestUser u = s.MakeUser("attendee");
  for (const std::string& bad : {std::string("Rani\0Putri", 10), std::string("Rani\x1b[31m"),
                                std::string("Rani\rPutri"), std::string("Rani\x7f")}) {
    Reply r = s.Patch("/api/v1/me", {{"name", bad}}, u.token);
    INFO(json(bad).dump());
    CHECK(r.status == 400);
    CHECK(r.Json()["code"] == "validation_failed");
    CHECK(r.Json()["fields"].contains("name"));
  }
  Reply reg = s.Post("/api/v1/auth/register",
                     {{"email", "x@example.org"}, {"password", "long enough 1"}, {"name", std::string("A\0B", 3)}});
  CHECK(reg.status == 400);
  CHECK(reg.Json()["fields"].contains("name"));
  // Newline and tab stay where text may span lines.
  Reply ok = s.Patch("/api/v1/me", {{"diet_note", "no nuts\n\tno shellfish"}}, u.token);
  CHECK(ok.status == 200);
  CHECK(s.Get("/api/v1/me", u.token).Json()["name"] == "Test User");
}

TEST_CASE("input: API replies with personal data are not cached") {
  TestServer s;
  TestUser u = s.MakeUser("attendee");
  CHECK(s.Get("/api/v1/me", u.token).Header("Cache-Control") == "no-store");
  CHECK(s.Get("/api/v1/orders", u.token).Header("Cache-Control") == "no-store");
  CHECK(s.Get("/api/v1/me").Header("Cache-Control") == "no-store");  // the error too
}

TEST_CASE("input: wrong current passwords on password change are limited like sign-ins") {
  TestServer s(/*rate_limits=*/true);
  s.PinTo(0);  // rate limits and the lockout are per instance (README)
  TestUser u = s.MakeUser("attendee");
  const int limit = s.app().settings().Snapshot()->at("rate_login_failures_per_15min").get<int>();
  for (int i = 0; i < limit; ++i) {
    Reply r = s.Post("/api/v1/auth/password/change",
                     {{"current_password", "guess " + std::to_string(i)}, {"new_password", "a new password 1"}},
                     u.token);
    CHECK(r.status == 400);
  }
  // Even the right password is refused now: the token holder cannot tell it from a guess.
  Reply locked = s.Post("/api/v1/auth/password/change",
                        {{"current_password", u.password}, {"new_password", "a new password 1"}}, u.token);
  CHECK(locked.status == 429);
  CHECK(locked.Json()["code"] == "rate_limited");
  CHECK(!locked.Header("Retry-After").empty());
  // Another user is not affected.
  TestUser other = s.MakeUser("attendee");
  CHECK(s.Post("/api/v1/auth/password/change",
               {{"current_password", other.password}, {"new_password", "a new password 2"}}, other.token)
            .status == 200);
}
