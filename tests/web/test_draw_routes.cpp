// SPEC §11: prize draws — every route, its errors and the roles it refuses. Tickets are written
// straight into the database here, so these tests depend only on the ticketing schema.
#include <doctest/doctest.h>

#include <algorithm>
#include <map>
#include <set>
#include <thread>

#include "core/common/crypto.h"
#include "core/draws/draw_algorithm.h"
#include "core/draws/draws.h"
#include "core/common/time_util.h"
#include "storage/events_repo.h"
#include "storage/query.h"
#include "tests/support/test_server.h"

using namespace lanyard;
using namespace lanyard::testing;
using nlohmann::json;

namespace {

// An event with one free ticket type and an order to hang tickets on.
struct EventFixture {
  int64_t id = 0;
  int64_t ticket_type_id = 0;
};

EventFixture MakeEvent(TestServer& s, int64_t organizer_id, const std::string& status,
                       const std::string& title = "DevFest") {
  EventFixture f;
  s.app().db().Write([&](storage::Conn& c) {
    storage::EventRow e;
    e.organizer_id = organizer_id;
    e.title = title;
    e.starts_at = "2030-06-01T09:00:00Z";
    e.ends_at = "2030-06-01T17:00:00Z";
    e.status = ParseEventStatus(status).value();
    e.created_at = e.updated_at = NowRfc3339();
    f.id = storage::InsertEvent(c, e);
    f.ticket_type_id = storage::InsertId(c,
                  "INSERT INTO ticket_types (event_id, name, kind, price, created_at) "
                  "VALUES (?, 'Free', 'free', 0, ?) RETURNING id",
                  f.id, e.created_at);
    return true;
  });
  return f;
}

int64_t g_order_counter = 0;

// A paid order with `count` tickets for the user; the first `checked_in` of them checked in.
void GiveTickets(TestServer& s, const EventFixture& ev, int64_t user_id, int count = 1,
                 int checked_in = 0, const std::string& status = "valid") {
  s.app().db().Write([&](storage::Conn& c) {
    const std::string now = NowRfc3339();
    const std::string code = "DRW" + std::to_string(++g_order_counter);
    const int64_t order_id = storage::InsertId(c,
                  "INSERT INTO orders (code, event_id, user_id, status, total, currency, created_at, "
                  "paid_at) VALUES (?, ?, ?, 'paid', 0, 'IDR', ?, ?) RETURNING id",
                  code, ev.id, user_id, now, now);
    for (int i = 0; i < count; ++i) {
      const std::optional<std::string> at = i < checked_in ? std::optional<std::string>(now) : std::nullopt;
      storage::Exec(c,
                    "INSERT INTO tickets (order_id, event_id, ticket_type_id, user_id, holder_name, "
                    "holder_email, status, checked_in_at, created_at) VALUES (?, ?, ?, ?, 'H', "
                    "'h@example.org', ?, ?, ?)",
                    order_id, ev.id, ev.ticket_type_id, user_id, status, at, now);
    }
    return true;
  });
}

std::string Path(int64_t draw_id, const std::string& rest = "") {
  return "/api/v1/draws/" + std::to_string(draw_id) + rest;
}

std::string EventDraws(int64_t event_id) { return "/api/v1/events/" + std::to_string(event_id) + "/draws"; }

int64_t CreateDraw(TestServer& s, const TestUser& who, int64_t event_id, const json& body) {
  Reply r = s.Post(EventDraws(event_id), body, who.token);
  REQUIRE_MESSAGE(r.status == 201, r.body);
  return r.Json()["id"].get<int64_t>();
}

std::string StoredSeed(TestServer& s, int64_t draw_id) {
  storage::Query q(s.app().db().Reader(), "SELECT seed FROM draws WHERE id = ?", draw_id);
  REQUIRE(q.Next());
  return q.Text(0);
}

std::string HexToBytes(const std::string& hex) {
  std::string out;
  REQUIRE(crypto::HexDecode(hex, &out));
  return out;
}

int64_t AuditCount(TestServer& s, const std::string& action, int64_t draw_id) {
  return storage::ScalarInt(s.app().db().Reader(),
                            "SELECT COUNT(*) FROM audit_log WHERE action = ? AND target_id = ?", action,
                            draw_id)
      .value_or(0);
}

const json kSimpleDraw = {{"title", "Door prizes"},
                          {"prizes", {{{"name", "Tablet"}, {"quantity", 1}}, {{"name", "Mug"}, {"quantity", 2}}}},
                          {"eligibility", "checked_in"}};

json DrawBody(const std::string& eligibility, int64_t window = 30, int64_t quantity = 1) {
  return {{"title", "Lucky " + eligibility},
          {"prizes", {{{"name", "Headphones"}, {"quantity", quantity}}}},
          {"eligibility", eligibility},
          {"claim_window_minutes", window}};
}

}  // namespace

TEST_CASE("draws: display name is the first name and an initial") {
  CHECK(draws::DisplayName("Siti Rahma Dewi") == "Siti D.");
  CHECK(draws::DisplayName("  Budi  ") == "Budi");
  CHECK(draws::DisplayName("Ana \xC3\x89lise") == "Ana \xC3\x89.");
  CHECK(draws::DisplayName("") == "");
}

TEST_CASE("draws: create refuses roles and bad input, commits to a secret seed") {
  TestServer s;
  TestUser admin = s.MakeUser("admin");
  TestUser owner = s.MakeUser("organizer");
  TestUser other = s.MakeUser("organizer");
  TestUser staff = s.MakeUser("staff");
  TestUser attendee = s.MakeUser("attendee");
  EventFixture published = MakeEvent(s, owner.id, "published");
  EventFixture draft = MakeEvent(s, owner.id, "draft");
  EventFixture cancelled = MakeEvent(s, owner.id, "cancelled");
  const std::string path = EventDraws(published.id);
  const std::string good = kSimpleDraw.dump();

  RunScenarios(s, {
      {"anonymous", "POST", path, good, "", 401, {"unauthorized"}},
      {"attendee", "POST", path, good, attendee.token, 403, {"forbidden"}},
      {"staff", "POST", path, good, staff.token, 403, {"forbidden"}},
      {"another organizer, published event", "POST", path, good, other.token, 403, {"forbidden"}},
      {"another organizer, draft event is invisible", "POST", EventDraws(draft.id), good, other.token,
       404, {"not_found"}},
      {"unknown event", "POST", EventDraws(999999), good, owner.token, 404, {"not_found"}},
      {"cancelled event", "POST", EventDraws(cancelled.id), good, owner.token, 409, {"invalid_state"}},
      {"malformed JSON", "POST", path, "{", owner.token, 400, {"bad_request"}},
      {"title of the wrong type", "POST", path, R"({"title":5})", owner.token, 400, {"bad_request"}},
      {"prizes not a list", "POST", path,
       R"({"title":"x","prizes":"Tablet","eligibility":"opt_in"})", owner.token, 400,
       {"bad_request", "\"prizes\""}},
      {"quantity not an integer", "POST", path,
       R"({"title":"x","prizes":[{"name":"T","quantity":"2"}],"eligibility":"opt_in"})", owner.token,
       400, {"bad_request"}},
      {"missing everything", "POST", path, "{}", owner.token, 400,
       {"validation_failed", "\"title\"", "\"prizes\"", "\"eligibility\""}},
      {"zero quantity", "POST", path,
       R"({"title":"x","prizes":[{"name":"T","quantity":0}],"eligibility":"opt_in"})", owner.token,
       400, {"validation_failed", "\"prizes\""}},
      {"nameless prize", "POST", path,
       R"({"title":"x","prizes":[{"name":"  ","quantity":1}],"eligibility":"opt_in"})", owner.token,
       400, {"validation_failed", "\"prizes\""}},
      {"unknown eligibility", "POST", path,
       R"({"title":"x","prizes":[{"name":"T","quantity":1}],"eligibility":"everyone"})", owner.token,
       400, {"validation_failed", "\"eligibility\""}},
      {"negative claim window", "POST", path,
       R"({"title":"x","prizes":[{"name":"T"}],"eligibility":"opt_in","claim_window_minutes":-1})",
       owner.token, 400, {"validation_failed", "\"claim_window_minutes\""}},
      {"owner creates", "POST", path, good, owner.token, 201,
       {"\"status\":\"open\"", "\"commitment\":\"", "\"seed\":null", "\"entrants_hash\":null",
        "\"claim_window_minutes\":30", "\"algorithm\":\"lanyard-draw-v1\"", "\"Tablet\"",
        "\"winners\":[]"},
       {},
       nullptr,
       [](TestServer& srv, const Reply& r) {
         const json d = r.Json();
         const std::string seed = StoredSeed(srv, d["id"]);
         CHECK(seed.size() == 64);
         // The commitment is SHA-256 of the 32 seed bytes; the seed itself never left.
         CHECK(d["commitment"] == DrawCommitment(HexToBytes(seed)));
         CHECK(r.body.find(seed) == std::string::npos);
         CHECK(AuditCount(srv, "draw.create", d["id"]) == 1);
         storage::Query q(srv.app().db().Reader(), "SELECT details FROM audit_log WHERE action = 'draw.create'");
         while (q.Next()) CHECK(q.Text(0).find(seed) == std::string::npos);
       }},
      {"admin creates on any event, with a quantity default", "POST", EventDraws(draft.id),
       R"({"title":"Admin draw","prizes":[{"name":"Shirt"}],"eligibility":"opt_in","claim_window_minutes":0,"entry_requires_check_in":true})",
       admin.token, 201,
       {"\"quantity\":1", "\"claim_window_minutes\":0", "\"entry_requires_check_in\":true"}},
  });

  // Two draws never share a seed.
  const int64_t a = CreateDraw(s, owner, published.id, kSimpleDraw);
  const int64_t b = CreateDraw(s, owner, published.id, kSimpleDraw);
  CHECK(StoredSeed(s, a) != StoredSeed(s, b));
}

TEST_CASE("draws: reading follows the event's visibility and never shows the seed early") {
  TestServer s;
  TestUser owner = s.MakeUser("organizer");
  TestUser other = s.MakeUser("organizer");
  TestUser staff = s.MakeUser("staff");
  TestUser attendee = s.MakeUser("attendee");
  EventFixture published = MakeEvent(s, owner.id, "published");
  EventFixture draft = MakeEvent(s, owner.id, "draft");
  const int64_t open_draw = CreateDraw(s, owner, published.id, kSimpleDraw);
  const int64_t draft_draw = CreateDraw(s, owner, draft.id, kSimpleDraw);
  const std::string seed = StoredSeed(s, open_draw);

  RunScenarios(s, {
      {"anonymous lists a published event's draws", "GET", EventDraws(published.id), "", "", 200,
       {"\"items\":[", "\"total\":1", "\"commitment\"", "Door prizes"}, {seed, "\"my\""}},
      {"attendee sees own state", "GET", Path(open_draw), "", attendee.token, 200,
       {"\"my\":{", "\"entered\":false", "\"winner\":null"}, {seed}},
      {"anonymous reads one", "GET", Path(open_draw), "", "", 200, {"\"seed\":null"}, {seed}},
      {"proof before the draw", "GET", Path(open_draw, "/proof"), "", owner.token, 409,
       {"not_drawn"}, {seed}},
      {"draft event's draws hidden from anonymous", "GET", EventDraws(draft.id), "", "", 404},
      {"draft draw hidden from attendees", "GET", Path(draft_draw), "", attendee.token, 404},
      {"draft draw hidden from another organizer", "GET", Path(draft_draw), "", other.token, 404},
      {"draft draw visible to staff", "GET", Path(draft_draw), "", staff.token, 200},
      {"draft draw visible to its owner", "GET", EventDraws(draft.id), "", owner.token, 200,
       {"\"total\":1"}},
      {"unknown draw", "GET", Path(424242), "", "", 404, {"not_found"}},
      {"unknown event", "GET", EventDraws(424242), "", "", 404},
      {"bad paging", "GET", EventDraws(published.id) + "?limit=0", "", "", 400},
  });
}

TEST_CASE("draws: opt-in entries") {
  TestServer s;
  TestUser owner = s.MakeUser("organizer");
  TestUser holder = s.MakeUser("attendee", "Budi Santoso");
  TestUser checked = s.MakeUser("attendee", "Siti Rahma Dewi");
  TestUser no_ticket = s.MakeUser("attendee");
  TestUser voided = s.MakeUser("attendee");
  TestUser refunded_later = s.MakeUser("attendee");
  EventFixture ev = MakeEvent(s, owner.id, "published");
  EventFixture other_ev = MakeEvent(s, owner.id, "published", "Other");
  GiveTickets(s, ev, holder.id, 2);
  GiveTickets(s, ev, checked.id, 1, 1);
  GiveTickets(s, ev, voided.id, 1, 0, "void");
  GiveTickets(s, other_ev, no_ticket.id, 1, 1);  // a ticket, but for another event
  GiveTickets(s, ev, refunded_later.id, 1);
  const int64_t opt_in = CreateDraw(s, owner, ev.id, DrawBody("opt_in"));
  json strict_body = DrawBody("opt_in");
  strict_body["entry_requires_check_in"] = true;
  const int64_t strict = CreateDraw(s, owner, ev.id, strict_body);
  const int64_t checked_in = CreateDraw(s, owner, ev.id, DrawBody("checked_in"));
  const std::string entries = Path(opt_in, "/entries");

  RunScenarios(s, {
      {"anonymous", "POST", entries, "{}", "", 401},
      {"ticket for another event only", "POST", entries, "{}", no_ticket.token, 403, {"not_eligible"}},
      {"void ticket", "POST", entries, "{}", voided.token, 403, {"not_eligible"}},
      {"holder of two tickets enters once", "POST", entries, "{}", holder.token, 201,
       {"\"entered\":true", "\"entrant_count\":1"}},
      {"second entry", "POST", entries, "{}", holder.token, 409, {"already_entered"}},
      {"checked-in holder enters", "POST", entries, "{}", checked.token, 201, {"\"entrant_count\":2"}},
      {"refunded later enters", "POST", entries, "{}", refunded_later.token, 201},
      {"not an opt-in draw", "POST", Path(checked_in, "/entries"), "{}", holder.token, 409,
       {"invalid_state"}},
      {"check-in required, not checked in", "POST", Path(strict, "/entries"), "{}", holder.token, 403,
       {"not_eligible"}},
      {"check-in required, checked in", "POST", Path(strict, "/entries"), "{}", checked.token, 201},
      {"unknown draw", "POST", Path(777777, "/entries"), "{}", holder.token, 404},
      {"withdraw", "DELETE", Path(opt_in, "/entries/me"), "", holder.token, 204},
      {"withdraw twice", "DELETE", Path(opt_in, "/entries/me"), "", holder.token, 404},
      {"withdraw without entering", "DELETE", Path(opt_in, "/entries/me"), "", no_ticket.token, 404},
      {"withdraw anonymous", "DELETE", Path(opt_in, "/entries/me"), "", "", 401},
      {"enter again after withdrawing", "POST", entries, "{}", holder.token, 201},
  });
  CHECK(AuditCount(s, "draw.enter", opt_in) == 4);
  CHECK(AuditCount(s, "draw.leave", opt_in) == 1);

  // A refund between entering and the draw drops the person out; entrants are people.
  s.app().db().Write([&](storage::Conn& c) {
    storage::Exec(c, "UPDATE tickets SET status = 'void' WHERE user_id = ?", refunded_later.id);
    return true;
  });
  Reply performed = s.Post(Path(opt_in, "/perform"), json::object(), owner.token);
  REQUIRE_MESSAGE(performed.status == 200, performed.body);
  Reply proof = s.Get(Path(opt_in, "/proof"));
  REQUIRE(proof.status == 200);
  CHECK(proof.Json()["entrants"] == json::array({holder.id, checked.id}));

  RunScenarios(s, {
      {"enter after the draw", "POST", entries, "{}", checked.token, 409, {"already_drawn"}},
      {"withdraw after the draw", "DELETE", Path(opt_in, "/entries/me"), "", checked.token, 409,
       {"already_drawn"}},
  });
}

TEST_CASE("draws: perform freezes the entrants, picks winners and mails them") {
  TestServer s;
  TestUser admin = s.MakeUser("admin");
  TestUser owner = s.MakeUser("organizer");
  TestUser other = s.MakeUser("organizer");
  TestUser staff = s.MakeUser("staff");
  std::vector<TestUser> people;
  for (int i = 0; i < 6; ++i) people.push_back(s.MakeUser("attendee", "Person" + std::to_string(i) + " Family"));
  EventFixture ev = MakeEvent(s, owner.id, "published", "DevFest <Jakarta>");
  EventFixture empty_ev = MakeEvent(s, owner.id, "published", "Empty");
  // people 0..3 checked in (person 1 holds three tickets, one checked in), 4 not, 5 void.
  GiveTickets(s, ev, people[0].id, 1, 1);
  GiveTickets(s, ev, people[1].id, 3, 1);
  GiveTickets(s, ev, people[2].id, 1, 1);
  GiveTickets(s, ev, people[3].id, 1, 1);
  GiveTickets(s, ev, people[4].id, 1, 0);
  GiveTickets(s, ev, people[5].id, 1, 1, "void");
  GiveTickets(s, ev, staff.id, 1, 1);
  const int64_t draw = CreateDraw(s, owner, ev.id, kSimpleDraw);
  const int64_t holders_draw = CreateDraw(s, owner, ev.id, DrawBody("ticket_holders", 30, 10));
  const int64_t empty_draw = CreateDraw(s, owner, empty_ev.id, kSimpleDraw);
  const int64_t opt_in_empty = CreateDraw(s, owner, ev.id, DrawBody("opt_in"));
  const std::string seed = StoredSeed(s, draw);
  std::vector<int64_t> expected_entrants = {people[0].id, people[1].id, people[2].id, people[3].id,
                                            staff.id};
  std::sort(expected_entrants.begin(), expected_entrants.end());

  RunScenarios(s, {
      {"open draw counts the checked-in people", "GET", Path(draw), "", "", 200,
       {"\"entrant_count\":5"}},
      {"anonymous", "POST", Path(draw, "/perform"), "{}", "", 401},
      {"attendee", "POST", Path(draw, "/perform"), "{}", people[0].token, 403},
      {"staff", "POST", Path(draw, "/perform"), "{}", staff.token, 403},
      {"another organizer", "POST", Path(draw, "/perform"), "{}", other.token, 403},
      {"unknown draw", "POST", Path(989898, "/perform"), "{}", owner.token, 404},
      {"nobody holds a ticket", "POST", Path(empty_draw, "/perform"), "{}", owner.token, 409,
       {"no_entrants"}},
      {"opt-in draw nobody entered", "POST", Path(opt_in_empty, "/perform"), "{}", owner.token, 409,
       {"no_entrants"}},
      {"owner performs", "POST", Path(draw, "/perform"), "{}", owner.token, 200,
       {"\"status\":\"drawn\"", "\"seed\":\"" + seed + "\"", "\"entrants_hash\":\"",
        "\"entrant_count\":5", "\"display_name\":\"Person", " F.\""},
       {},
       nullptr,
       [&](TestServer& srv, const Reply& r) {
         const json d = r.Json();
         CHECK(d["entrants_hash"] == EntrantsHash(expected_entrants));
         const auto expected = PickDrawWinners(HexToBytes(seed), expected_entrants,
                                               {{"Tablet", 1}, {"Mug", 2}});
         REQUIRE(d["winners"].size() == 3);
         REQUIRE(expected.size() == 3);
         std::set<std::string> mailed;
         for (size_t i = 0; i < 3; ++i) {
           CHECK(d["winners"][i]["slot"] == i + 1);
           CHECK(d["winners"][i]["position"] == i + 1);
           CHECK(d["winners"][i]["prize"] == expected[i].prize);
           CHECK(d["winners"][i]["claimed"] == false);
         }
         // Each winner got one draw_won mail with the draw's data.
         for (const auto& w : expected) {
           std::string email = w.user_id == staff.id ? staff.email : "";
           for (const auto& p : people) {
             if (p.id == w.user_id) email = p.email;
           }
           auto mails = srv.Mails("draw_won", email);
           REQUIRE(mails.size() == 1);
           CHECK(mails[0]["prize"] == w.prize);
           CHECK(mails[0]["prize_name"] == w.prize);
           CHECK(mails[0]["draw_title"] == "Door prizes");
           CHECK(mails[0]["event_title"] == "DevFest <Jakarta>");
           CHECK(mails[0]["claim_url"].get<std::string>().find("/draws/" + std::to_string(draw)) !=
                 std::string::npos);
           CHECK(mails[0]["claim_deadline"].is_string());
           mailed.insert(email);
         }
         CHECK(mailed.size() == 3);
         CHECK(AuditCount(srv, "draw.perform", draw) == 1);
       }},
      {"again", "POST", Path(draw, "/perform"), "{}", owner.token, 409, {"already_drawn"}},
      {"admin performs another organizer's draw; nobody wins twice", "POST",
       Path(holders_draw, "/perform"), "{}", admin.token, 200, {"\"status\":\"drawn\""}, {},
       nullptr,
       [&](TestServer& srv, const Reply& r) {
         // Ten units, six ticket holders (void ticket excluded; three tickets count once).
         const json d = r.Json();
         CHECK(d["entrant_count"] == 6);
         CHECK(d["winners"].size() == 6);
         const json proof = srv.Get(Path(holders_draw, "/proof")).Json();
         std::set<int64_t> users;
         for (const auto& w : proof["winners"]) users.insert(w["user_id"].get<int64_t>());
         CHECK(users.size() == 6);
         CHECK(users.count(people[5].id) == 0);
       }},
      {"staff of the event see the winners' names", "GET", Path(draw), "", staff.token, 200,
       {"\"email\":\"", "\"user_id\":"}},
      {"the public sees display names only", "GET", Path(draw), "", "", 200, {"\"display_name\""},
       {"@example.org", "\"user_id\"", "Family"}},
  });
}

TEST_CASE("draws: the proof recomputes, the tampered proof does not") {
  TestServer s;
  TestUser owner = s.MakeUser("organizer");
  TestUser attendee = s.MakeUser("attendee");
  EventFixture ev = MakeEvent(s, owner.id, "published");
  EventFixture draft = MakeEvent(s, owner.id, "draft");
  std::vector<int64_t> ids;
  for (int i = 0; i < 8; ++i) {
    TestUser u = s.MakeUser("attendee");
    GiveTickets(s, ev, u.id, 1, 1);
    GiveTickets(s, draft, u.id, 1, 1);
    ids.push_back(u.id);
  }
  const int64_t draw = CreateDraw(s, owner, ev.id, kSimpleDraw);
  const int64_t hidden = CreateDraw(s, owner, draft.id, kSimpleDraw);
  REQUIRE(s.Post(Path(draw, "/perform"), json::object(), owner.token).status == 200);
  REQUIRE(s.Post(Path(hidden, "/perform"), json::object(), owner.token).status == 200);

  RunScenarios(s, {
      {"anyone reads a published event's proof", "GET", Path(draw, "/proof"), "", "", 200,
       {"\"algorithm\":\"lanyard-draw-v1\"", "\"entrants\":[", "\"redraws\":[]", "\"draw_id\":"},
       {},
       nullptr,
       [&](TestServer&, const Reply& r) {
         json proof = r.Json();
         CHECK(proof["entrants"] == json(ids));
         const auto verified = VerifyDrawProof(proof);
         CHECK_MESSAGE(verified.ok, json(verified.differences).dump());
         proof["winners"][0]["user_id"] = proof["winners"][1]["user_id"];
         CHECK_FALSE(VerifyDrawProof(proof).ok);
       }},
      {"draft event's proof is hidden", "GET", Path(hidden, "/proof"), "", attendee.token, 404},
      {"unknown draw", "GET", Path(5555, "/proof"), "", "", 404},
  });
}

TEST_CASE("draws: claims by the winner and at the desk") {
  TestServer s;
  TestUser owner = s.MakeUser("organizer");
  TestUser other = s.MakeUser("organizer");
  TestUser staff = s.MakeUser("staff");
  TestUser outsider = s.MakeUser("attendee");
  std::vector<TestUser> people;
  EventFixture ev = MakeEvent(s, owner.id, "published");
  for (int i = 0; i < 4; ++i) {
    people.push_back(s.MakeUser("attendee"));
    GiveTickets(s, ev, people.back().id, 1, 1);
  }
  // Two units, one draw with a window, one without.
  const int64_t draw = CreateDraw(s, owner, ev.id, DrawBody("checked_in", 30, 2));
  const int64_t closed_window = CreateDraw(s, owner, ev.id, DrawBody("checked_in", 0, 1));
  RunScenarios(s, {
      {"claim before the draw", "POST", Path(draw, "/claim"), "{}", people[0].token, 409, {"not_drawn"}},
      {"desk before the draw", "POST", Path(draw, "/winners/1/claimed"), "{}", staff.token, 409,
       {"not_drawn"}},
  });
  REQUIRE(s.Post(Path(draw, "/perform"), json::object(), owner.token).status == 200);
  REQUIRE(s.Post(Path(closed_window, "/perform"), json::object(), owner.token).status == 200);

  auto winner_of = [&](int64_t draw_id, int slot) -> TestUser {
    Reply proof = s.Get(Path(draw_id, "/proof"));
    const int64_t uid = proof.Json()["winners"][slot - 1]["user_id"];
    for (const auto& p : people) {
      if (p.id == uid) return p;
    }
    FAIL("winner not found");
    return {};
  };
  TestUser first = winner_of(draw, 1);
  TestUser second = winner_of(draw, 2);
  TestUser late = winner_of(closed_window, 1);
  TestUser loser;
  for (const auto& p : people) {
    if (p.id != first.id && p.id != second.id) loser = p;
  }

  RunScenarios(s, {
      {"winner sees they can claim", "GET", Path(draw), "", first.token, 200,
       {"\"can_claim\":true", "\"mine\":true"}},
      {"anonymous claim", "POST", Path(draw, "/claim"), "{}", "", 401},
      {"not a winner", "POST", Path(draw, "/claim"), "{}", loser.token, 403, {"not_a_winner"}},
      {"winner claims", "POST", Path(draw, "/claim"), "{}", first.token, 200,
       {"\"claimed\":true", "\"status\":\"drawn\""}},
      {"winner claims twice", "POST", Path(draw, "/claim"), "{}", first.token, 409, {"already_claimed"}},
      {"claim after the window", "POST", Path(closed_window, "/claim"), "{}", late.token, 409,
       {"claim_window_closed"}},
      {"desk: attendee may not", "POST", Path(draw, "/winners/2/claimed"), "{}", outsider.token, 403},
      {"desk: another organizer may not", "POST", Path(draw, "/winners/2/claimed"), "{}", other.token,
       403},
      {"desk: anonymous", "POST", Path(draw, "/winners/2/claimed"), "{}", "", 401},
      {"desk: no such slot", "POST", Path(draw, "/winners/9/claimed"), "{}", staff.token, 404},
      {"desk: slot zero", "POST", Path(draw, "/winners/0/claimed"), "{}", staff.token, 404},
      {"desk: slot not a number", "POST", Path(draw, "/winners/x/claimed"), "{}", staff.token, 404},
      {"desk: already claimed by the winner", "POST", Path(draw, "/winners/1/claimed"), "{}",
       staff.token, 409, {"already_claimed"}},
      {"desk: staff hands out the second prize, closing the draw", "POST",
       Path(draw, "/winners/2/claimed"), "{}", staff.token, 200, {"\"status\":\"closed\""}},
      {"desk: the owner may too, after the window", "POST", Path(closed_window, "/winners/1/claimed"),
       "{}", owner.token, 200, {"\"status\":\"closed\""}},
      {"redraw of a closed draw", "POST", Path(draw, "/redraw"), "{}", owner.token, 409,
       {"already_claimed"}},
  });
  CHECK(AuditCount(s, "draw.claim", draw) == 1);
  CHECK(AuditCount(s, "draw.claim_at_desk", draw) == 1);
  (void)second;
}

TEST_CASE("draws: redraws continue the sequence and stay verifiable") {
  TestServer s;
  TestUser admin = s.MakeUser("admin");
  TestUser owner = s.MakeUser("organizer");
  TestUser staff = s.MakeUser("staff");
  TestUser attendee = s.MakeUser("attendee");
  EventFixture ev = MakeEvent(s, owner.id, "published");
  std::map<int64_t, TestUser> people;
  for (int i = 0; i < 4; ++i) {
    TestUser u = s.MakeUser("attendee");
    GiveTickets(s, ev, u.id, 1, 1);
    people[u.id] = u;
  }
  const int64_t open_window = CreateDraw(s, owner, ev.id, DrawBody("checked_in", 30, 1));
  json two = {{"title", "Two prizes"},
              {"prizes", {{{"name", "Tablet"}, {"quantity", 1}}, {{"name", "Mug"}, {"quantity", 1}}}},
              {"eligibility", "checked_in"},
              {"claim_window_minutes", 0}};
  const int64_t draw = CreateDraw(s, owner, ev.id, two);

  RunScenarios(s, {
      {"redraw before the draw", "POST", Path(draw, "/redraw"), "{}", owner.token, 409, {"not_drawn"}},
  });
  REQUIRE(s.Post(Path(open_window, "/perform"), json::object(), owner.token).status == 200);
  REQUIRE(s.Post(Path(draw, "/perform"), json::object(), owner.token).status == 200);
  const json proof0 = s.Get(Path(draw, "/proof")).Json();
  const int64_t first_tablet = proof0["winners"][0]["user_id"];

  RunScenarios(s, {
      {"window still open", "POST", Path(open_window, "/redraw"), "{}", owner.token, 409,
       {"claim_window_open"}},
      {"window still open, by slot", "POST", Path(open_window, "/redraw"), R"({"slots":[1]})",
       owner.token, 409, {"claim_window_open"}},
      {"staff may not redraw", "POST", Path(draw, "/redraw"), "{}", staff.token, 403},
      {"attendee may not redraw", "POST", Path(draw, "/redraw"), "{}", attendee.token, 403},
      {"anonymous", "POST", Path(draw, "/redraw"), "{}", "", 401},
      {"slots of the wrong type", "POST", Path(draw, "/redraw"), R"({"slots":"1"})", owner.token, 400,
       {"bad_request"}},
      {"slot without a winner", "POST", Path(draw, "/redraw"), R"({"slots":[7]})", owner.token, 400,
       {"validation_failed", "\"slots\""}},
      {"redraw the tablet only", "POST", Path(draw, "/redraw"), R"({"slots":[1]})", owner.token, 200,
       {"\"redrawn\":true", "\"replaced_display_name\""},
       {},
       nullptr,
       [&](TestServer& srv, const Reply& r) {
         const json proof = srv.Get(Path(draw, "/proof")).Json();
         REQUIRE(proof["redraws"].size() == 1);
         CHECK(proof["redraws"][0]["slot"] == 1);
         CHECK(proof["redraws"][0]["position"] == 3);
         CHECK(proof["redraws"][0]["replaced_user_id"] == first_tablet);
         const auto v = VerifyDrawProof(proof);
         CHECK_MESSAGE(v.ok, json(v.differences).dump());
         const int64_t new_holder = proof["redraws"][0]["user_id"];
         CHECK(new_holder != first_tablet);
         // One draw_won mail for this draw (they may have won the other draw as well).
         int mails = 0;
         for (const auto& m : srv.Mails("draw_won", people[new_holder].email)) mails += m["draw_title"] == "Two prizes";
         CHECK(mails == 1);
         CHECK(r.Json()["redraws"].size() == 1);
         CHECK(AuditCount(srv, "draw.redraw", draw) == 1);
       }},
      {"the replaced winner can no longer claim", "POST", Path(draw, "/claim"), "{}",
       people[first_tablet].token, 409, {"claim_window_closed"}},
      {"the replaced winner sees it", "GET", Path(draw), "", people[first_tablet].token, 200,
       {"\"redrawn\":true", "\"can_claim\":false"}},
      {"the desk can no longer hand it to them: slot 1 is someone else's", "GET", Path(draw), "",
       staff.token, 200, {}, {"\"user_id\":" + std::to_string(first_tablet) + ","}},
      {"redraw every due prize (both slots, one entrant left)", "POST", Path(draw, "/redraw"), "{}",
       admin.token, 200, {},
       {},
       nullptr,
       [&](TestServer& srv, const Reply&) {
         const json proof = srv.Get(Path(draw, "/proof")).Json();
         // Four entrants: positions 1, 2 first, 3 the first redraw, 4 now (slot 1 first).
         REQUIRE(proof["redraws"].size() == 2);
         CHECK(proof["redraws"][1]["slot"] == 1);
         CHECK(proof["redraws"][1]["position"] == 4);
         const auto v = VerifyDrawProof(proof);
         CHECK_MESSAGE(v.ok, json(v.differences).dump());
       }},
      {"the sequence is used up", "POST", Path(draw, "/redraw"), "{}", owner.token, 409,
       {"no_entrants"}},
      {"a claimed slot is not redrawn", "POST", Path(draw, "/winners/2/claimed"), "{}", staff.token, 200},
      {"redraw a claimed slot by number", "POST", Path(draw, "/redraw"), R"({"slots":[2]})",
       owner.token, 409, {"already_claimed"}},
  });
}

TEST_CASE("draws: routes are in the OpenAPI document") {
  TestServer s;
  Reply r = s.Get("/api/v1/openapi.json");
  REQUIRE(r.status == 200);
  const json doc = r.Json();
  for (const char* p : {"/events/{id}/draws", "/draws/{id}", "/draws/{id}/entries", "/draws/{id}/entries/me",
                        "/draws/{id}/perform", "/draws/{id}/proof", "/draws/{id}/claim",
                        "/draws/{id}/winners/{slot}/claimed", "/draws/{id}/redraw"}) {
    CHECK_MESSAGE(doc["paths"].contains(p), p);
  }
}

TEST_CASE("draws: concurrent performs, entries and claims each succeed exactly once") {
  TestServer s;
  TestUser owner = s.MakeUser("organizer");
  TestUser admin = s.MakeUser("admin");
  TestUser entrant = s.MakeUser("attendee");
  EventFixture ev = MakeEvent(s, owner.id, "published");
  GiveTickets(s, ev, entrant.id, 3, 3);
  std::map<int64_t, std::string> tokens = {{entrant.id, entrant.token}};
  for (int i = 0; i < 5; ++i) {
    TestUser u = s.MakeUser("attendee");
    GiveTickets(s, ev, u.id, 1, 1);
    tokens[u.id] = u.token;
  }
  const int64_t draw = CreateDraw(s, owner, ev.id, kSimpleDraw);
  const int64_t opt_in = CreateDraw(s, owner, ev.id, DrawBody("opt_in"));

  auto race = [&](const std::string& path, const std::vector<std::string>& tokens) {
    std::vector<int> statuses(tokens.size());
    std::vector<std::thread> threads;
    for (size_t i = 0; i < tokens.size(); ++i) {
      threads.emplace_back([&, i] { statuses[i] = s.Call("POST", path, "{}", tokens[i]).status; });
    }
    for (auto& th : threads) th.join();
    return statuses;
  };
  const std::vector<int> entries = race(Path(opt_in, "/entries"), std::vector<std::string>(8, entrant.token));
  CHECK(std::count(entries.begin(), entries.end(), 201) == 1);
  CHECK(std::count(entries.begin(), entries.end(), 409) == 7);

  std::vector<std::string> managers;
  for (int i = 0; i < 8; ++i) managers.push_back(i % 2 ? owner.token : admin.token);
  const std::vector<int> performs = race(Path(draw, "/perform"), managers);
  CHECK(std::count(performs.begin(), performs.end(), 200) == 1);
  CHECK(std::count(performs.begin(), performs.end(), 409) == 7);
  CHECK(storage::ScalarInt(s.app().db().Reader(), "SELECT COUNT(*) FROM draw_winners WHERE draw_id = ?", draw) == 3);
  CHECK(AuditCount(s, "draw.perform", draw) == 1);

  const json proof = s.Get(Path(draw, "/proof")).Json();
  const std::string winner_token = tokens.at(proof["winners"][0]["user_id"].get<int64_t>());
  const std::vector<int> claims = race(Path(draw, "/claim"), std::vector<std::string>(6, winner_token));
  CHECK(std::count(claims.begin(), claims.end(), 200) == 1);
  CHECK(std::count(claims.begin(), claims.end(), 409) == 5);
  CHECK(AuditCount(s, "draw.claim", draw) == 1);
}

TEST_CASE("draws: unknown draws are 404 on every route") {
  TestServer s;
  TestUser owner = s.MakeUser("organizer");
  TestUser staff = s.MakeUser("staff");
  const std::string id = "/api/v1/draws/31337";
  RunScenarios(s, {
      {"entries", "POST", id + "/entries", "{}", owner.token, 404, {"not_found"}},
      {"withdraw", "DELETE", id + "/entries/me", "", owner.token, 404, {"not_found"}},
      {"perform", "POST", id + "/perform", "{}", owner.token, 404, {"not_found"}},
      {"proof", "GET", id + "/proof", "", "", 404, {"not_found"}},
      {"claim", "POST", id + "/claim", "{}", owner.token, 404, {"not_found"}},
      {"desk", "POST", id + "/winners/1/claimed", "{}", staff.token, 404, {"not_found"}},
      {"redraw", "POST", id + "/redraw", "{}", owner.token, 404, {"not_found"}},
      {"not a number", "GET", "/api/v1/draws/abc", "", "", 404},
  });
}
