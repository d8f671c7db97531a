// SPEC §10: the campaign audiences `teams` (members of the teams of the event's competitions)
// and `session` (the people holding a session's seats) — who is counted and mailed, and which
// ids are refused.
#include <doctest/doctest.h>

#include "tests/web/session_fixture.h"
#include "tests/web/team_fixture.h"

using namespace lanyard;
using namespace lanyard::testing;
using nlohmann::json;

namespace {


json CampaignFor(const std::string& kind, std::optional<int64_t> id = std::nullopt) {
  json audience = {{"kind", kind}};
  if (id) audience["id"] = *id;
  return {{"subject", "Hello {{name}}"}, {"body", "See you at the venue."}, {"audience", audience}};
}

std::string Count(int64_t event_id, const std::string& kind, std::optional<int64_t> id = std::nullopt) {
  std::string path = EventPath(event_id, "/campaigns/audience?kind=" + kind);
  if (id) path += "&id=" + std::to_string(*id);
  return path;
}

// An event with two competitions (Ana leads a team Ben joined; Cici's team is in the second)
// and a workshop of one seat (Ana holds it, Ben waits); Dedi is in another event's team.
struct World {
  TestUser owner, other, ana, ben, cici, dedi;
  CompetitionFixture hack;
  int64_t sprint = 0, workshop = 0, talk = 0, foreign_competition = 0, foreign_session = 0;
};

World MakeWorld(TestServer& s) {
  World w;
  w.owner = s.MakeUser("organizer", "Owner");
  w.other = s.MakeUser("organizer", "Other");
  w.ana = s.MakeUser("attendee", "Ana");
  w.ben = s.MakeUser("attendee", "Ben");
  w.cici = s.MakeUser("attendee", "Cici");
  w.dedi = s.MakeUser("attendee", "Dedi");
  w.hack = MakeCompetition(s, w.owner, 3, 0);
  Reply sprint = s.Post(EventPath(w.hack.event_id, "/competitions"),
                        {{"name", "Design sprint"}, {"team_min", 1}, {"team_max", 3}}, w.owner.token);
  REQUIRE_MESSAGE(sprint.status == 201, sprint.body);
  w.sprint = sprint.Json()["id"];
  TeamFixture a = MakeTeam(s, w.ana, w.hack.id, "Kopi");
  Join(s, w.ben, a.invite_token);
  MakeTeam(s, w.cici, w.sprint, "Teh");
  CompetitionFixture elsewhere = MakeCompetition(s, w.owner, 3, 0);
  w.foreign_competition = elsewhere.id;
  MakeTeam(s, w.dedi, elsewhere.id, "Susu");

  const Programme p{w.owner, w.hack.event_id, MakeTicketType(s, w.hack.event_id)};
  for (const TestUser* u : {&w.ana, &w.ben}) MakeTickets(s, p.event_id, p.type_id, u->id);
  w.workshop = AddSession(s, p, SessionBody("Rust in a day", 1));
  w.talk = AddSession(s, p, SessionBody("Keynote", nullptr, 48));
  for (const TestUser* u : {&w.ana, &w.ben}) {
    REQUIRE(s.Post(SessionPath(w.workshop, "/registrations"), json::object(), u->token).status == 201);
  }
  const Programme q{w.owner, elsewhere.event_id, MakeTicketType(s, elsewhere.event_id)};
  w.foreign_session = AddSession(s, q, SessionBody("Elsewhere", 10));
  return w;
}

}  // namespace

TEST_CASE("campaigns: teams and session audiences count the right people and refuse foreign ids") {
  TestServer s;
  World w = MakeWorld(s);
  const int64_t ev = w.hack.event_id;
  RunScenarios(s, {
      {"every team of the event", "GET", Count(ev, "teams"), "", w.owner.token, 200,
       {"\"recipients\":3"}},
      {"the teams of one competition", "GET", Count(ev, "teams", w.hack.id), "", w.owner.token, 200,
       {"\"recipients\":2"}},
      {"the other competition", "GET", Count(ev, "teams", w.sprint), "", w.owner.token, 200,
       {"\"recipients\":1"}},
      {"a competition of another event", "GET", Count(ev, "teams", w.foreign_competition), "",
       w.owner.token, 400, {"validation_failed", "\"audience\""}},
      {"an unknown competition", "GET", Count(ev, "teams", 999999), "", w.owner.token, 400,
       {"\"audience\""}},
      {"a session's seats, not its waitlist", "GET", Count(ev, "session", w.workshop), "",
       w.owner.token, 200, {"\"recipients\":1"}},
      {"a session nobody registered for", "GET", Count(ev, "session", w.talk), "", w.owner.token,
       200, {"\"recipients\":0"}},
      {"a session needs its id", "GET", Count(ev, "session"), "", w.owner.token, 400,
       {"validation_failed", "\"audience\""}},
      {"a session of another event", "GET", Count(ev, "session", w.foreign_session), "",
       w.owner.token, 400, {"\"audience\""}},
      {"an attendee may not count", "GET", Count(ev, "teams"), "", w.ana.token, 403},
      {"another organizer may not count", "GET", Count(ev, "session", w.workshop), "",
       w.other.token, 403},
      {"anonymous", "GET", Count(ev, "teams"), "", "", 401},
      {"creating for a foreign session", "POST", EventPath(ev, "/campaigns"),
       CampaignFor("session", w.foreign_session).dump(), w.owner.token, 400, {"\"audience\""}},
      {"another organizer may not create", "POST", EventPath(ev, "/campaigns"), CampaignFor("teams").dump(),
       w.other.token, 403},
  });
}

TEST_CASE("campaigns: a teams campaign and a session campaign mail each of their people once") {
  TestServer s;
  World w = MakeWorld(s);
  const int64_t ev = w.hack.event_id;

  Reply teams = s.Post(EventPath(ev, "/campaigns"), CampaignFor("teams", w.hack.id), w.owner.token);
  REQUIRE_MESSAGE(teams.status == 201, teams.body);
  CHECK(teams.Json()["audience"] == json{{"kind", "teams"}, {"id", w.hack.id}});
  CHECK(teams.Json()["recipients"] == 2);
  CHECK(s.Mails("campaign", w.ana.email).size() == 1);
  CHECK(s.Mails("campaign", w.ben.email).size() == 1);
  CHECK(s.Mails("campaign", w.cici.email).empty());
  CHECK(s.Mails("campaign", w.dedi.email).empty());

  Reply all_teams = s.Post(EventPath(ev, "/campaigns"), CampaignFor("teams"), w.owner.token);
  REQUIRE(all_teams.status == 201);
  CHECK(all_teams.Json()["recipients"] == 3);
  CHECK(s.Mails("campaign", w.cici.email).size() == 1);
  CHECK(s.Mails("campaign", w.dedi.email).empty());

  Reply session = s.Post(EventPath(ev, "/campaigns"), CampaignFor("session", w.workshop), w.owner.token);
  REQUIRE_MESSAGE(session.status == 201, session.body);
  CHECK(session.Json()["audience"] == json{{"kind", "session"}, {"id", w.workshop}});
  CHECK(session.Json()["recipients"] == 1);
  auto ana = s.Mails("campaign", w.ana.email);
  REQUIRE(ana.size() == 3);
  CHECK(ana[2]["subject"] == "Hello Ana");
  CHECK(s.Mails("campaign", w.ben.email).size() == 2);  // Ben only waits for a seat

  // Ana cancels: Ben takes the seat, and the next session campaign reaches him instead.
  REQUIRE(s.Call("DELETE", SessionPath(w.workshop, "/registrations/me"), "", w.ana.token).status == 204);
  Reply again = s.Post(EventPath(ev, "/campaigns"), CampaignFor("session", w.workshop), w.owner.token);
  REQUIRE(again.status == 201);
  CHECK(again.Json()["recipients"] == 1);
  CHECK(s.Mails("campaign", w.ben.email).size() == 3);
  CHECK(s.Mails("campaign", w.ana.email).size() == 3);
}
