// SPEC §9: teams — create, invites (expiring, revocable, max_uses), accept, leave, hand-over,
// register, staff decisions, submissions; each route's errors and refused roles.
#include <doctest/doctest.h>

#include "core/common/crypto.h"
#include "tests/web/team_fixture.h"

using namespace lanyard;
using namespace lanyard::testing;
using nlohmann::json;

namespace {

std::string Invite(const std::string& token, const std::string& rest = "") {
  return "/api/v1/invites/" + token + rest;
}

void SetProfilePhone(TestServer& s, int64_t user_id, const std::optional<std::string>& phone) {
  s.app().db().Write([&](storage::Conn& c) {
    storage::Exec(c, "UPDATE users SET phone = ? WHERE id = ?", phone, user_id);
    return true;
  });
}

}  // namespace

TEST_CASE("teams: create checks profile, window, one team per person and the name") {
  TestServer s;
  TestUser owner = s.MakeUser("organizer");
  TestUser leader = s.MakeUser("attendee", "Lia Leader");
  TestUser second = s.MakeUser("attendee");
  TestUser no_phone = s.MakeUser("attendee");
  SetProfilePhone(s, no_phone.id, std::nullopt);
  CompetitionFixture f = MakeCompetition(s, owner);
  const int64_t draft = MakeEvent(s, owner.id, "draft");
  Reply hidden = s.Post("/api/v1/events/" + std::to_string(draft) + "/competitions",
                        {{"name", "Hidden"}, {"team_min", 1}, {"team_max", 2}}, owner.token);
  REQUIRE(hidden.status == 201);
  Reply closed = s.Post("/api/v1/events/" + std::to_string(f.event_id) + "/competitions",
                        {{"name", "Closed"}, {"team_min", 1}, {"team_max", 2},
                         {"registration_closes", FormatRfc3339(NowSeconds() - 60)},
                         {"registration_opens", FormatRfc3339(NowSeconds() - 3600)}},
                        owner.token);
  REQUIRE(closed.status == 201);
  const std::string path = CompetitionPath(f.id, "/teams");

  std::vector<Scenario> scenarios = {
      {"anonymous", "POST", path, R"({"name":"A"})", "", 401, {"unauthorized"}},
      {"unknown competition", "POST", CompetitionPath(999999, "/teams"), R"({"name":"A"})", leader.token, 404,
       {"not_found"}},
      {"competition of a draft event", "POST", CompetitionPath(hidden.Json()["id"], "/teams"), R"({"name":"A"})",
       leader.token, 404, {"not_found"}},
      {"empty name", "POST", path, R"({"name":"  "})", leader.token, 400, {"validation_failed", "\"name\""}},
      {"name with a line break", "POST", path, R"({"name":"A\nB"})", leader.token, 400, {"\"name\""}},
      {"no phone in the profile", "POST", path, R"({"name":"A"})", no_phone.token, 400,
       {"profile_incomplete", "\"phone\""}},
      {"registration closed", "POST", CompetitionPath(closed.Json()["id"], "/teams"), R"({"name":"A"})",
       leader.token, 409, {"registration_closed"}},
      {"creates with a first invite", "POST", path, R"({"name":"Kopi Koding"})", leader.token, 201,
       {"\"status\":\"forming\"", "\"member_count\":1", "\"slots_left\":2", "\"is_leader\":true", "\"invite\"",
        "/join/"},
       {},
       nullptr,
       [&](TestServer& srv, const Reply& r) {
         const json j = r.Json();
         const std::string token = j["invite"]["token"];
         CHECK(token.size() >= 43);  // 256 bits in base64url
         CHECK(j["invite"]["url"] == srv.app().BaseUrl() + "/join/" + token);
         // Stored hashed only.
         storage::Query q(srv.app().db().Reader(), "SELECT token_hash FROM team_invites WHERE team_id = ?",
                          j["id"].get<int64_t>());
         REQUIRE(q.Next());
         CHECK(q.Text(0) == crypto::Sha256Hex(token));
         CHECK(q.Text(0).find(token) == std::string::npos);
         auto mails = srv.Mails("team_welcome", leader.email);
         REQUIRE(mails.size() == 1);
         CHECK(mails[0]["invite_url"] == j["invite"]["url"]);
         CHECK(mails[0]["team_name"] == "Kopi Koding");
       }},
      {"a second team for the same person", "POST", path, R"({"name":"Other"})", leader.token, 409,
       {"already_in_team"}},
      {"the same name in another letter case", "POST", path, R"({"name":"KOPI koding"})", second.token, 409,
       {"team_name_taken"}},
      {"another person, another name", "POST", path, R"({"name":"Teh Tarik"})", second.token, 201,
       {"\"Teh Tarik\""}},
  };
  for (auto& sc : BodyErrorScenarios("POST", path, leader.token, "name")) scenarios.push_back(sc);
  RunScenarios(s, scenarios);
}

TEST_CASE("teams: invites preview, accept, expire, revoke and run out") {
  TestServer s;
  TestUser owner = s.MakeUser("organizer");
  TestUser staff = s.MakeUser("staff");
  TestUser leader = s.MakeUser("attendee", "Lia Leader");
  TestUser ana = s.MakeUser("attendee", "Ana Member");
  TestUser budi = s.MakeUser("attendee", "Budi Member");
  TestUser cici = s.MakeUser("attendee", "Cici");
  TestUser dedi = s.MakeUser("attendee", "Dedi");
  TestUser rival = s.MakeUser("attendee", "Rival Leader");
  CompetitionFixture f = MakeCompetition(s, owner, /*team_max=*/3);
  TeamFixture team = MakeTeam(s, leader, f.id, "Kopi Koding");
  TeamFixture other = MakeTeam(s, rival, f.id, "Teh Tarik");
  std::string once_token, expired_token, revoked_token;
  int64_t revoked_id = 0;

  RunScenarios(s, {
      {"invite: anonymous", "POST", TeamPath(team.id, "/invites"), "{}", "", 401, {"unauthorized"}},
      {"invite: a stranger cannot see the team", "POST", TeamPath(team.id, "/invites"), "{}", ana.token, 404,
       {"not_found"}},
      {"invite: staff may see it but not invite", "POST", TeamPath(team.id, "/invites"), "{}", staff.token, 403,
       {"forbidden"}},
      {"invite: hours out of range", "POST", TeamPath(team.id, "/invites"), R"({"expires_in_hours":721})",
       leader.token, 400, {"\"expires_in_hours\""}},
      {"invite: max_uses out of range", "POST", TeamPath(team.id, "/invites"), R"({"max_uses":0})", leader.token,
       400, {"\"max_uses\""}},
      {"invite: wrong type", "POST", TeamPath(team.id, "/invites"), R"({"max_uses":"2"})", leader.token, 400,
       {"bad_request"}},
      {"invite: single use", "POST", TeamPath(team.id, "/invites"), R"({"expires_in_hours":1,"max_uses":1})",
       leader.token, 201, {"\"token\"", "\"expires_at\"", "/join/"}, {}, nullptr,
       [&](TestServer&, const Reply& r) { once_token = r.Json()["token"]; }},
      {"invite: to be revoked", "POST", TeamPath(team.id, "/invites"), "{}", leader.token, 201, {}, {}, nullptr,
       [&](TestServer&, const Reply& r) {
         revoked_token = r.Json()["token"];
         revoked_id = r.Json()["id"];
       }},
      {"invite: to expire", "POST", TeamPath(team.id, "/invites"), "{}", leader.token, 201, {}, {}, nullptr,
       [&](TestServer& srv, const Reply& r) {
         expired_token = r.Json()["token"];
         srv.app().db().Write([&](storage::Conn& c) {
           storage::Exec(c, "UPDATE team_invites SET expires_at = ? WHERE id = ?", FormatRfc3339(NowSeconds() - 1),
                         r.Json()["id"].get<int64_t>());
           return true;
         });
       }},
  });
  RunScenarios(s, {
      {"preview: public", "GET", Invite(team.invite_token), "", "", 200,
       {"\"Kopi Koding\"", "\"Hackathon\"", "\"Hack Fest\"", "\"slots_left\":2", "Lia Leader"}, {"email"}},
      {"preview: unknown token", "GET", Invite("nope-not-a-token"), "", "", 404, {"not_found"}},
      {"preview: expired", "GET", Invite(expired_token), "", "", 404, {"not_found"}},
      {"revoke: a member who is not the leader", "DELETE", TeamPath(other.id, "/invites/1"), "", leader.token, 404,
       {"not_found"}},
      {"revoke: another team's invite", "DELETE", TeamPath(other.id, "/invites/" + std::to_string(revoked_id)), "",
       rival.token, 404, {"not_found"}},
      {"revoke", "DELETE", TeamPath(team.id, "/invites/" + std::to_string(revoked_id)), "", leader.token, 204},
      {"revoke again", "DELETE", TeamPath(team.id, "/invites/" + std::to_string(revoked_id)), "", leader.token, 409,
       {"invalid_state"}},
      {"preview: revoked", "GET", Invite(revoked_token), "", "", 404, {"not_found"}},
      {"accept: anonymous", "POST", Invite(team.invite_token, "/accept"), "{}", "", 401, {"unauthorized"}},
      {"accept: revoked", "POST", Invite(revoked_token, "/accept"), "{}", ana.token, 404, {"not_found"}},
      {"accept: expired", "POST", Invite(expired_token, "/accept"), "{}", ana.token, 404, {"not_found"}},
      {"accept: the leader of another team", "POST", Invite(team.invite_token, "/accept"), "{}", rival.token, 409,
       {"already_in_team"}},
      {"accept: already a member", "POST", Invite(team.invite_token, "/accept"), "{}", leader.token, 409,
       {"already_in_team"}},
      {"accept: single-use invite", "POST", Invite(once_token, "/accept"), "{}", ana.token, 201,
       {"\"member_count\":2", "Ana Member"}, {}, nullptr,
       [&](TestServer& srv, const Reply&) {
         auto mails = srv.Mails("team_member_joined", leader.email);
         REQUIRE(mails.size() == 1);
         CHECK(mails[0]["member_name"] == "Ana Member");
       }},
      {"accept: single-use invite used up", "POST", Invite(once_token, "/accept"), "{}", budi.token, 404,
       {"not_found"}},
      {"accept: the first invite", "POST", Invite(team.invite_token, "/accept"), "{}", budi.token, 201,
       {"\"member_count\":3", "\"slots_left\":0"}},
      {"accept: full", "POST", Invite(team.invite_token, "/accept"), "{}", cici.token, 409, {"team_full"}},
      {"preview: full shows no slots", "GET", Invite(team.invite_token), "", "", 200, {"\"slots_left\":0"}},
      {"the team: members see each other", "GET", TeamPath(team.id), "", ana.token, 200,
       {"Budi Member", "\"is_leader\":false", "\"is_member\":true"}, {"\"invites\"", "\"phone\""}},
      {"the team: the leader sees invites", "GET", TeamPath(team.id), "", leader.token, 200,
       {"\"invites\"", "\"revoked\":true"}, {"\"token\""}},
      {"the team: staff see phones", "GET", TeamPath(team.id), "", staff.token, 200, {"\"phone\"", "\"can_manage\":true"}},
      {"the team: the event owner sees it", "GET", TeamPath(team.id), "", owner.token, 200, {"Kopi Koding"}},
      {"the team: a stranger does not", "GET", TeamPath(team.id), "", cici.token, 404, {"not_found"}},
      {"own teams", "GET", "/api/v1/teams", "", ana.token, 200, {"\"total\":1", "Kopi Koding"}},
      {"own teams: none", "GET", "/api/v1/teams", "", dedi.token, 200, {"\"total\":0"}},
  });
}

TEST_CASE("teams: leave, remove, hand over, register, staff status") {
  TestServer s;
  TestUser owner = s.MakeUser("organizer");
  TestUser other_org = s.MakeUser("organizer");
  TestUser staff = s.MakeUser("staff");
  TestUser leader = s.MakeUser("attendee", "Lia Leader");
  TestUser ana = s.MakeUser("attendee", "Ana");
  TestUser budi = s.MakeUser("attendee", "Budi");
  TestUser solo = s.MakeUser("attendee", "Solo");
  CompetitionFixture f = MakeCompetition(s, owner, 3, /*fee=*/0);
  TeamFixture team = MakeTeam(s, leader, f.id, "Alpha");
  TeamFixture alone = MakeTeam(s, solo, f.id, "Lonely");
  Join(s, ana, team.invite_token);
  Join(s, budi, team.invite_token);
  const std::string me = "/members/";

  RunScenarios(s, {
      {"register: a member who is not the leader", "POST", TeamPath(team.id, "/register"), "", ana.token, 403,
       {"forbidden"}},
      {"register: too small", "POST", TeamPath(alone.id, "/register"), "", solo.token, 409, {"team_too_small"}},
      {"remove: a member removes another", "DELETE", TeamPath(team.id, me + std::to_string(budi.id)), "", ana.token,
       403, {"forbidden"}},
      {"remove: not a member", "DELETE", TeamPath(team.id, me + std::to_string(solo.id)), "", leader.token, 404,
       {"not_found"}},
      {"leave: the leader while others are in", "DELETE", TeamPath(team.id, me + std::to_string(leader.id)), "",
       leader.token, 409, {"leader_has_members"}},
      {"hand over: not a member", "POST", TeamPath(team.id, "/leader"), json{{"user_id", solo.id}}.dump(),
       leader.token, 400, {"\"user_id\""}},
      {"hand over: by a member", "POST", TeamPath(team.id, "/leader"), json{{"user_id", ana.id}}.dump(), ana.token,
       403, {"forbidden"}},
      {"hand over", "POST", TeamPath(team.id, "/leader"), json{{"user_id", ana.id}}.dump(), leader.token, 200,
       {"\"leader_id\":" + std::to_string(ana.id)}},
      {"leave: the old leader leaves", "DELETE", TeamPath(team.id, me + std::to_string(leader.id)), "", leader.token,
       204, {}, {}, nullptr, [&](TestServer& srv, const Reply&) { CHECK(MemberCount(srv, team.id) == 2); }},
      {"the leaver no longer sees the team", "GET", TeamPath(team.id), "", leader.token, 404, {"not_found"}},
      {"remove: the new leader removes budi", "DELETE", TeamPath(team.id, me + std::to_string(budi.id)), "",
       ana.token, 204},
      {"a leader alone leaves: the team is dissolved", "DELETE", TeamPath(alone.id, me + std::to_string(solo.id)),
       "", solo.token, 204, {}, {}, nullptr,
       [&](TestServer& srv, const Reply&) {
         CHECK(storage::ScalarInt(srv.app().db().Reader(), "SELECT COUNT(*) FROM teams WHERE id = ?", alone.id) == 0);
       }},
  });
  // Back to three members, then register: fee 0 → confirmed at once.
  Join(s, budi, team.invite_token);
  RunScenarios(s, {
      {"register: fee 0 confirms", "POST", TeamPath(team.id, "/register"), "", ana.token, 200,
       {"\"status\":\"confirmed\"", "\"order\":null"}, {}, nullptr,
       [&](TestServer& srv, const Reply&) {
         CHECK(srv.Mails("team_status_changed", budi.email).size() == 1);
       }},
      {"register again", "POST", TeamPath(team.id, "/register"), "", ana.token, 409, {"team_locked"}},
      {"accept into a registered team", "POST", Invite(team.invite_token, "/accept"), "{}", solo.token, 409,
       {"team_locked"}},
      {"leave a registered team", "DELETE", TeamPath(team.id, me + std::to_string(budi.id)), "", budi.token, 409,
       {"team_locked"}},
      {"invite for a registered team", "POST", TeamPath(team.id, "/invites"), "{}", ana.token, 409, {"team_locked"}},
      {"status: anonymous", "POST", TeamPath(team.id, "/status"), R"({"status":"finalist"})", "", 401,
       {"unauthorized"}},
      {"status: a member", "POST", TeamPath(team.id, "/status"), R"({"status":"finalist"})", ana.token, 403,
       {"forbidden"}},
      {"status: another organizer cannot see it", "POST", TeamPath(team.id, "/status"), R"({"status":"finalist"})",
       other_org.token, 404, {"not_found"}},
      {"status: unknown status", "POST", TeamPath(team.id, "/status"), R"({"status":"winner"})", staff.token, 400,
       {"\"status\""}},
      {"status: back to forming is not a decision", "POST", TeamPath(team.id, "/status"), R"({"status":"forming"})",
       staff.token, 400, {"\"status\""}},
      {"status: malformed", "POST", TeamPath(team.id, "/status"), "{", staff.token, 400, {"bad_request"}},
      {"status: confirmed again", "POST", TeamPath(team.id, "/status"), R"({"status":"confirmed"})", staff.token, 409,
       {"invalid_state"}},
      {"status: finalist with a message", "POST", TeamPath(team.id, "/status"),
       R"({"status":"finalist","message":"See you <b>on stage</b>"})", staff.token, 200, {"\"status\":\"finalist\""},
       {}, nullptr,
       [&](TestServer& srv, const Reply&) {
         for (const auto& who : {ana, budi}) {
           auto mails = srv.Mails("team_status_changed", who.email);
           REQUIRE(mails.size() == 2);
           CHECK(mails.back()["status"] == "finalist");
           CHECK(mails.back()["message"] == "See you <b>on stage</b>");
         }
       }},
      {"status: the owner disqualifies", "POST", TeamPath(team.id, "/status"), R"({"status":"disqualified"})",
       owner.token, 200, {"\"status\":\"disqualified\""}},
      {"status: withdrawn", "POST", TeamPath(team.id, "/status"), R"({"status":"withdrawn"})", staff.token, 200,
       {"\"status\":\"withdrawn\""}},
      {"status: nothing after withdrawn", "POST", TeamPath(team.id, "/status"), R"({"status":"confirmed"})",
       staff.token, 409, {"invalid_state"}},
  });
}

TEST_CASE("teams: submissions before the deadline, by members, downloadable") {
  TestServer s;
  TestUser owner = s.MakeUser("organizer");
  TestUser staff = s.MakeUser("staff");
  TestUser leader = s.MakeUser("attendee", "Lia");
  TestUser stranger = s.MakeUser("attendee");
  CompetitionFixture f = MakeCompetition(s, owner);
  TeamFixture team = MakeTeam(s, leader, f.id, "Alpha");
  const std::string path = TeamPath(team.id, "/submissions");
  auto stage = [](int64_t id) { return httplib::MultipartFormDataItems{{"stage_id", std::to_string(id), "", ""}}; };

  Reply r = s.Upload(path, "%PDF-1.4 our proposal", "proposal.pdf", stranger.token, stage(f.stage_file));
  CHECK(r.status == 404);
  r = s.Upload(path, "%PDF-1.4 our proposal", "proposal.pdf", staff.token, stage(f.stage_file));
  CHECK(r.status == 403);
  r = s.Upload(path, "%PDF-1.4 our proposal", "proposal.pdf", leader.token, {});
  CHECK(r.status == 400);
  r = s.Upload(path, "%PDF-1.4 our proposal", "proposal.pdf", leader.token, stage(999999));
  CHECK(r.status == 400);
  CHECK(r.body.find("stage_id") != std::string::npos);
  r = s.Upload(path, "just text", "notes.txt", leader.token, stage(f.stage_file));
  CHECK(r.status == 415);
  r = s.Upload(path, "%PDF-1.4 our proposal", "proposal.pdf", leader.token, stage(f.stage_none));
  CHECK(r.status == 409);
  CHECK(r.Json()["code"] == "invalid_state");
  r = s.Upload(path, "%PDF-1.4 our proposal", "proposal.pdf", leader.token, stage(f.stage_file));
  REQUIRE_MESSAGE(r.status == 201, r.body);
  const std::string download = r.Json()["download_url"];
  r = s.Upload(path, "%PDF-1.4 our proposal, second try", "proposal-v2.pdf", leader.token, stage(f.stage_file));
  REQUIRE(r.status == 201);
  CHECK(r.Json()["filename"] == "proposal-v2.pdf");
  CHECK(storage::ScalarInt(s.app().db().Reader(), "SELECT COUNT(*) FROM team_submissions WHERE team_id = ?", team.id) == 1);
  // A link stage takes a url, not a file.
  httplib::MultipartFormDataItems link = stage(f.stage_link);
  link.push_back({"url", "javascript:alert(1)", "", ""});
  r = s.Upload(path, "x", "x.pdf", leader.token, link);
  CHECK(r.status == 400);
  link.back().content = "https://git.example.org/alpha";
  r = s.Upload(path, "x", "x.pdf", leader.token, link);
  REQUIRE_MESSAGE(r.status == 201, r.body);
  CHECK(r.Json()["kind"] == "link");

  Reply list = s.Get(path, leader.token);
  CHECK(list.status == 200);
  CHECK(list.Json()["total"] == 2);
  CHECK(s.Get(path, staff.token).status == 200);
  CHECK(s.Get(path, stranger.token).status == 404);
  Reply file = s.Get(download, owner.token);
  CHECK(file.status == 200);
  CHECK(file.body == "%PDF-1.4 our proposal, second try");
  CHECK(file.Header("X-Content-Type-Options") == "nosniff");
  CHECK(file.Header("Content-Disposition").find("attachment") != std::string::npos);
  CHECK(s.Get(download, stranger.token).status == 404);

  // The deadline passes.
  s.app().db().Write([&](storage::Conn& c) {
    storage::Exec(c, "UPDATE competition_stages SET deadline = ? WHERE id = ?", FormatRfc3339(NowSeconds() - 1),
                  f.stage_file);
    return true;
  });
  r = s.Upload(path, "%PDF-1.4 late", "late.pdf", leader.token, stage(f.stage_file));
  CHECK(r.status == 409);
  CHECK(r.Json()["code"] == "deadline_passed");
}
