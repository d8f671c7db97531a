// SPEC §7: POST /checkin with every outcome, lookup, undo, the scan log and the public keys.
#include <doctest/doctest.h>

#include <algorithm>

#include "core/common/crypto.h"
#include "core/checkin/ticket_code.h"
#include "core/common/time_util.h"
#include "storage/query.h"
#include "tests/support/test_server.h"
#include "tests/web/ticket_fixture.h"

using namespace lanyard;
using namespace lanyard::testing;
using nlohmann::json;

namespace {

// org1 owns the published E1; org2 owns the draft E2 and the published E3. Tickets: a1, a2 on
// E1 for `holder`, b on E2, c on E3, v (void) on E1.
struct Door {
  TestUser admin, staff, org1, org2, holder;
  int64_t e1 = 0, e2 = 0, e3 = 0;
  IssuedTicket a1, a2, b, c, v;
};

Door MakeDoor(TestServer& s) {
  Door d;
  d.admin = s.MakeUser("admin");
  d.staff = s.MakeUser("staff", "Door Staff");
  d.org1 = s.MakeUser("organizer");
  d.org2 = s.MakeUser("organizer");
  d.holder = s.MakeUser("attendee");
  d.e1 = MakeEvent(s, d.org1.id, "published");
  d.e2 = MakeEvent(s, d.org2.id, "draft");
  d.e3 = MakeEvent(s, d.org2.id, "published");
  const int64_t type1 = MakeTicketType(s, d.e1, "Early bird");
  auto pair = MakeTickets(s, d.e1, type1, d.holder.id, 2, "Rani Putri");
  d.a1 = pair[0];
  d.a2 = pair[1];
  d.b = MakeTickets(s, d.e2, MakeTicketType(s, d.e2), d.holder.id, 1, "Bayu")[0];
  d.c = MakeTickets(s, d.e3, MakeTicketType(s, d.e3), d.holder.id, 1, "Citra")[0];
  d.v = MakeTickets(s, d.e1, type1, d.holder.id, 1, "Voided Person")[0];
  VoidOrder(s, d.v.order_id);
  return d;
}

std::string Scan(const std::string& code, std::optional<int64_t> event_id = std::nullopt) {
  json body = {{"code", code}};
  if (event_id) body["event_id"] = *event_id;
  return body.dump();
}

// The code with one character changed (still in the alphabet).
std::string Tampered(std::string code, size_t at) {
  code[at] = code[at] == 'A' ? 'B' : 'A';
  return code;
}

std::optional<std::string> CheckedInAt(TestServer& s, int64_t ticket_id) {
  storage::Query q(s.app().db().Reader(), "SELECT checked_in_at FROM tickets WHERE id = ?",
                   ticket_id);
  if (!q.Next()) return std::nullopt;
  return q.OptText(0);
}

}  // namespace

TEST_CASE("checkin: every outcome of a scan, and each is logged") {
  TestServer s;
  Door d = MakeDoor(s);
  const TicketSigner& signer = s.app().ticket_signer();
  // Genuine signatures that are not a ticket's stored code, or name no ticket.
  const std::string reissued = signer.Issue(d.a2.id, d.e1);
  const std::string unknown = signer.Issue(987654, d.e1);
  const std::string unknown_event = signer.Issue(987655, 555555);
  const std::string foreign = TicketSigner::Generate().Issue(d.a2.id, d.e1);

  RunScenarios(s, {
      {"ok", "POST", "/api/v1/checkin", Scan(d.a1.code), d.staff.token, 200,
       {"\"result\":\"ok\"", "\"holder_name\":\"Rani Putri\"", "\"ticket_type\":\"Early bird\"",
        "\"checked_in_at\":\"", "\"ticket\":{", d.a1.code},
       {}, nullptr,
       [&](TestServer& srv, const Reply& r) {
         CHECK(CheckedInAt(srv, d.a1.id) == r.Json()["checked_in_at"].get<std::string>());
         CHECK(r.Json()["ticket"]["checked_in_at"] == r.Json()["checked_in_at"]);
         CHECK(CountScans(srv, d.a1.id, "ok") == 1);
       }},
      {"already checked in", "POST", "/api/v1/checkin", Scan(d.a1.code, d.e1), d.staff.token, 409,
       {"already_checked_in", "\"first_checked_in_at\":\"", "\"holder_name\":\"Rani Putri\"",
        "\"ticket_type\":\"Early bird\""},
       {}, nullptr,
       [&](TestServer& srv, const Reply& r) {
         CHECK(r.Json()["first_checked_in_at"] == *CheckedInAt(srv, d.a1.id));
         CHECK(CountScans(srv, d.a1.id, "already_checked_in") == 1);
       }},
      {"void", "POST", "/api/v1/checkin", Scan(d.v.code), d.staff.token, 409,
       {"ticket_void", "Voided Person"}, {},
       nullptr,
       [&](TestServer& srv, const Reply&) {
         CHECK(CountScans(srv, d.v.id, "ticket_void") == 1);
         CHECK(!CheckedInAt(srv, d.v.id));
       }},
      {"wrong event", "POST", "/api/v1/checkin", Scan(d.a2.code, d.e3), d.staff.token, 409,
       {"wrong_event"}, {"Rani Putri"}, nullptr,
       [&](TestServer& srv, const Reply&) {
         CHECK(CountScans(srv, d.a2.id, "wrong_event") == 1);
         CHECK(!CheckedInAt(srv, d.a2.id));
       }},
      {"garbage", "POST", "/api/v1/checkin", Scan("hello world"), d.staff.token, 400,
       {"invalid_code"}},
      {"too long", "POST", "/api/v1/checkin", Scan(std::string(5000, 'A')), d.staff.token, 400,
       {"invalid_code"}},
      {"tampered in the payload", "POST", "/api/v1/checkin", Scan(Tampered(d.a2.code, 5)),
       d.staff.token, 400, {"invalid_code"}},
      {"tampered in the signature", "POST", "/api/v1/checkin",
       Scan(Tampered(d.a2.code, d.a2.code.size() - 3)), d.staff.token, 400, {"invalid_code"}},
      {"signed by another key", "POST", "/api/v1/checkin", Scan(foreign), d.staff.token, 400,
       {"invalid_code"}},
      {"signed but not the ticket's code", "POST", "/api/v1/checkin", Scan(reissued),
       d.staff.token, 400, {"invalid_code"}, {"Rani Putri"},
       nullptr,
       [&](TestServer& srv, const Reply&) {
         CHECK(!CheckedInAt(srv, d.a2.id));
         CHECK(CountScans(srv, d.a2.id, "invalid_code") == 1);
       }},
      {"unknown ticket", "POST", "/api/v1/checkin", Scan(unknown), d.staff.token, 404,
       {"unknown_ticket"}},
      {"unknown ticket of an unknown event", "POST", "/api/v1/checkin", Scan(unknown_event),
       d.staff.token, 404, {"unknown_ticket"}},
      {"unknown ticket at a door", "POST", "/api/v1/checkin", Scan(unknown, d.e1), d.staff.token,
       404, {"unknown_ticket"}},
      {"missing code", "POST", "/api/v1/checkin", "{}", d.staff.token, 400,
       {"validation_failed", "\"code\""}},
      {"code of the wrong type", "POST", "/api/v1/checkin", R"({"code":12})", d.staff.token, 400,
       {"bad_request"}},
      {"event_id of the wrong type", "POST", "/api/v1/checkin", R"({"code":"x","event_id":"1"})",
       d.staff.token, 400, {"bad_request"}},
      {"malformed JSON", "POST", "/api/v1/checkin", "{\"code\":", d.staff.token, 400,
       {"bad_request"}},
      {"door of an unknown event", "POST", "/api/v1/checkin", Scan(d.a2.code, 999999),
       d.staff.token, 404, {"not_found"}},
      {"attendee", "POST", "/api/v1/checkin", Scan(d.a2.code), d.holder.token, 403,
       {"forbidden"}},
      {"anonymous", "POST", "/api/v1/checkin", Scan(d.a2.code), "", 401},
      {"organizer, another's published event", "POST", "/api/v1/checkin", Scan(d.c.code),
       d.org1.token, 403, {"forbidden"}, {"Citra"}},
      {"organizer, another's draft event", "POST", "/api/v1/checkin", Scan(d.b.code),
       d.org1.token, 404, {"not_found"}, {"Bayu"}},
      {"organizer at another's door", "POST", "/api/v1/checkin", Scan(d.c.code, d.e3),
       d.org1.token, 403},
      {"organizer at another's draft door", "POST", "/api/v1/checkin", Scan(d.b.code, d.e2),
       d.org1.token, 404},
      {"organizer, own event", "POST", "/api/v1/checkin", Scan(d.a2.code, d.e1), d.org1.token,
       200, {"\"result\":\"ok\""}},
      {"admin, any event", "POST", "/api/v1/checkin", Scan(d.b.code), d.admin.token, 200,
       {"\"result\":\"ok\"", "Bayu"}},
      {"staff at a door", "POST", "/api/v1/checkin", Scan(d.c.code, d.e3), d.staff.token, 200},
  });

  // Refusals for access are not scans; every other outcome is.
  CHECK(CountScansWithResult(s, "ok") == 4);
  CHECK(CountScansWithResult(s, "invalid_code") == 6);
  CHECK(CountScansWithResult(s, "unknown_ticket") == 3);
  CHECK(CountScansWithResult(s, "already_checked_in") == 1);
  CHECK(CountScansWithResult(s, "ticket_void") == 1);
  CHECK(CountScansWithResult(s, "wrong_event") == 1);
  CHECK(storage::ScalarInt(s.app().db().Reader(), "SELECT COUNT(*) FROM checkin_scans")
            .value_or(0) == 16);
  // A scan at a door is logged against that door's event.
  CHECK(storage::ScalarInt(s.app().db().Reader(),
                           "SELECT COUNT(*) FROM checkin_scans WHERE event_id = ? AND "
                           "result = 'unknown_ticket'",
                           d.e1)
            .value_or(0) == 2);
}

TEST_CASE("checkin: lookup does not check in") {
  TestServer s;
  Door d = MakeDoor(s);
  RunScenarios(s, {
      {"staff", "POST", "/api/v1/checkin/lookup", Scan(d.a1.code), d.staff.token, 200,
       {"\"holder_name\":\"Rani Putri\"", "\"ticket_type\":\"Early bird\"", "\"status\":\"valid\"",
        "\"checked_in_at\":null", "\"ticket\":{"},
       {}, nullptr,
       [&](TestServer& srv, const Reply&) {
         CHECK(!CheckedInAt(srv, d.a1.id));
         CHECK(CountScans(srv, d.a1.id) == 0);
       }},
      {"void ticket shows as void", "POST", "/api/v1/checkin/lookup", Scan(d.v.code),
       d.staff.token, 200, {"\"status\":\"void\""}},
      {"invalid", "POST", "/api/v1/checkin/lookup", Scan("L1nope"), d.staff.token, 400,
       {"invalid_code"}},
      {"not the stored code", "POST", "/api/v1/checkin/lookup",
       Scan(s.app().ticket_signer().Issue(d.a1.id, d.e1)), d.staff.token, 400, {"invalid_code"},
       {"Rani"}},
      {"unknown", "POST", "/api/v1/checkin/lookup",
       Scan(s.app().ticket_signer().Issue(4444444, d.e1)), d.staff.token, 404,
       {"unknown_ticket"}},
      {"missing code", "POST", "/api/v1/checkin/lookup", "{}", d.staff.token, 400,
       {"validation_failed"}},
      {"event owner", "POST", "/api/v1/checkin/lookup", Scan(d.a1.code), d.org1.token, 200},
      {"another organizer, published", "POST", "/api/v1/checkin/lookup", Scan(d.a1.code),
       d.org2.token, 403, {}, {"Rani"}},
      {"another organizer, draft", "POST", "/api/v1/checkin/lookup", Scan(d.b.code),
       d.org1.token, 404, {}, {"Bayu"}},
      {"attendee", "POST", "/api/v1/checkin/lookup", Scan(d.a1.code), d.holder.token, 403},
      {"anonymous", "POST", "/api/v1/checkin/lookup", Scan(d.a1.code), "", 401},
  });
}

TEST_CASE("checkin: undo is audited and logged") {
  TestServer s;
  Door d = MakeDoor(s);
  for (const auto* t : {&d.a1, &d.b, &d.c}) {
    REQUIRE(s.Post("/api/v1/checkin", {{"code", t->code}}, d.admin.token).status == 200);
  }
  const std::string a1_at = CheckedInAt(s, d.a1.id).value_or("");
  const std::string c_at = CheckedInAt(s, d.c.id).value_or("");
  auto path = [](int64_t id, const std::string& at = "") {
    return "/api/v1/checkins/" + std::to_string(id) + (at.empty() ? "" : "?checked_in_at=" + at);
  };
  RunScenarios(s, {
      {"attendee", "DELETE", path(d.a1.id, a1_at), "", d.holder.token, 403},
      {"anonymous", "DELETE", path(d.a1.id, a1_at), "", "", 401},
      {"another organizer, published: not found", "DELETE", path(d.a1.id, a1_at), "",
       d.org2.token, 404, {"not_found"}},
      {"another organizer, draft", "DELETE", path(d.b.id), "", d.org1.token, 404},
      {"no such ticket", "DELETE", path(123456, a1_at), "", d.staff.token, 404},
      {"without the check-in it undoes", "DELETE", path(d.a1.id), "", d.staff.token, 400,
       {"validation_failed", "checked_in_at"}},
      {"another check-in than the current one", "DELETE", path(d.a1.id, "2020-01-01T00:00:00Z"),
       "", d.staff.token, 409, {"checkin_changed"}},
      {"not checked in", "DELETE", path(d.a2.id, a1_at), "", d.staff.token, 409,
       {"not_checked_in"}},
      {"staff undoes", "DELETE", path(d.a1.id, a1_at), "", d.staff.token, 200,
       {"\"checked_in_at\":null", "\"status\":\"valid\""},
       {}, nullptr,
       [&](TestServer& srv, const Reply&) {
         CHECK(!CheckedInAt(srv, d.a1.id));
         CHECK(CountScans(srv, d.a1.id, "undone") == 1);
         CHECK(storage::ScalarInt(srv.app().db().Reader(),
                                  "SELECT COUNT(*) FROM audit_log WHERE action = 'checkin.undo' "
                                  "AND target_id = ? AND actor_id = ?",
                                  d.a1.id, d.staff.id)
                   .value_or(0) == 1);
       }},
      {"twice: the check-in is undone already", "DELETE", path(d.a1.id, a1_at), "",
       d.staff.token, 409, {"checkin_changed"}},
      {"checks in again after an undo", "POST", "/api/v1/checkin", Scan(d.a1.code),
       d.staff.token, 200, {"\"result\":\"ok\""}},
      {"a stale undo of the old check-in: the new one stays", "DELETE", path(d.a1.id, a1_at), "",
       d.staff.token, 409, {"checkin_changed"},
       {}, nullptr,
       [&](TestServer& srv, const Reply&) {
         CHECK(CheckedInAt(srv, d.a1.id).has_value());
         CHECK(CountScans(srv, d.a1.id, "undone") == 1);
       }},
      {"event owner undoes", "DELETE", path(d.c.id, c_at), "", d.org2.token, 200},
  });
  Reply audit = s.Get("/api/v1/audit?action=checkin.undo", d.admin.token);
  CHECK(audit.status == 200);
  CHECK(audit.Json()["total"] == 2);
}

TEST_CASE("checkin: the scan log of an event with counts") {
  TestServer s;
  Door d = MakeDoor(s);
  REQUIRE(s.Post("/api/v1/checkin", {{"code", d.a1.code}}, d.staff.token).status == 200);
  REQUIRE(s.Post("/api/v1/checkin", {{"code", d.a1.code}}, d.staff.token).status == 409);
  REQUIRE(s.Post("/api/v1/checkin", {{"code", "junk"}, {"event_id", d.e1}}, d.staff.token).status ==
          400);
  REQUIRE(s.Post("/api/v1/checkin", {{"code", d.c.code}}, d.staff.token).status == 200);
  const std::string base = "/api/v1/events/" + std::to_string(d.e1) + "/checkins";
  RunScenarios(s, {
      {"event owner", "GET", base, "", d.org1.token, 200,
       {"\"total\":3", "\"counts\":{\"checked_in\":1,\"sold\":2}", "\"result\":\"ok\"",
        "\"result\":\"already_checked_in\"", "\"result\":\"invalid_code\"",
        "\"scanned_by_name\":\"Door Staff\""},
       {"Citra"},
       nullptr,
       [&](TestServer&, const Reply& r) {
         auto items = r.Json()["items"];
         REQUIRE(items.size() == 3);
         CHECK(items[0]["result"] == "invalid_code");  // newest first
         CHECK(items[0]["ticket_id"].is_null());
         CHECK(items[2]["result"] == "ok");
         CHECK(items[2]["ticket_id"] == d.a1.id);
         CHECK(items[2]["holder_name"] == "Rani Putri");
       }},
      {"staff, paged", "GET", base + "?limit=1&offset=2", "", d.staff.token, 200,
       {"\"total\":3", "\"limit\":1", "\"offset\":2", "\"result\":\"ok\""}},
      {"admin", "GET", base, "", d.admin.token, 200},
      {"attendee", "GET", base, "", d.holder.token, 403},
      {"another organizer, published", "GET", base, "", d.org2.token, 403},
      {"another organizer, draft", "GET",
       "/api/v1/events/" + std::to_string(d.e2) + "/checkins", "", d.org1.token, 404},
      {"no such event", "GET", "/api/v1/events/424242/checkins", "", d.staff.token, 404},
      {"anonymous", "GET", base, "", "", 401},
  });
}

TEST_CASE("checkin: public keys verify the codes offline") {
  TestServer s;
  Door d = MakeDoor(s);
  Reply r = s.Get("/api/v1/checkin/keys");
  REQUIRE(r.status == 200);
  json body = r.Json();
  REQUIRE(body["keys"].size() == 1);
  const json& key = body["keys"][0];
  CHECK(key["algorithm"] == "Ed25519");
  CHECK(key["id"] == s.app().ticket_signer().KeyId());
  CHECK(key["pem"].get<std::string>().find("BEGIN PUBLIC KEY") != std::string::npos);
  CHECK(body["code_format"].get<std::string>().find("Ed25519") != std::string::npos);
  std::string raw;
  REQUIRE(crypto::Base64UrlDecode(key["public_key"].get<std::string>(), &raw));
  REQUIRE(raw.size() == 32);
  auto claims = VerifyTicketCode(d.a1.code, raw);
  REQUIRE(claims);
  CHECK(claims->ticket_id == d.a1.id);
  CHECK(claims->event_id == d.e1);
  CHECK(!VerifyTicketCode(Tampered(d.a1.code, 10), raw));
  // The signed-in caller gets the same.
  CHECK(s.Get("/api/v1/checkin/keys", d.holder.token).status == 200);
}

TEST_CASE("checkin: tickets from the order flow - pay, mail, scan, refund") {
  TestServer s;
  TestUser staff = s.MakeUser("staff");
  TestUser org = s.MakeUser("organizer");
  TestUser buyer = s.MakeUser("attendee", "Rani Putri");
  const int64_t start = NowSeconds() + 7 * 86400;
  Reply created = s.Post("/api/v1/events",
                         {{"title", "Jakarta Dev Day"}, {"venue", "Hall A"},
                          {"starts_at", FormatRfc3339(start)},
                          {"ends_at", FormatRfc3339(start + 8 * 3600)}},
                         org.token);
  REQUIRE_MESSAGE(created.status == 201, created.body);
  const int64_t event = created.Json()["id"].get<int64_t>();
  const std::string ev = "/api/v1/events/" + std::to_string(event);
  Reply type = s.Post(ev + "/ticket-types",
                      {{"name", "Regular"}, {"kind", "paid"}, {"price", 150000}, {"quota", 10}},
                      org.token);
  REQUIRE_MESSAGE(type.status == 201, type.body);
  REQUIRE(s.Post(ev + "/submit", json::object(), org.token).status == 200);

  Reply order = s.Post("/api/v1/orders",
                       {{"event_id", event},
                        {"items", {{{"ticket_type_id", type.Json()["id"]}, {"quantity", 2}}}}},
                       buyer.token);
  REQUIRE_MESSAGE(order.status == 201, order.body);
  const int64_t order_id = order.Json()["id"].get<int64_t>();
  const std::string op = "/api/v1/orders/" + std::to_string(order_id);
  CHECK(s.Get("/api/v1/tickets", buyer.token).Json()["total"] == 0);  // pending: no tickets yet
  Reply paid = s.Post(op + "/confirm-payment", json::object(), staff.token);
  REQUIRE_MESSAGE(paid.status == 200, paid.body);

  const json mine = s.Get("/api/v1/tickets", buyer.token).Json();
  REQUIRE(mine["total"] == 2);
  std::vector<std::string> codes;
  for (const auto& t : mine["items"]) {
    CHECK(t["order_id"] == order_id);
    CHECK(t["holder_name"] == "Rani Putri");
    CHECK(t["holder_email"] == buyer.email);
    CHECK(t["ticket_type"] == "Regular");
    codes.push_back(t["code"].get<std::string>());
  }
  // The tickets mail lists the same tickets with their codes.
  auto mails = s.Mails("tickets", buyer.email);
  REQUIRE(mails.size() == 1);
  REQUIRE(mails[0]["tickets"].size() == 2);
  REQUIRE(codes.size() == 2);
  for (const auto& t : mails[0]["tickets"]) {
    CHECK(std::find(codes.begin(), codes.end(), t["code"].get<std::string>()) != codes.end());
    CHECK(t["ticket_type"] == "Regular");
  }
  CHECK(s.Get(op, buyer.token).Json()["tickets"].size() == 2);

  Reply in = s.Post("/api/v1/checkin", {{"code", codes[0]}, {"event_id", event}}, staff.token);
  CHECK_MESSAGE(in.status == 200, in.body);
  CHECK(s.Get(ev + "/attendees", org.token).Json()["total"] == 2);

  Reply refund = s.Post(op + "/refund", {{"reason", "changed plans"}}, org.token);
  REQUIRE_MESSAGE(refund.status == 200, refund.body);
  Reply after = s.Post("/api/v1/checkin", {{"code", codes[1]}, {"event_id", event}}, staff.token);
  CHECK(after.status == 409);
  CHECK(after.Json()["code"] == "ticket_void");
  CHECK(s.Get(ev + "/attendees", org.token).Json()["total"] == 0);
  CHECK(s.Get(ev + "/checkins", org.token).Json()["counts"] == json{{"checked_in", 0}, {"sold", 0}});
}
