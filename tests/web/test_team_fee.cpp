// SPEC §9 with §6: the team fee goes through the order flow. Paid at the desk → confirmed;
// expired or cancelled → forming again; refunded → withdrawn; a late payment after the places
// went is refused. Plus the organizer's CSV (with the formula guard) and the zip of a stage.
#include <doctest/doctest.h>

#include "core/common/zip_archive.h"
#include "core/orders/orders.h"
#include "core/teams/submissions.h"
#include "tests/web/team_fixture.h"

using namespace lanyard;
using namespace lanyard::testing;
using nlohmann::json;

namespace {

struct Registered {
  TeamFixture team;
  int64_t order_id = 0;
};

Registered RegisterTeamOf(TestServer& s, const TestUser& leader, const TestUser& mate, int64_t competition_id,
                          const std::string& name) {
  Registered out;
  out.team = MakeTeam(s, leader, competition_id, name);
  Join(s, mate, out.team.invite_token);
  Reply r = s.Post(TeamPath(out.team.id, "/register"), json::object(), leader.token);
  REQUIRE_MESSAGE(r.status == 200, r.body);
  CHECK(r.Json()["status"] == "registered");
  out.order_id = r.Json()["order"]["id"];
  return out;
}

void ExpireOrder(TestServer& s, int64_t order_id) {
  s.app().db().Write([&](storage::Conn& c) {
    storage::Exec(c, "UPDATE orders SET expires_at = ? WHERE id = ?", FormatRfc3339(NowSeconds() - 10), order_id);
    return true;
  });
  CHECK(orders::ExpireOverdue(s.app(), NowSeconds()) >= 1);
}

std::string OrderPath(int64_t id, const std::string& rest = "") {
  return "/api/v1/orders/" + std::to_string(id) + rest;
}

}  // namespace

TEST_CASE("team fee: registered with a pending order, paid at the desk, confirmed") {
  TestServer s;
  TestUser owner = s.MakeUser("organizer");
  TestUser staff = s.MakeUser("staff");
  TestUser leader = s.MakeUser("attendee", "Lia");
  TestUser mate = s.MakeUser("attendee", "Ana");
  CompetitionFixture f = MakeCompetition(s, owner, 3, 150000);
  Registered reg = RegisterTeamOf(s, leader, mate, f.id, "Alpha");

  Reply team = s.Get(TeamPath(reg.team.id), mate.token);
  CHECK(team.Json()["order"]["status"] == "pending");
  CHECK(team.Json()["order"]["total"] == 150000);
  CHECK(team.Json()["order"]["payment_reference"].is_string());
  auto placed = s.Mails("order_placed", leader.email);
  REQUIRE(placed.size() == 1);
  CHECK(placed[0]["order_code"] == team.Json()["order"]["code"]);
  // The payment desk lists it with the event's orders.
  Reply desk = s.Get("/api/v1/events/" + std::to_string(f.event_id) + "/orders?status=pending", staff.token);
  CHECK(desk.body.find(team.Json()["order"]["code"].get<std::string>()) != std::string::npos);
  // The roster is locked while the fee is pending.
  CHECK(s.Call("DELETE", TeamPath(reg.team.id, "/members/" + std::to_string(mate.id)), "", mate.token).status == 409);

  Reply paid = s.Post(OrderPath(reg.order_id, "/confirm-payment"), json::object(), staff.token);
  REQUIRE_MESSAGE(paid.status == 200, paid.body);
  CHECK(paid.Json()["tickets"].empty());
  CHECK(TeamStatus(s, reg.team.id) == "confirmed");
  CHECK(s.Mails("payment_received", leader.email).size() == 1);
  CHECK(s.Mails("tickets", leader.email).empty());
  auto status_mails = s.Mails("team_status_changed", mate.email);
  REQUIRE(status_mails.size() == 1);
  CHECK(status_mails[0]["status"] == "confirmed");

  // Refunded → withdrawn.
  Reply refunded = s.Post(OrderPath(reg.order_id, "/refund"), {{"reason", "team withdrew"}}, owner.token);
  REQUIRE_MESSAGE(refunded.status == 200, refunded.body);
  CHECK(TeamStatus(s, reg.team.id) == "withdrawn");
}

TEST_CASE("team fee: expired or cancelled → forming again, and a late payment takes a place only if one is left") {
  TestServer s;
  TestUser owner = s.MakeUser("organizer");
  TestUser staff = s.MakeUser("staff");
  TestUser a = s.MakeUser("attendee", "A");
  TestUser a2 = s.MakeUser("attendee", "A2");
  TestUser b = s.MakeUser("attendee", "B");
  TestUser b2 = s.MakeUser("attendee", "B2");
  CompetitionFixture f = MakeCompetition(s, owner, 3, 150000, /*max_teams=*/1);
  Registered first = RegisterTeamOf(s, a, a2, f.id, "First");

  // The only place is held: a second team cannot register.
  TeamFixture second = MakeTeam(s, b, f.id, "Second");
  Join(s, b2, second.invite_token);
  Reply full = s.Post(TeamPath(second.id, "/register"), json::object(), b.token);
  CHECK(full.status == 409);
  CHECK(full.Json()["code"] == "competition_full");

  // The fee expires: the first team is forming again, its roster open; the place is free.
  ExpireOrder(s, first.order_id);
  CHECK(TeamStatus(s, first.team.id) == "forming");
  CHECK(s.Mails("order_expired", a.email).size() == 1);
  Reply again = s.Post(TeamPath(second.id, "/register"), json::object(), b.token);
  REQUIRE_MESSAGE(again.status == 200, again.body);
  const int64_t second_order = again.Json()["order"]["id"];

  // A late payment of the first team's expired order finds no place left: refused, nothing moves.
  Reply late = s.Post(OrderPath(first.order_id, "/confirm-payment"), json::object(), staff.token);
  CHECK(late.status == 409);
  CHECK(late.Json()["code"] == "competition_full");
  CHECK(TeamStatus(s, first.team.id) == "forming");
  CHECK(s.Get(OrderPath(first.order_id), staff.token).Json()["status"] == "expired");

  // The second team's leader cancels the order: forming again, and the late payment now fits.
  Reply cancelled = s.Post(OrderPath(second_order, "/cancel"), json::object(), b.token);
  REQUIRE_MESSAGE(cancelled.status == 200, cancelled.body);
  CHECK(TeamStatus(s, second.id) == "forming");
  Reply late_ok = s.Post(OrderPath(first.order_id, "/confirm-payment"), json::object(), staff.token);
  REQUIRE_MESSAGE(late_ok.status == 200, late_ok.body);
  CHECK(TeamStatus(s, first.team.id) == "confirmed");
}

TEST_CASE("team fee: the organizer's list, CSV with the formula guard, and the zip of a stage") {
  TestServer s;
  TestUser owner = s.MakeUser("organizer");
  TestUser other = s.MakeUser("organizer");
  TestUser staff = s.MakeUser("staff");
  TestUser attendee = s.MakeUser("attendee");
  TestUser a = s.MakeUser("attendee", "=HYPERLINK(\"http://evil\")");
  TestUser b = s.MakeUser("attendee", "Budi");
  CompetitionFixture f = MakeCompetition(s, owner);
  TeamFixture t1 = MakeTeam(s, a, f.id, "+Plus Team");
  TeamFixture t2 = MakeTeam(s, b, f.id, "Beta");
  REQUIRE(s.Upload(TeamPath(t1.id, "/submissions"), "%PDF-1.4 one", "one.pdf", a.token,
                   {{"stage_id", std::to_string(f.stage_file), "", ""}}).status == 201);
  REQUIRE(s.Upload(TeamPath(t2.id, "/submissions"), "PK\x03\x04 zip bytes", "code.zip", b.token,
                   {{"stage_id", std::to_string(f.stage_file), "", ""}}).status == 201);
  const std::string list = CompetitionPath(f.id, "/teams");

  RunScenarios(s, {
      {"list: anonymous", "GET", list, "", "", 401, {"unauthorized"}},
      {"list: attendee", "GET", list, "", attendee.token, 403, {"forbidden"}},
      {"list: another organizer", "GET", list, "", other.token, 403, {"forbidden"}},
      {"list: bad status", "GET", list + "?status=winning", "", staff.token, 400, {"\"status\""}},
      {"list: bad format", "GET", list + "?format=xml", "", staff.token, 400, {"\"format\""}},
      {"list: staff", "GET", list, "", staff.token, 200, {"\"total\":2", "Beta", "\"phone\""}},
      {"list: filtered", "GET", list + "?status=confirmed", "", owner.token, 200, {"\"total\":0"}},
      {"csv", "GET", list + "?format=csv", "", owner.token, 200,
       {"team_id,team,status,leader", "'+Plus Team", "'=HYPERLINK", "Beta"}, {"\n=HYPERLINK", ",+Plus"}, nullptr,
       [](TestServer&, const Reply& r) {
         CHECK(r.Header("Content-Type").find("text/csv") == 0);
         CHECK(r.Header("Content-Disposition").find("attachment") != std::string::npos);
       }},
      {"zip: attendee", "GET", CompetitionPath(f.id, "/stages/" + std::to_string(f.stage_file) + "/submissions.zip"),
       "", attendee.token, 403, {"forbidden"}},
      {"zip: stage of another competition", "GET", CompetitionPath(f.id, "/stages/999999/submissions.zip"), "",
       owner.token, 404, {"not_found"}},
      {"zip", "GET", CompetitionPath(f.id, "/stages/" + std::to_string(f.stage_file) + "/submissions.zip"), "",
       owner.token, 200, {}, {}, nullptr,
       [&](TestServer&, const Reply& r) {
         CHECK(r.Header("Content-Type") == "application/zip");
         auto entries = ReadZip(r.body);
         REQUIRE(entries.ok());
         REQUIRE(entries->size() == 2);
         std::map<std::string, std::string> files;
         for (const auto& e : *entries) files[e.name] = e.bytes;
         CHECK(files[std::to_string(t1.id) + "-PlusTeam/one.pdf"] == "%PDF-1.4 one");
         CHECK(files[std::to_string(t2.id) + "-Beta/code.zip"] == std::string("PK\x03\x04 zip bytes"));
       }},
  });
}

TEST_CASE("team stage reminders: mailed once to teams that have not handed in") {
  TestServer s;
  TestUser owner = s.MakeUser("organizer");
  TestUser a = s.MakeUser("attendee", "A");
  TestUser b = s.MakeUser("attendee", "B");
  CompetitionFixture f = MakeCompetition(s, owner);
  TeamFixture ta = MakeTeam(s, a, f.id, "Handed In");
  MakeTeam(s, b, f.id, "Late");
  REQUIRE(s.Upload(TeamPath(ta.id, "/submissions"), "%PDF-1.4 one", "one.pdf", a.token,
                   {{"stage_id", std::to_string(f.stage_file), "", ""}}).status == 201);
  // The file stage is due in 7 days: nothing with a 24 h horizon, one reminder with 8 days.
  CHECK(teams::SendStageReminders(s.app(), NowSeconds(), 24) == 0);
  CHECK(teams::SendStageReminders(s.app(), NowSeconds(), 8 * 24) == 1);
  CHECK(teams::SendStageReminders(s.app(), NowSeconds(), 8 * 24) == 0);
  auto mails = s.Mails("team_stage_reminder", b.email);
  REQUIRE(mails.size() == 1);
  CHECK(mails[0]["stage_name"] == "Proposal");
  CHECK(s.Mails("team_stage_reminder", a.email).empty());
}
