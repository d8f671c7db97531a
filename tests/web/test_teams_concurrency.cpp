// SPEC §9 and §15: team capacity holds under any concurrency. Accepts, team creations and
// registrations leave together over real HTTP, each thread with its own client, released at once
// by a latch; the counts are checked in the replies and in the database.
#include <doctest/doctest.h>

#include <atomic>
#include <latch>
#include <map>
#include <thread>
#include <vector>

#include "tests/web/team_fixture.h"

using namespace lanyard;
using namespace lanyard::testing;
using nlohmann::json;

namespace {

// Runs `count` requests at once, one thread and client each; returns the statuses in order.
std::vector<std::pair<int, std::string>> Together(TestServer& s, int count,
                                                  const std::function<Reply(httplib::Client&, int)>& call) {
  std::vector<std::pair<int, std::string>> out(static_cast<size_t>(count));
  std::latch start(count);
  std::vector<std::thread> threads;
  for (int i = 0; i < count; ++i) {
    threads.emplace_back([&, i] {
      httplib::Client client("127.0.0.1", s.port());
      client.set_read_timeout(60, 0);
      start.arrive_and_wait();
      Reply r = call(client, i);
      auto j = r.Json();
      out[static_cast<size_t>(i)] = {r.status, j.is_object() ? j.value("code", std::string()) : std::string()};
    });
  }
  for (auto& t : threads) t.join();
  return out;
}

Reply PostWith(httplib::Client& client, const std::string& path, const json& body, const std::string& token) {
  auto res = client.Post(path.c_str(), {{"Authorization", "Bearer " + token}}, body.dump(), "application/json");
  Reply r;
  if (res) {
    r.status = res->status;
    r.body = res->body;
  }
  return r;
}

}  // namespace

TEST_CASE("teams concurrency: 64 accepts on one invite for a team with 2 free slots, exactly 2 join") {
  TestServer s;
  TestUser owner = s.MakeUser("organizer");
  TestUser leader = s.MakeUser("attendee", "Leader");
  CompetitionFixture f = MakeCompetition(s, owner, /*team_max=*/3);
  TeamFixture team = MakeTeam(s, leader, f.id, "Rush");
  std::vector<TestUser> joiners;
  for (int i = 0; i < 64; ++i) joiners.push_back(s.MakeUser("attendee", "Joiner " + std::to_string(i)));

  const auto replies = Together(s, 64, [&](httplib::Client& client, int i) {
    return PostWith(client, "/api/v1/invites/" + team.invite_token + "/accept", json::object(),
                    joiners[static_cast<size_t>(i)].token);
  });
  std::map<std::string, int> counts;
  for (const auto& [status, code] : replies) counts[std::to_string(status) + " " + code]++;
  MESSAGE("accept replies: 201=" << counts["201 "] << " 409 team_full=" << counts["409 team_full"]);
  CHECK(counts["201 "] == 2);
  CHECK(counts["409 team_full"] == 62);
  CHECK(counts.size() == 2);
  CHECK(MemberCount(s, team.id) == 3);
  CHECK(storage::ScalarInt(s.app().db().Reader(), "SELECT uses FROM team_invites WHERE team_id = ?", team.id) == 2);
  CHECK(s.Mails("team_member_joined", leader.email).size() == 2);
}

TEST_CASE("teams concurrency: one user creating teams at once in one competition gets exactly one") {
  TestServer s;
  TestUser owner = s.MakeUser("organizer");
  TestUser leader = s.MakeUser("attendee", "Eager");
  CompetitionFixture f = MakeCompetition(s, owner);
  const auto replies = Together(s, 32, [&](httplib::Client& client, int i) {
    return PostWith(client, CompetitionPath(f.id, "/teams"), {{"name", "Team " + std::to_string(i)}}, leader.token);
  });
  int created = 0, refused = 0;
  for (const auto& [status, code] : replies) {
    if (status == 201) ++created;
    if (status == 409 && code == "already_in_team") ++refused;
  }
  MESSAGE("create replies: 201=" << created << " 409 already_in_team=" << refused);
  CHECK(created == 1);
  CHECK(refused == 31);
  CHECK(storage::ScalarInt(s.app().db().Reader(), "SELECT COUNT(*) FROM teams WHERE competition_id = ?", f.id) == 1);
}

TEST_CASE("teams concurrency: max_teams holds when many teams register at once") {
  TestServer s;
  TestUser owner = s.MakeUser("organizer");
  CompetitionFixture f = MakeCompetition(s, owner, 3, /*fee=*/0, /*max_teams=*/3);
  std::vector<TestUser> leaders;
  std::vector<int64_t> team_ids;
  for (int i = 0; i < 12; ++i) {
    leaders.push_back(s.MakeUser("attendee", "Leader " + std::to_string(i)));
    TeamFixture t = MakeTeam(s, leaders.back(), f.id, "Team " + std::to_string(i));
    Join(s, s.MakeUser("attendee", "Mate " + std::to_string(i)), t.invite_token);
    team_ids.push_back(t.id);
  }
  const auto replies = Together(s, 12, [&](httplib::Client& client, int i) {
    return PostWith(client, TeamPath(team_ids[static_cast<size_t>(i)], "/register"), json::object(),
                    leaders[static_cast<size_t>(i)].token);
  });
  int ok = 0, full = 0;
  for (const auto& [status, code] : replies) {
    if (status == 200) ++ok;
    if (status == 409 && code == "competition_full") ++full;
  }
  CHECK(ok == 3);
  CHECK(full == 9);
  CHECK(storage::ScalarInt(s.app().db().Reader(),
                           "SELECT COUNT(*) FROM teams WHERE competition_id = ? AND status = 'confirmed'", f.id) == 3);
}
