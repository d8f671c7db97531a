#pragma once
// Test data for the competition and team tests: a published event with a competition made
// through the API, teams and members made through the API, and small readers of the database.
#include <cstdint>
#include <string>

#include "core/common/time_util.h"
#include "storage/query.h"
#include "tests/support/test_server.h"
#include "tests/web/ticket_fixture.h"

namespace lanyard::testing {

struct CompetitionFixture {
  int64_t event_id = 0;
  int64_t id = 0;
  int64_t stage_file = 0;  // a file stage, deadline in a week
  int64_t stage_link = 0;  // a link stage, deadline in two weeks
  int64_t stage_none = 0;  // a stage that takes nothing
};

inline std::string CompetitionPath(int64_t id, const std::string& rest = "") {
  return "/api/v1/competitions/" + std::to_string(id) + rest;
}
inline std::string TeamPath(int64_t id, const std::string& rest = "") {
  return "/api/v1/teams/" + std::to_string(id) + rest;
}

// A published event of `owner` with a competition: team_min 2, team_max `team_max`, the fee,
// max_teams (0 for none) and three stages.
inline CompetitionFixture MakeCompetition(TestServer& s, const TestUser& owner, int64_t team_max = 3,
                                          int64_t fee = 150000, int64_t max_teams = 0) {
  CompetitionFixture f;
  f.event_id = MakeEvent(s, owner.id, "published", "Hack Fest");
  nlohmann::json body = {{"name", "Hackathon"},
                         {"description", "48 hours"},
                         {"team_min", 2},
                         {"team_max", team_max},
                         {"fee", fee},
                         {"stages",
                          {{{"name", "Proposal"}, {"deadline", FormatRfc3339(NowSeconds() + 7 * 86400)}, {"takes", "file"}},
                           {{"name", "Repository"}, {"deadline", FormatRfc3339(NowSeconds() + 14 * 86400)}, {"takes", "link"}},
                           {{"name", "Pitch"}, {"deadline", FormatRfc3339(NowSeconds() + 20 * 86400)}, {"takes", "none"}}}}};
  if (max_teams > 0) body["max_teams"] = max_teams;
  Reply r = s.Post("/api/v1/events/" + std::to_string(f.event_id) + "/competitions", body, owner.token);
  REQUIRE_MESSAGE(r.status == 201, r.body);
  const auto j = r.Json();
  f.id = j["id"];
  f.stage_file = j["stages"][0]["id"];
  f.stage_link = j["stages"][1]["id"];
  f.stage_none = j["stages"][2]["id"];
  return f;
}

struct TeamFixture {
  int64_t id = 0;
  std::string invite_token;
  std::string invite_url;
};

inline TeamFixture MakeTeam(TestServer& s, const TestUser& leader, int64_t competition_id,
                            const std::string& name) {
  Reply r = s.Post(CompetitionPath(competition_id, "/teams"), {{"name", name}}, leader.token);
  REQUIRE_MESSAGE(r.status == 201, r.body);
  const auto j = r.Json();
  return {j["id"], j["invite"]["token"], j["invite"]["url"]};
}

inline void Join(TestServer& s, const TestUser& who, const std::string& token) {
  Reply r = s.Post("/api/v1/invites/" + token + "/accept", nlohmann::json::object(), who.token);
  REQUIRE_MESSAGE(r.status == 201, r.body);
}

inline std::string TeamStatus(TestServer& s, int64_t team_id) {
  storage::Query q(s.app().db().Reader(), "SELECT status FROM teams WHERE id = ?", team_id);
  REQUIRE(q.Next());
  return q.Text(0);
}

inline int64_t MemberCount(TestServer& s, int64_t team_id) {
  return storage::ScalarInt(s.app().db().Reader(), "SELECT COUNT(*) FROM team_members WHERE team_id = ?", team_id)
      .value_or(-1);
}

}  // namespace lanyard::testing
