// Issue 18: an online scan whose request timed out on the phone. The phone answered it offline
// and queued it under the nonce it had sent with POST /checkin; the request may still have
// reached the server, before or after the batch. Either way the ticket is admitted once, and
// what the door decided counts (a refusal the phone never saw becomes a duplicate or a refused
// admission; an admission the phone turned away is cleared).
#include <doctest/doctest.h>

#include "core/common/time_util.h"
#include "storage/query.h"
#include "tests/support/test_server.h"
#include "tests/web/offline_door_fixture.h"

using namespace lanyard;
using namespace lanyard::testing;
using nlohmann::json;

namespace {

const std::string kCheckin = "/api/v1/checkin";
const std::string kBatch = "/api/v1/checkin/batch";

std::string Online(const std::string& code, int64_t event_id, const std::string& nonce,
                   const std::string& device) {
  return json{{"code", code}, {"event_id", event_id}, {"nonce", nonce}, {"device_id", device}}.dump();
}

}  // namespace

TEST_CASE("checkin nonce: the online request reached the server, then its queued scan synced") {
  TestServer s;
  OfflineDoor o = MakeOfflineDoor(s);
  const std::string later = FormatRfc3339(NowSeconds() + 5);  // the phone's clock, a bit ahead
  std::string online_at;
  const std::string sync = Batch(kDeviceA, {ScanOf(Nonce(1), o.a.code, o.e1, later)});
  const std::string dupes = "/api/v1/events/" + std::to_string(o.e1) + "/offline-duplicates";

  RunScenarios(s, {
      {"online scan with the nonce: admitted, recorded under it", "POST", kCheckin,
       Online(o.a.code, o.e1, Nonce(1), kDeviceA), o.staff.token, 200,
       {"\"result\":\"ok\"", "Rani Putri"}, {"\"replayed\":true"}, nullptr,
       [&](TestServer& srv, const Reply& r) {
         online_at = r.Json()["checked_in_at"].get<std::string>();
         CHECK(ScansWithNonce(srv, Nonce(1)) == 1);
         CHECK(DeviceAdmitted(srv, Nonce(1)) == -1);  // online: not settled yet
       }},
      {"its queued copy syncs: the same admission, not a duplicate", "POST", kBatch, sync,
       o.staff.token, 200, {"\"result\":\"ok\"", "\"ok\":1", "\"duplicates\":0"},
       {"duplicate_offline", "\"replayed\":true"}, nullptr,
       [&](TestServer& srv, const Reply& r) {
         const json res = r.Json()["results"][0];
         CHECK(res["checked_in_at"] == online_at);  // the time the server recorded
         CHECK(CheckedInAt(srv, o.a.id) == online_at);
         CHECK(ScansWithNonce(srv, Nonce(1)) == 1);
         CHECK(CountScans(srv, o.a.id) == 1);
         CHECK(DeviceAdmitted(srv, Nonce(1)) == 1);
       }},
      {"the batch retried: replayed, still one scan", "POST", kBatch, sync, o.staff.token, 200,
       {"\"result\":\"ok\"", "\"replayed\":true"}, {"duplicate_offline"}, nullptr,
       [&](TestServer& srv, const Reply&) { CHECK(CountScans(srv, o.a.id) == 1); }},
      {"the request retried: the recorded answer, nothing recorded", "POST", kCheckin,
       Online(o.a.code, o.e1, Nonce(1), kDeviceA), o.staff.token, 200,
       {"\"result\":\"ok\"", "\"replayed\":true"}, {}, nullptr,
       [&](TestServer& srv, const Reply&) { CHECK(CountScans(srv, o.a.id) == 1); }},
      {"no duplicate listed", "GET", dupes, "", o.staff.token, 200, {"\"total\":0"}},
  });
}

TEST_CASE("checkin nonce: the queued scan synced first, then the late online request arrives") {
  TestServer s;
  OfflineDoor o = MakeOfflineDoor(s);
  const std::string t1 = FormatRfc3339(NowSeconds() - 60);
  REQUIRE(s.Call("POST", kBatch, Batch(kDeviceA, {ScanOf(Nonce(2), o.b.code, o.e1, t1)}), o.staff.token)
              .Json()["results"][0]["result"] == "ok");

  RunScenarios(s, {
      {"late request of the same scan: answered as recorded, nothing new", "POST", kCheckin,
       Online(o.b.code, o.e1, Nonce(2), kDeviceA), o.staff.token, 200,
       {"\"result\":\"ok\"", "\"replayed\":true", "\"checked_in_at\":\"" + t1 + "\"", "Bayu"},
       {"already_checked_in"}, nullptr,
       [&](TestServer& srv, const Reply&) {
         CHECK(CountScans(srv, o.b.id) == 1);
         CHECK(CheckedInAt(srv, o.b.id) == t1);
       }},
      {"another device's nonce: nonce_taken", "POST", kCheckin,
       Online(o.b.code, o.e1, Nonce(2), kDeviceB), o.staff.token, 409,
       {"\"code\":\"nonce_taken\""}, {}, nullptr,
       [&](TestServer& srv, const Reply&) { CHECK(CountScans(srv, o.b.id) == 1); }},
      {"a turned-away scan recorded first: not_admitted again, not checked in", "POST", kCheckin,
       Online(o.d.code, o.e1, Nonce(3), kDeviceA), o.staff.token, 409,
       {"\"code\":\"not_admitted\""}, {}, [&](TestServer& srv) {
         REQUIRE(srv.Call("POST", kBatch, Batch(kDeviceA, {TurnedAway(Nonce(3), o.d.code, o.e1, t1)}),
                          o.staff.token).status == 200);
       },
       [&](TestServer& srv, const Reply&) {
         CHECK(!CheckedInAt(srv, o.d.id));
         CHECK(CountScans(srv, o.d.id) == 1);
       }},
      {"malformed nonce", "POST", kCheckin, Online(o.b.code, o.e1, "short", kDeviceA),
       o.staff.token, 400, {"\"code\":\"validation_failed\"", "\"nonce\""}},
      {"a nonce without the device", "POST", kCheckin,
       json{{"code", o.b.code}, {"nonce", Nonce(9)}}.dump(), o.staff.token, 400,
       {"\"code\":\"validation_failed\"", "\"device_id\""}, {"\"nonce\":"}},
      {"attendee: refused by role", "POST", kCheckin, Online(o.b.code, o.e1, Nonce(9), kDeviceA),
       o.holder.token, 403, {"\"code\":\"forbidden\""}},
      {"another organizer's published event: visible, refused", "POST", kCheckin,
       Online(o.b.code, o.e1, Nonce(9), kDeviceA), o.org2.token, 403, {"\"code\":\"forbidden\""}},
      {"signed out", "POST", kCheckin, Online(o.b.code, o.e1, Nonce(9), kDeviceA), "", 401},
  });
  CHECK(ScansWithNonce(s, Nonce(9)) == 0);
}

TEST_CASE("checkin nonce: what the door decided settles the online scan") {
  TestServer s;
  OfflineDoor o = MakeOfflineDoor(s);
  const std::string t0 = FormatRfc3339(NowSeconds() - 600);
  const std::string now = FormatRfc3339(NowSeconds());
  // Door B admitted Dewi offline earlier; door A's online scan of her is refused on the server,
  // but its answer never reached the phone, whose offline check let her in.
  REQUIRE(s.Call("POST", kBatch, Batch(kDeviceB, {ScanOf(Nonce(10), o.d.code, o.e1, t0)}), o.staff.token)
              .Json()["results"][0]["result"] == "ok");
  REQUIRE(s.Call("POST", kCheckin, Online(o.d.code, o.e1, Nonce(11), kDeviceA), o.staff.token).status == 409);
  REQUIRE(s.Call("POST", kCheckin, Online(o.v.code, o.e1, Nonce(12), kDeviceA), o.staff.token).status == 409);
  REQUIRE(s.Call("POST", kCheckin, Online(o.a.code, o.e1, Nonce(13), kDeviceA), o.staff.token).status == 200);
  const std::string refused = "/api/v1/events/" + std::to_string(o.e1) + "/offline-refused-admissions";
  const std::string dupes = "/api/v1/events/" + std::to_string(o.e1) + "/offline-duplicates";

  RunScenarios(s, {
      {"let in, refused online: a duplicate; void: a refused admission; turned away: cleared",
       "POST", kBatch,
       Batch(kDeviceA, {ScanOf(Nonce(11), o.d.code, o.e1, now), ScanOf(Nonce(12), o.v.code, o.e1, now),
                        TurnedAway(Nonce(13), o.a.code, o.e1, now)}),
       o.staff.token, 200, {"\"duplicates\":1"}, {"\"replayed\":true"}, nullptr,
       [&](TestServer& srv, const Reply& r) {
         const json res = r.Json()["results"];
         CHECK(res[0]["result"] == "duplicate_offline");
         CHECK(res[0]["first_checked_in_at"] == t0);
         CHECK(res[0]["first_device_id"] == kDeviceB);
         CHECK(res[1]["result"] == "ticket_void");
         CHECK(res[2]["result"] == "not_admitted");
         CHECK(CheckedInAt(srv, o.d.id) == t0);
         CHECK(!CheckedInAt(srv, o.a.id));
         CHECK(CountScans(srv, o.a.id, "ok") == 0);
         CHECK(DeviceAdmitted(srv, Nonce(12)) == 1);
         CHECK(DeviceAdmitted(srv, Nonce(13)) == 0);
       }},
      {"the duplicate is listed with both devices", "GET", dupes, "", o.staff.token, 200,
       {"\"total\":1", "Dewi", kDeviceA, kDeviceB}},
      {"the void ticket let in is listed", "GET", refused, "", o.staff.token, 200,
       {"\"total\":1", "Voided Person"}},
      {"settled once: the retry replays", "POST", kBatch,
       Batch(kDeviceA, {ScanOf(Nonce(11), o.d.code, o.e1, now)}), o.staff.token, 200,
       {"\"result\":\"duplicate_offline\"", "\"replayed\":true"}},
  });
  // The cleared ticket can be admitted again.
  CHECK(s.Post(kCheckin, {{"code", o.a.code}, {"event_id", o.e1}}, o.staff.token).status == 200);
}
