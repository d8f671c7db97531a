// SPEC §9: competitions — every route, its errors and the roles it refuses.
#include <doctest/doctest.h>

#include "tests/web/team_fixture.h"

using namespace lanyard;
using namespace lanyard::testing;
using nlohmann::json;

namespace {

std::string EventCompetitions(int64_t event_id) {
  return "/api/v1/events/" + std::to_string(event_id) + "/competitions";
}

std::string In(int64_t days) { return FormatRfc3339(NowSeconds() + days * 86400); }

}  // namespace

TEST_CASE("competitions: create refuses roles and bad input") {
  TestServer s;
  TestUser admin = s.MakeUser("admin");
  TestUser owner = s.MakeUser("organizer");
  TestUser other = s.MakeUser("organizer");
  TestUser staff = s.MakeUser("staff");
  TestUser attendee = s.MakeUser("attendee");
  const int64_t published = MakeEvent(s, owner.id, "published");
  const int64_t draft = MakeEvent(s, owner.id, "draft");
  const int64_t cancelled = MakeEvent(s, owner.id, "cancelled");
  const std::string path = EventCompetitions(published);
  const std::string good = json{{"name", "Hackathon"}, {"team_min", 2}, {"team_max", 4}, {"fee", 100000}}.dump();

  std::vector<Scenario> scenarios = {
      {"anonymous", "POST", path, good, "", 401, {"unauthorized"}},
      {"attendee", "POST", path, good, attendee.token, 403, {"forbidden"}},
      {"staff", "POST", path, good, staff.token, 403, {"forbidden"}},
      {"another organizer", "POST", path, good, other.token, 403, {"forbidden"}},
      {"another organizer, draft event is invisible", "POST", EventCompetitions(draft), good, other.token, 404,
       {"not_found"}},
      {"unknown event", "POST", EventCompetitions(999999), good, owner.token, 404, {"not_found"}},
      {"cancelled event", "POST", EventCompetitions(cancelled), good, owner.token, 409, {"invalid_state"}},
      {"missing everything", "POST", path, "{}", owner.token, 400,
       {"validation_failed", "\"name\"", "\"team_min\"", "\"team_max\""}},
      {"team_max below team_min", "POST", path, R"({"name":"X","team_min":3,"team_max":2})", owner.token, 400,
       {"validation_failed", "\"team_max\""}},
      {"team_max above 50", "POST", path, R"({"name":"X","team_min":1,"team_max":51})", owner.token, 400,
       {"\"team_max\""}},
      {"negative fee", "POST", path, R"({"name":"X","team_min":1,"team_max":2,"fee":-1})", owner.token, 400,
       {"\"fee\""}},
      {"negative max_teams", "POST", path, R"({"name":"X","team_min":1,"team_max":2,"max_teams":-1})",
       owner.token, 400, {"\"max_teams\""}},
      {"window closes before it opens", "POST", path,
       json{{"name", "X"}, {"team_min", 1}, {"team_max", 2}, {"registration_opens", In(3)}, {"registration_closes", In(2)}}.dump(),
       owner.token, 400, {"\"registration_closes\""}},
      {"malformed timestamp", "POST", path, R"({"name":"X","team_min":1,"team_max":2,"registration_opens":"soon"})",
       owner.token, 400, {"\"registration_opens\""}},
      {"stage without deadline", "POST", path,
       R"({"name":"X","team_min":1,"team_max":2,"stages":[{"name":"Proposal","takes":"file"}]})", owner.token,
       400, {"validation_failed", "\"stages\""}},
      {"stage that takes something unknown", "POST", path,
       json{{"name", "X"}, {"team_min", 1}, {"team_max", 2}, {"stages", {{{"name", "P"}, {"deadline", In(1)}, {"takes", "video"}}}}}.dump(),
       owner.token, 400, {"\"stages\""}},
      {"stages not a list", "POST", path, R"({"name":"X","team_min":1,"team_max":2,"stages":"P"})", owner.token,
       400, {"bad_request"}},
      {"owner creates", "POST", path,
       json{{"name", "Hackathon"}, {"team_min", 2}, {"team_max", 4}, {"fee", 100000}, {"max_teams", 10},
            {"stages", {{{"name", "Proposal"}, {"deadline", In(5)}, {"takes", "file"}}, {{"name", "Final"}, {"deadline", In(9)}, {"takes", "link"}}}}}
           .dump(),
       owner.token, 201,
       {"\"name\":\"Hackathon\"", "\"team_min\":2", "\"team_max\":4", "\"fee\":100000", "\"max_teams\":10",
        "\"places_left\":10", "\"registration_open\":true", "\"Proposal\"", "\"position\":2"}},
      {"admin creates on a draft event", "POST", EventCompetitions(draft), good, admin.token, 201,
       {"\"registration_open\":false", "\"max_teams\":null"}},
  };
  for (auto& sc : BodyErrorScenarios("POST", path, owner.token, "name")) scenarios.push_back(sc);
  RunScenarios(s, scenarios);
}

TEST_CASE("competitions: read, change and delete") {
  TestServer s;
  TestUser owner = s.MakeUser("organizer");
  TestUser other = s.MakeUser("organizer");
  TestUser staff = s.MakeUser("staff");
  TestUser attendee = s.MakeUser("attendee");
  TestUser leader = s.MakeUser("attendee", "Lia Leader");
  CompetitionFixture f = MakeCompetition(s, owner);
  const int64_t draft = MakeEvent(s, owner.id, "draft");
  Reply hidden = s.Post(EventCompetitions(draft), {{"name", "Hidden"}, {"team_min", 1}, {"team_max", 2}}, owner.token);
  REQUIRE(hidden.status == 201);
  const int64_t hidden_id = hidden.Json()["id"];
  Reply empty = s.Post(EventCompetitions(f.event_id), {{"name", "Quiz"}, {"team_min", 1}, {"team_max", 2}}, owner.token);
  REQUIRE(empty.status == 201);
  const int64_t empty_id = empty.Json()["id"];
  MakeTeam(s, leader, f.id, "Kopi Koding");
  // Keeps the file stage (by id, renamed) and drops the other two.
  const json stages_keep = {{{"id", f.stage_file}, {"name", "Proposal v2"}, {"deadline", In(8)}, {"takes", "file"}}};

  RunScenarios(s, {
      {"anyone lists a published event's competitions", "GET", EventCompetitions(f.event_id), "", "", 200,
       {"\"total\":2", "\"Hackathon\"", "\"Quiz\""}},
      {"a draft event's competitions are hidden", "GET", EventCompetitions(draft), "", attendee.token, 404,
       {"not_found"}},
      {"the owner sees them", "GET", EventCompetitions(draft), "", owner.token, 200, {"\"Hidden\""}},
      {"one competition", "GET", CompetitionPath(f.id), "", "", 200, {"\"Repository\"", "\"takes\":\"none\""}},
      {"hidden competition", "GET", CompetitionPath(hidden_id), "", attendee.token, 404, {"not_found"}},
      {"unknown competition", "GET", CompetitionPath(999999), "", "", 404, {"not_found"}},
      {"patch anonymous", "PATCH", CompetitionPath(f.id), R"({"name":"X"})", "", 401, {"unauthorized"}},
      {"patch attendee", "PATCH", CompetitionPath(f.id), R"({"name":"X"})", attendee.token, 403, {"forbidden"}},
      {"patch staff", "PATCH", CompetitionPath(f.id), R"({"name":"X"})", staff.token, 403, {"forbidden"}},
      {"patch another organizer", "PATCH", CompetitionPath(f.id), R"({"name":"X"})", other.token, 403,
       {"forbidden"}},
      {"patch hidden", "PATCH", CompetitionPath(hidden_id), R"({"name":"X"})", other.token, 404, {"not_found"}},
      {"patch invalid", "PATCH", CompetitionPath(f.id), R"({"team_min":0})", owner.token, 400, {"\"team_min\""}},
      {"patch team_max down to the biggest team", "PATCH", CompetitionPath(f.id), R"({"team_min":1,"team_max":1})",
       owner.token, 200, {"\"team_max\":1"}},
      {"patch clears max_teams and sets a window", "PATCH", CompetitionPath(f.id),
       json{{"team_max", 3}, {"team_min", 2}, {"max_teams", nullptr}, {"registration_closes", In(30)}}.dump(), owner.token, 200,
       {"\"max_teams\":null", "\"team_max\":3"}},
      {"patch keeps and renames a stage, drops the others", "PATCH", CompetitionPath(f.id),
       json{{"stages", stages_keep}}.dump(), owner.token, 200, {"\"Proposal v2\""}, {"\"Repository\""},
       nullptr,
       [&](TestServer& srv, const Reply& r) { CHECK(r.Json()["stages"][0]["id"] == f.stage_file); }},
      {"patch with a stage of another competition", "PATCH", CompetitionPath(empty_id),
       json{{"stages", stages_keep}}.dump(), owner.token, 400, {"\"stages\""}},
      {"delete attendee", "DELETE", CompetitionPath(empty_id), "", attendee.token, 403, {"forbidden"}},
      {"delete with teams", "DELETE", CompetitionPath(f.id), "", owner.token, 409, {"has_teams"}},
      {"delete", "DELETE", CompetitionPath(empty_id), "", owner.token, 204, {}, {}, nullptr,
       [&](TestServer& srv, const Reply&) { CHECK(srv.Get(CompetitionPath(empty_id)).status == 404); }},
      {"delete again", "DELETE", CompetitionPath(empty_id), "", owner.token, 404, {"not_found"}},
  });
}

TEST_CASE("competitions: a stage with hand-ins cannot be dropped, the event cannot be deleted under it") {
  TestServer s;
  TestUser owner = s.MakeUser("organizer");
  TestUser leader = s.MakeUser("attendee");
  CompetitionFixture f = MakeCompetition(s, owner);
  TeamFixture team = MakeTeam(s, leader, f.id, "Alpha");
  Reply sent = s.Upload(TeamPath(team.id, "/submissions"), "%PDF-1.4 proposal", "proposal.pdf", leader.token,
                        {{"stage_id", std::to_string(f.stage_file), "", ""}});
  REQUIRE_MESSAGE(sent.status == 201, sent.body);
  Reply r = s.Patch(CompetitionPath(f.id), {{"stages", json::array()}}, owner.token);
  CHECK(r.status == 409);
  CHECK(r.Json()["code"] == "has_submissions");
  Reply del = s.Call("DELETE", "/api/v1/events/" + std::to_string(f.event_id), "", owner.token);
  CHECK(del.status == 409);
}
