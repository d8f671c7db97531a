// Issue 18: what the device decided at the door counts. A scan the volunteer turned away
// (admitted:false) never checks a ticket in; a scan the phone let in that the server refuses at
// sync is listed for staff (GET /events/{id}/offline-refused-admissions).
#include <doctest/doctest.h>

#include "core/checkin/ticket_code.h"
#include "core/common/time_util.h"
#include "storage/query.h"
#include "tests/support/test_server.h"
#include "tests/web/offline_door_fixture.h"

using namespace lanyard;
using namespace lanyard::testing;
using nlohmann::json;

TEST_CASE("checkin batch: a scan the door turned away does not check the ticket in") {
  TestServer s;
  OfflineDoor o = MakeOfflineDoor(s);
  const std::string path = "/api/v1/checkin/batch";
  const std::string t1 = FormatRfc3339(NowSeconds() - 1800);
  const std::string t2 = FormatRfc3339(NowSeconds() - 1200);
  const std::string refused = Batch(kDeviceA, {TurnedAway(Nonce(1), o.a.code, o.e1, t1)});

  RunScenarios(s, {
      {"turned away: recorded as refused, not checked in", "POST", path, refused, o.staff.token,
       200,
       {"\"result\":\"not_admitted\"", "\"status\":409", "\"holder_name\":\"Rani Putri\"",
        "\"scanned_at\":\"" + t1 + "\"", "\"refused\":1", "\"ok\":0"},
       {"\"checked_in_at\""}, nullptr,
       [&](TestServer& srv, const Reply&) {
         CHECK(!CheckedInAt(srv, o.a.id));
         CHECK(CountScans(srv, o.a.id, "not_admitted") == 1);
         CHECK(CountScans(srv, o.a.id, "ok") == 0);
         CHECK(DeviceAdmitted(srv, Nonce(1)) == 0);
       }},
      {"turned away, replayed: still nobody in", "POST", path, refused, o.staff.token, 200,
       {"\"result\":\"not_admitted\"", "\"replayed\":true"}, {}, nullptr,
       [&](TestServer& srv, const Reply&) {
         CHECK(!CheckedInAt(srv, o.a.id));
         CHECK(ScansWithNonce(srv, Nonce(1)) == 1);
       }},
      {"the same ticket let in later offline", "POST", path,
       Batch(kDeviceB, {ScanOf(Nonce(2), o.a.code, o.e1, t2)}), o.staff.token, 200,
       {"\"result\":\"ok\"", "\"checked_in_at\":\"" + t2 + "\""}, {"duplicate_offline"}, nullptr,
       [&](TestServer& srv, const Reply&) {
         CHECK(CheckedInAt(srv, o.a.id) == t2);
         CHECK(DeviceAdmitted(srv, Nonce(2)) == 1);
       }},
      {"a void ticket turned away stays ticket_void", "POST", path,
       Batch(kDeviceA, {TurnedAway(Nonce(3), o.v.code, o.e1, t2)}), o.staff.token, 200,
       {"\"result\":\"ticket_void\""}, {}, nullptr,
       [&](TestServer& srv, const Reply&) { CHECK(DeviceAdmitted(srv, Nonce(3)) == 0); }},
  });

  // Turned away offline, then admitted online at the door: the server lets the holder in.
  REQUIRE(s.Call("POST", path, Batch(kDeviceA, {TurnedAway(Nonce(4), o.b.code, o.e1, t1)}),
                 o.staff.token)
              .Json()["results"][0]["result"] == "not_admitted");
  CHECK(!CheckedInAt(s, o.b.id));
  const Reply online = s.Post("/api/v1/checkin", {{"code", o.b.code}}, o.staff.token);
  CHECK(online.status == 200);
  CHECK(CheckedInAt(s, o.b.id));
}

TEST_CASE("checkin batch: admissions refused at sync are listed for staff") {
  TestServer s;
  OfflineDoor o = MakeOfflineDoor(s);
  const std::string path = "/api/v1/checkin/batch";
  const std::string t1 = FormatRfc3339(NowSeconds() - 3600);
  const std::string t2 = FormatRfc3339(NowSeconds() - 3000);
  const std::string t3 = FormatRfc3339(NowSeconds() - 2400);
  const std::string t4 = FormatRfc3339(NowSeconds() - 1800);
  const std::string foreign = TicketSigner::Generate().Issue(o.b.id, o.e1);
  // Let in offline on device A: a void ticket, E3's ticket at E1's door, a forged code, a
  // genuine one; turned away: another void scan (nobody got in, so it is not listed).
  const Reply sync = s.Call("POST", path,
                            Batch(kDeviceA, {ScanOf(Nonce(1), o.v.code, o.e1, t1),
                                             ScanOf(Nonce(2), o.c.code, o.e1, t2),
                                             ScanOf(Nonce(3), foreign, o.e1, t3),
                                             ScanOf(Nonce(4), o.a.code, o.e1, t4),
                                             TurnedAway(Nonce(5), o.v.code, o.e1, t4)}),
                            o.staff.token);
  REQUIRE(sync.status == 200);
  const json results = sync.Json()["results"];
  CHECK(results[0]["result"] == "ticket_void");
  CHECK(results[1]["result"] == "wrong_event");
  CHECK(results[2]["result"] == "invalid_code");
  CHECK(results[3]["result"] == "ok");
  CHECK(results[4]["result"] == "ticket_void");
  // Device B admits a's ticket again: a duplicate, listed elsewhere, not here.
  REQUIRE(s.Call("POST", path, Batch(kDeviceB, {ScanOf(Nonce(6), o.a.code, o.e1, t4)}),
                 o.org1.token)
              .Json()["results"][0]["result"] == "duplicate_offline");

  const std::string list =
      "/api/v1/events/" + std::to_string(o.e1) + "/offline-refused-admissions";
  RunScenarios(s, {
      {"staff: newest scan first, one kind each", "GET", list, "", o.staff.token, 200,
       {"\"total\":3", "\"device_label\":\"Door A\"", "\"scanned_by\":\"Door Staff\""},
       {"Citra", "Rani Putri", "Bayu"}, nullptr,
       [&](TestServer&, const Reply& r) {
         const json items = r.Json()["items"];
         REQUIRE(items.size() == 3);
         CHECK(items[0]["result"] == "invalid_code");
         CHECK(items[0]["ticket_id"].is_null());
         CHECK(items[0]["holder_name"].is_null());
         CHECK(items[0]["scanned_at"] == t3);
         CHECK(items[1]["result"] == "wrong_event");
         CHECK(items[1]["ticket_id"] == o.c.id);
         CHECK(items[1]["holder_name"].is_null());  // another event's holder
         CHECK(items[2]["result"] == "ticket_void");
         CHECK(items[2]["ticket_id"] == o.v.id);
         CHECK(items[2]["holder_name"] == "Voided Person");
         CHECK(items[2]["ticket_type"] == "Early bird");
         CHECK(items[2]["scanned_at"] == t1);
         CHECK(items[2]["device_id"] == kDeviceA);
         CHECK(!items[2]["synced_at"].get<std::string>().empty());
       }},
      {"paging", "GET", list + "?limit=1&offset=2", "", o.staff.token, 200,
       {"\"total\":3", "Voided Person"}, {"invalid_code"}},
      {"event owner", "GET", list, "", o.org1.token, 200, {"\"total\":3"}},
      {"admin", "GET", list, "", o.admin.token, 200, {"\"total\":3"}},
      {"another event's door has none", "GET",
       "/api/v1/events/" + std::to_string(o.e3) + "/offline-refused-admissions", "",
       o.org2.token, 200, {"\"total\":0", "\"items\":[]"}},
      {"another organizer", "GET", list, "", o.org2.token, 403, {"forbidden"}},
      {"another organizer's draft", "GET",
       "/api/v1/events/" + std::to_string(o.e2) + "/offline-refused-admissions", "",
       o.org1.token, 404, {"not_found"}},
      {"no such event", "GET", "/api/v1/events/99999/offline-refused-admissions", "",
       o.staff.token, 404, {"not_found"}},
      {"attendee", "GET", list, "", o.holder.token, 403, {"forbidden"}},
      {"anonymous", "GET", list, "", "", 401, {"unauthorized"}},
      {"bad paging", "GET", list + "?limit=0", "", o.staff.token, 400, {"validation_failed"}},
  });
}
