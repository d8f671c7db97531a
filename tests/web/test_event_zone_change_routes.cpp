// PATCH /events/{id} moving an event to another time zone (core/events/zone_change.h): keep the
// wall-clock times (every event-bound time moves, DST-correct) or keep the instants (nothing
// moves), in one transaction, optionally mailing the people holding tickets.
#include <doctest/doctest.h>

#include <map>
#include <string>

#include "core/common/time_util.h"
#include "storage/event_times_repo.h"
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

constexpr int64_t kHour = 3600;

// "<next year>-" + rest: the planned event always lies in the future (May to December of next
// year), whatever day the suite runs; a fixed year would pass into the past and the campaign
// would start at once, the lists would hide the event. One year for the whole process.
std::string At(const char* rest) {
  static const std::string year = std::to_string(std::stoi(lanyard::NowRfc3339().substr(0, 4)) + 1);
  return year + "-" + rest;
}

// An event planned in WIB (the test deployment's zone, Asia/Jakarta) with one of each kind of
// event-bound time: 1 July next year 09:00–17:00 WIB, a sale window, a session, nomination and
// voting windows, a competition with a registration window and a December stage deadline, a
// scheduled campaign. Created over the API, as an organizer would.
struct Planned {
  TestUser owner;
  int64_t event = 0;
  std::string path;
};

Planned MakePlanned(TestServer& s) {
  Planned p;
  p.owner = s.MakeUser("organizer", "Olga Organizer");
  p.event = fx::MakeEvent(s, p.owner.id, "published", "Nusantara DevConf");
  p.path = "/api/v1/events/" + std::to_string(p.event);
  auto ok = [&](const Reply& r, int status) { REQUIRE_MESSAGE(r.status == status, r.body); };
  ok(s.Patch(p.path,
             {{"starts_at", At("07-01T02:00:00Z")},
              {"ends_at", At("07-01T10:00:00Z")},
              {"time_zone", "Asia/Jakarta"},
              {"nominations_open", At("05-01T01:00:00Z")},
              {"nominations_close", At("05-15T16:00:00Z")},
              {"voting_open", At("05-16T01:00:00Z")},
              {"voting_close", At("05-20T16:00:00Z")}},
             p.owner.token),
     200);
  ok(s.Post(p.path + "/ticket-types",
            {{"name", "Early bird"},
             {"kind", "free"},
             {"sales_start", At("06-01T01:00:00Z")},
             {"sales_end", At("06-30T16:00:00Z")}},
            p.owner.token),
     201);
  ok(s.Post(p.path + "/sessions",
            {{"kind", "talk"},
             {"title", "Offline first"},
             {"speaker_name", "Siti Rahma"},
             {"room", "A"},
             {"starts_at", At("07-01T03:00:00Z")},
             {"ends_at", At("07-01T03:30:00Z")}},
            p.owner.token),
     201);
  ok(s.Post(p.path + "/competitions",
            {{"name", "Hackathon"},
             {"team_min", 1},
             {"team_max", 3},
             {"registration_opens", At("05-01T02:00:00Z")},
             {"registration_closes", At("06-01T02:00:00Z")},
             {"stages", {{{"name", "Pitch"}, {"deadline", At("12-01T02:00:00Z")}, {"takes", "none"}}}}},
            p.owner.token),
     201);
  ok(s.Post(p.path + "/campaigns",
            {{"subject", "See you soon"},
             {"body", "Doors open at 08:00."},
             {"audience", {{"kind", "ticket_holders"}}},
             {"scheduled_at", At("06-20T02:00:00Z")}},
            p.owner.token),
     201);
  return p;
}

// Every event-bound time of the event by "table/id/column index", and its start and end.
std::map<std::string, std::string> Times(TestServer& s, int64_t event) {
  std::map<std::string, std::string> out;
  for (const storage::EventTimeRow& row : storage::ListEventTimeRows(s.app().db().Reader(), event)) {
    for (size_t i = 0; i < row.times.size(); ++i) {
      if (row.times[i]) {
        out[std::to_string(static_cast<int>(row.table)) + "/" + std::to_string(row.id) + "/" +
            std::to_string(i)] = *row.times[i];
      }
    }
  }
  storage::Query q(s.app().db().Reader(), "SELECT starts_at, ends_at FROM events WHERE id = ?", event);
  REQUIRE(q.Next());
  out["event/starts_at"] = q.Text(0);
  out["event/ends_at"] = q.Text(1);
  return out;
}

int64_t Unix(const std::string& t) { return lanyard::ParseRfc3339(t).value(); }

// `after` holds exactly the keys of `before`, each moved by `shift(before)` seconds.
void CheckMoved(const std::map<std::string, std::string>& before,
                const std::map<std::string, std::string>& after,
                const std::function<int64_t(const std::string&)>& shift) {
  REQUIRE(after.size() == before.size());
  for (const auto& entry : before) {
    const std::string key = entry.first;
    const std::string was = entry.second;
    INFO("time ", key, " was ", was);
    REQUIRE(after.count(key) == 1);
    CHECK(Unix(after.at(key)) - Unix(was) == shift(was));
  }
}

std::string Locale(TestServer& s, const std::string& kind, const std::string& to) {
  storage::Query q(s.app().db().Reader(),
                   "SELECT locale FROM mail_outbox WHERE kind = ? AND to_email = ?", kind, to);
  return q.Next() ? q.Text(0) : std::string("(none)");
}

}  // namespace

TEST_CASE("zone change: keeping the wall times moves every event-bound time, WIB to WITA") {
  TestServer s;
  Planned p = MakePlanned(s);
  const auto before = Times(s, p.event);
  // Event start and end, sale window (2), session (2), windows (4), registration (2), stage,
  // campaign.
  REQUIRE(before.size() == 14);
  Reply r = s.Patch(p.path, {{"time_zone", "Asia/Makassar"}, {"zone_change", "keep_wall_times"}},
                    p.owner.token);
  REQUIRE_MESSAGE(r.status == 200, r.body);
  // 09:00 WIB (02:00Z) is now 09:00 WITA (01:00Z); the reply shows it.
  CHECK(r.Json()["starts_at"] == At("07-01T01:00:00Z"));
  CHECK(r.Json()["time_zone"] == "Asia/Makassar");
  CHECK(r.Json()["voting_close"] == At("05-20T15:00:00Z"));
  CheckMoved(before, Times(s, p.event), [](const std::string&) { return -kHour; });
  // The session's page data says the same wall time in the new zone.
  Reply sessions = s.Get(p.path + "/sessions");
  const json items = sessions.Json()["items"];
  REQUIRE(items.size() == 1);
  CHECK(items[0]["starts_at"] == At("07-01T02:00:00Z"));  // 10:00 WIB = 10:00 WITA now
  CHECK(items[0]["event_time_zone"] == "Asia/Makassar");
  // Nobody was mailed: notify_holders was not asked for.
  storage::Query mails(s.app().db().Reader(),
                       "SELECT COUNT(*) FROM mail_outbox WHERE kind = 'event_times_changed'");
  REQUIRE(mails.Next());
  CHECK(mails.Int(0) == 0);
}

TEST_CASE("zone change: keep_wall_times is the default, across Berlin's DST offsets") {
  TestServer s;
  Planned p = MakePlanned(s);
  const auto before = Times(s, p.event);
  Reply r = s.Patch(p.path, {{"time_zone", "Europe/Berlin"}}, p.owner.token);
  REQUIRE_MESSAGE(r.status == 200, r.body);
  // WIB is UTC+7; Berlin is UTC+2 in summer (CEST) and UTC+1 in winter (CET): the same clock
  // time is 5 hours later in May–July and 6 hours later on 1 December (the stage deadline).
  CheckMoved(before, Times(s, p.event), [](const std::string& was) {
    return was.rfind(At("12-"), 0) == 0 ? 6 * kHour : 5 * kHour;
  });
  CHECK(r.Json()["starts_at"] == At("07-01T07:00:00Z"));  // 09:00 CEST
}

TEST_CASE("zone change: keep_instants moves nothing, and bad values or refused callers change nothing") {
  TestServer s;
  Planned p = MakePlanned(s);
  TestUser other = s.MakeUser("organizer");
  TestUser staff = s.MakeUser("staff");
  TestUser attendee = s.MakeUser("attendee");
  const auto before = Times(s, p.event);
  const auto unchanged = [&](TestServer& srv, const Reply&) { CHECK(Times(srv, p.event) == before); };
  const std::string to_wita = json{{"time_zone", "Asia/Makassar"}, {"zone_change", "keep_wall_times"}}.dump();
  std::vector<Scenario> table = {
      {"an unknown zone_change", "PATCH", p.path,
       json{{"time_zone", "Asia/Makassar"}, {"zone_change", "keep_everything"}}.dump(), p.owner.token,
       400, {"validation_failed", "\"zone_change\"", "keep_wall_times or keep_instants"}, {}, nullptr,
       unchanged},
      {"zone_change of the wrong type", "PATCH", p.path,
       json{{"time_zone", "Asia/Makassar"}, {"zone_change", 1}}.dump(), p.owner.token, 400,
       {"zone_change"}, {}, nullptr, unchanged},
      {"notify_holders of the wrong type", "PATCH", p.path,
       json{{"time_zone", "Asia/Makassar"}, {"notify_holders", "yes"}}.dump(), p.owner.token, 400,
       {"notify_holders"}, {}, nullptr, unchanged},
      {"an end before the start after the move rolls every time back", "PATCH", p.path,
       json{{"time_zone", "Asia/Makassar"}, {"starts_at", At("07-01T09:30:00Z")}}.dump(),
       p.owner.token, 400, {"validation_failed", "\"ends_at\""}, {}, nullptr, unchanged},
      {"anonymous", "PATCH", p.path, to_wita, "", 401, {"unauthorized"}, {}, nullptr, unchanged},
      {"an attendee", "PATCH", p.path, to_wita, attendee.token, 403, {"forbidden"}, {}, nullptr,
       unchanged},
      {"staff", "PATCH", p.path, to_wita, staff.token, 403, {"forbidden"}, {}, nullptr, unchanged},
      {"another organizer", "PATCH", p.path, to_wita, other.token, 403, {"forbidden"}, {}, nullptr,
       unchanged},
      {"keep_instants changes the zone only", "PATCH", p.path,
       json{{"time_zone", "Asia/Makassar"}, {"zone_change", "keep_instants"}}.dump(), p.owner.token,
       200, {"\"time_zone\":\"Asia/Makassar\"", "\"starts_at\":\"" + At("07-01T02:00:00Z") + "\""}, {},
       nullptr, unchanged},
      {"the same zone again moves nothing", "PATCH", p.path, to_wita, p.owner.token, 200,
       {"\"starts_at\":\"" + At("07-01T02:00:00Z") + "\""}, {}, nullptr, unchanged},
  };
  RunScenarios(s, table);
}

TEST_CASE("zone change: times sent with the change are taken as sent, and null is the site's zone again") {
  TestServer s;
  Planned p = MakePlanned(s);
  const auto before = Times(s, p.event);
  Reply r = s.Patch(p.path,
                    {{"time_zone", "Asia/Jayapura"},
                     {"starts_at", At("07-01T00:00:00Z")},
                     {"voting_close", At("05-21T00:00:00Z")}},
                    p.owner.token);
  REQUIRE_MESSAGE(r.status == 200, r.body);
  CHECK(r.Json()["starts_at"] == At("07-01T00:00:00Z"));
  CHECK(r.Json()["voting_close"] == At("05-21T00:00:00Z"));
  CHECK(r.Json()["ends_at"] == At("07-01T08:00:00Z"));  // 17:00 WIT (UTC+9)
  // null = the deployment's zone (WIB): the wall times come back to where they were.
  r = s.Patch(p.path, json::parse(R"({"time_zone": null})"), p.owner.token);
  REQUIRE_MESSAGE(r.status == 200, r.body);
  CHECK(r.Json()["time_zone"].is_null());
  auto after = Times(s, p.event);
  CHECK(after.at("event/ends_at") == before.at("event/ends_at"));
  CHECK(after.at("event/starts_at") == At("07-01T02:00:00Z"));
}

TEST_CASE("zone change: notify_holders mails each address holding a ticket once, en and id") {
  TestServer s;
  Planned p = MakePlanned(s);
  // The organizer reads Indonesian; a companion without an account reads the organizer's
  // language (the person whose action caused the mail).
  REQUIRE(s.Patch("/api/v1/me", {{"locale", "id"}}, p.owner.token).status == 200);
  TestUser buyer = s.MakeUser("attendee", "Budi Buyer");
  const int64_t type = fx::MakeTicketType(s, p.event, "Regular");
  fx::MakeTickets(s, p.event, type, buyer.id, 2, "Budi Buyer", buyer.email);
  fx::MakeTickets(s, p.event, type, buyer.id, 1, "Citra", "citra@example.org");
  fx::MakeTickets(s, p.event, type, buyer.id, 1, "Citra again", "Citra@Example.org");
  Reply r = s.Patch(p.path,
                    {{"time_zone", "Asia/Makassar"},
                     {"zone_change", "keep_wall_times"},
                     {"notify_holders", true}},
                    p.owner.token);
  REQUIRE_MESSAGE(r.status == 200, r.body);
  auto to_buyer = s.Mails("event_times_changed", buyer.email);
  REQUIRE(to_buyer.size() == 1);
  CHECK(to_buyer[0]["time_zone"] == "Asia/Makassar");
  CHECK(to_buyer[0]["old_time_zone"] == "Asia/Jakarta");
  CHECK(to_buyer[0]["wall_times_kept"] == true);
  CHECK(to_buyer[0]["event_starts_at"]["$time"] == At("07-01T01:00:00Z"));
  CHECK(to_buyer[0]["event_starts_at"]["tz"] == "Asia/Makassar");
  CHECK(to_buyer[0]["old_starts_at"]["$time"] == At("07-01T02:00:00Z"));
  CHECK(to_buyer[0]["old_starts_at"]["tz"] == "Asia/Jakarta");
  CHECK(Locale(s, "event_times_changed", buyer.email) == "en");
  // One mail for the companion, whichever letter case the buyer typed.
  storage::Query q(s.app().db().Reader(),
                   "SELECT COUNT(*), MIN(locale) FROM mail_outbox WHERE kind = 'event_times_changed' "
                   "AND lower(to_email) = 'citra@example.org'");
  REQUIRE(q.Next());
  CHECK(q.Int(0) == 1);
  CHECK(q.Text(1) == "id");
}

TEST_CASE("zone change: keeping the instants can notify too, and says nothing moved") {
  TestServer s;
  Planned p = MakePlanned(s);
  TestUser buyer = s.MakeUser("attendee", "Budi Buyer");
  const int64_t type = fx::MakeTicketType(s, p.event, "Regular");
  fx::MakeTickets(s, p.event, type, buyer.id, 1, "Budi Buyer", buyer.email);
  Reply r = s.Patch(p.path,
                    {{"time_zone", "Asia/Makassar"},
                     {"zone_change", "keep_instants"},
                     {"notify_holders", true}},
                    p.owner.token);
  REQUIRE_MESSAGE(r.status == 200, r.body);
  auto mails = s.Mails("event_times_changed", buyer.email);
  REQUIRE(mails.size() == 1);
  CHECK(mails[0]["wall_times_kept"] == false);
  CHECK(mails[0]["event_starts_at"]["$time"] == At("07-01T02:00:00Z"));
}
