// SPEC §7 "every scan, accepted or not, is logged": a typed reference or order code that names
// no ticket (404 unknown_ticket) is written to the event's check-in log like an invalid code —
// under the scanner's event, with no ticket and no holder — and a nonce retry records it once.
#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "storage/query.h"
#include "tests/support/test_server.h"
#include "tests/web/offline_door_fixture.h"

using namespace lanyard;
using namespace lanyard::testing;
using nlohmann::json;

namespace {

// The event's check-in log rows, newest first.
json LogOf(TestServer& s, const TestUser& who, int64_t event_id) {
  const json log = s.Get("/api/v1/events/" + std::to_string(event_id) + "/checkins", who.token).Json();
  return log["items"];
}

Reply Scan(TestServer& s, const TestUser& who, const json& body) {
  return s.Call("POST", "/api/v1/checkin", body.dump(), who.token);
}

}  // namespace

TEST_CASE("check-in log: a typed unknown reference or order code is logged like an invalid code") {
  TestServer s;
  OfflineDoor o = MakeOfflineDoor(s);
  // Ticket a's order gets a code of the real alphabet, as checkout makes them.
  const std::string order_code = "LGAAAAAA";
  s.app().db().Write([&](storage::Conn& c) {
    storage::Exec(c, "UPDATE orders SET code = ? WHERE id = ?", order_code, o.a.order_id);
    return true;
  });
  const std::string unknown_ref = order_code + "-7";  // the order has one ticket

  // An invalid code: the row every refusal that names no ticket looks like.
  REQUIRE(Scan(s, o.staff, {{"code", "not-a-code"}, {"event_id", o.e1}}).status == 400);
  json log = LogOf(s, o.staff, o.e1);
  REQUIRE(log.size() == 1);
  CHECK(log[0]["result"] == "invalid_code");

  // A typed reference the order does not have.
  Reply ref = Scan(s, o.staff, {{"code", unknown_ref}, {"event_id", o.e1}});
  CHECK(ref.status == 404);
  CHECK(ref.Json()["code"] == "unknown_ticket");
  log = LogOf(s, o.staff, o.e1);
  REQUIRE(log.size() == 2);
  CHECK(log[0]["result"] == "unknown_ticket");
  CHECK(log[0]["event_id"] == o.e1);
  CHECK(log[0]["ticket_id"].is_null());
  CHECK(log[0]["holder_name"].is_null());
  CHECK(log[0]["scanned_by"] == o.staff.id);

  // A typed order code that names no order, in lower case as a volunteer might type it.
  Reply order = Scan(s, o.staff, {{"code", "zzzz2345"}, {"event_id", o.e1}});
  CHECK(order.status == 404);
  CHECK(order.Json()["code"] == "unknown_ticket");
  log = LogOf(s, o.staff, o.e1);
  REQUIRE(log.size() == 3);
  CHECK(log[0]["result"] == "unknown_ticket");
  CHECK(log[0]["ticket_id"].is_null());

  // From an installed scanner with a nonce: a retry answers again and records nothing twice.
  const json body = {{"code", unknown_ref}, {"event_id", o.e1}, {"nonce", Nonce(71)}, {"device_id", kDeviceA}};
  CHECK(Scan(s, o.staff, body).status == 404);
  Reply again = Scan(s, o.staff, body);
  CHECK(again.status == 404);
  CHECK(again.Json()["code"] == "unknown_ticket");
  CHECK(LogOf(s, o.staff, o.e1).size() == 4);

  // A bare order code that names an order answers the chooser and logs nothing (SPEC: not a scan).
  Reply choose = Scan(s, o.staff, {{"code", order_code}, {"event_id", o.e1}});
  CHECK(choose.status == 200);
  CHECK(choose.Json()["result"] == "choose");
  CHECK(LogOf(s, o.staff, o.e1).size() == 4);
  // Lookup never logs.
  CHECK(s.Post("/api/v1/checkin/lookup", {{"code", unknown_ref}}, o.staff.token).status == 404);
  CHECK(LogOf(s, o.staff, o.e1).size() == 4);
}
