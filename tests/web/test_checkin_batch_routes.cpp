// Issue 18 / SPEC §7: POST /checkin/batch (offline scans uploaded later), the revocation list,
// the scanner devices' last sync and the tickets admitted twice while offline.
#include <doctest/doctest.h>

#include "core/checkin/offline_names.h"
#include "core/checkin/ticket_code.h"
#include "core/common/crypto.h"
#include "core/common/crypto_aead.h"
#include "core/common/time_util.h"
#include "storage/query.h"
#include "tests/support/test_server.h"
#include "tests/web/offline_door_fixture.h"

using namespace lanyard;
using namespace lanyard::testing;
using nlohmann::json;

namespace {

std::string Tampered(std::string code, size_t at) {
  code[at] = code[at] == 'A' ? 'B' : 'A';
  return code;
}

}  // namespace

TEST_CASE("checkin batch: offline scans are recorded at their time, once per nonce") {
  TestServer s;
  OfflineDoor o = MakeOfflineDoor(s);
  const std::string t1 = FormatRfc3339(NowSeconds() - 3600);
  const std::string t2 = FormatRfc3339(NowSeconds() - 3000);
  const std::string path = "/api/v1/checkin/batch";
  const std::string first = Batch(kDeviceA, {ScanOf(Nonce(1), o.a.code, o.e1, t1)});
  const std::string foreign = TicketSigner::Generate().Issue(o.b.id, o.e1);
  const std::string unknown = s.app().ticket_signer().Issue(987654, o.e1);
  json turned_away = ScanOf(Nonce(3), o.a.code, o.e1, t2);
  turned_away["admitted"] = false;

  RunScenarios(s, {
      {"ok, at the offline time", "POST", path, first, o.staff.token, 200,
       {"\"result\":\"ok\"", "\"status\":200", "\"holder_name\":\"Rani Putri\"",
        "\"checked_in_at\":\"" + t1 + "\"", "\"device_id\":\"" + kDeviceA + "\""},
       {"\"replayed\":true"}, nullptr,
       [&](TestServer& srv, const Reply& r) {
         CHECK(CheckedInAt(srv, o.a.id) == t1);
         CHECK(ScansWithNonce(srv, Nonce(1)) == 1);
         CHECK(CountScans(srv, o.a.id, "ok") == 1);
         CHECK(r.Json()["counts"]["ok"] == 1);
         CHECK(storage::ScalarInt(srv.app().db().Reader(),
                                  "SELECT COUNT(*) FROM checkin_scans WHERE nonce = ? AND "
                                  "created_at = ? AND device_id = ? AND synced_at IS NOT NULL",
                                  Nonce(1), t1, kDeviceA)
                   .value_or(0) == 1);
       }},
      {"nonce replay admits nobody twice", "POST", path, first, o.staff.token, 200,
       {"\"result\":\"ok\"", "\"replayed\":true", "\"checked_in_at\":\"" + t1 + "\"",
        "\"replayed\":1"},
       {}, nullptr,
       [&](TestServer& srv, const Reply&) {
         CHECK(ScansWithNonce(srv, Nonce(1)) == 1);
         CHECK(CountScans(srv, o.a.id) == 1);
         CHECK(CheckedInAt(srv, o.a.id) == t1);
       }},
      {"two devices admitting one ticket", "POST", path,
       Batch(kDeviceB, {ScanOf(Nonce(2), o.a.code, o.e1, t2)}), o.org1.token, 200,
       {"\"result\":\"duplicate_offline\"", "\"status\":409", "\"first_device_id\":\"" + kDeviceA + "\"",
        "\"first_checked_in_at\":\"" + t1 + "\"", "\"first_scanned_by\":\"Door Staff\"",
        "\"holder_name\":\"Rani Putri\"", "\"duplicates\":1"},
       {"earlier_than_first"}, nullptr,
       [&](TestServer& srv, const Reply&) {
         CHECK(CheckedInAt(srv, o.a.id) == t1);  // the first admission stands
         CHECK(CountScans(srv, o.a.id, "duplicate_offline") == 1);
       }},
      {"seen already and turned away", "POST", path, Batch(kDeviceB, {turned_away}), o.staff.token, 200, {"\"result\":\"already_checked_in\"", "\"status\":409"}},
      {"void ticket scanned offline", "POST", path,
       Batch(kDeviceA, {ScanOf(Nonce(4), o.v.code, o.e1, t2)}), o.staff.token, 200,
       {"\"result\":\"ticket_void\"", "\"status\":409", "Voided Person"}, {}, nullptr,
       [&](TestServer& srv, const Reply&) {
         CHECK(!CheckedInAt(srv, o.v.id));
         CHECK(CountScans(srv, o.v.id, "ticket_void") == 1);
       }},
      {"wrong event", "POST", path, Batch(kDeviceA, {ScanOf(Nonce(5), o.c.code, o.e1, t2)}),
       o.staff.token, 200, {"\"result\":\"wrong_event\"", "\"status\":409"}, {"Citra"}, nullptr,
       [&](TestServer& srv, const Reply&) { CHECK(!CheckedInAt(srv, o.c.id)); }},
      {"forged: tampered payload", "POST", path,
       Batch(kDeviceA, {ScanOf(Nonce(6), Tampered(o.b.code, 5), o.e1, t2)}), o.staff.token, 200,
       {"\"result\":\"invalid_code\"", "\"status\":400"}, {"Bayu"}},
      {"forged: tampered signature", "POST", path,
       Batch(kDeviceA, {ScanOf(Nonce(7), Tampered(o.b.code, o.b.code.size() - 3), o.e1, t2)}),
       o.staff.token, 200, {"\"result\":\"invalid_code\""}, {"Bayu"}},
      {"forged: another key", "POST", path, Batch(kDeviceA, {ScanOf(Nonce(8), foreign, o.e1, t2)}),
       o.staff.token, 200, {"\"result\":\"invalid_code\""}, {"Bayu"}, nullptr,
       [&](TestServer& srv, const Reply&) { CHECK(!CheckedInAt(srv, o.b.id)); }},
      {"garbage", "POST", path, Batch(kDeviceA, {ScanOf(Nonce(9), "hello", o.e1, t2)}),
       o.staff.token, 200, {"\"result\":\"invalid_code\""}},
      {"genuine, no such ticket", "POST", path,
       Batch(kDeviceA, {ScanOf(Nonce(10), unknown, o.e1, t2)}), o.staff.token, 200,
       {"\"result\":\"unknown_ticket\"", "\"status\":404"}},
      {"a nonce another device sent", "POST", path,
       Batch(kDeviceB, {ScanOf(Nonce(4), o.b.code, o.e1, t2)}), o.staff.token, 200,
       {"\"result\":\"nonce_taken\"", "\"status\":409"}, {}, nullptr,
       [&](TestServer& srv, const Reply&) { CHECK(!CheckedInAt(srv, o.b.id)); }},
      {"organizer at another's door: not recorded", "POST", path,
       Batch(kDeviceB, {ScanOf(Nonce(11), o.c.code, o.e3, t2)}), o.org1.token, 200,
       {"\"result\":\"forbidden\"", "\"status\":403"}, {"Citra"}, nullptr,
       [&](TestServer& srv, const Reply&) {
         CHECK(ScansWithNonce(srv, Nonce(11)) == 0);
         CHECK(!CheckedInAt(srv, o.c.id));
       }},
      {"organizer at another's draft door", "POST", path,
       Batch(kDeviceB, {ScanOf(Nonce(12), o.c.code, o.e2, t2)}), o.org1.token, 200,
       {"\"result\":\"not_found\"", "\"status\":404"}},
      {"a time in the future is recorded as the upload time", "POST", path,
       Batch(kDeviceA, {ScanOf(Nonce(13), o.b.code, o.e1, FormatRfc3339(NowSeconds() + 86400))}),
       o.staff.token, 200, {"\"result\":\"ok\""}, {}, nullptr,
       [&](TestServer& srv, const Reply& r) {
         const auto at = ParseRfc3339(*CheckedInAt(srv, o.b.id));
         REQUIRE(at);
         CHECK(*at <= NowSeconds());
         CHECK(r.Json()["results"].at(0)["checked_in_at"] == *CheckedInAt(srv, o.b.id));
       }},
      {"several scans in one batch, answered in order", "POST", path,
       Batch(kDeviceA, {ScanOf(Nonce(14), o.d.code, o.e1, t1), ScanOf(Nonce(15), "junk", o.e1, t2),
                        ScanOf(Nonce(14), o.d.code, o.e1, t1)}),
       o.admin.token, 200, {}, {}, nullptr,
       [&](TestServer& srv, const Reply& r) {
         auto results = r.Json()["results"];
         REQUIRE(results.size() == 3);
         CHECK(results[0]["nonce"] == Nonce(14));
         CHECK(results[0]["result"] == "ok");
         CHECK(results[1]["result"] == "invalid_code");
         CHECK(results[2]["replayed"] == true);
         CHECK(CountScans(srv, o.d.id) == 1);
       }},
      {"empty batch: a heartbeat", "POST", path, Batch(kDeviceB, {}), o.staff.token, 200,
       {"\"results\":[]"}},
      {"device_id missing", "POST", path, json{{"scans", json::array()}}.dump(), o.staff.token,
       400, {"validation_failed", "\"device_id\""}},
      {"device_id too short", "POST", path, Batch("dev", {}), o.staff.token, 400,
       {"validation_failed", "\"device_id\""}},
      {"label with a control character", "POST", path,
       json{{"device_id", kDeviceA}, {"label", "a\x01"}, {"scans", json::array()}}.dump(),
       o.staff.token, 400, {"\"label\""}},
      {"scans missing", "POST", path, json{{"device_id", kDeviceA}}.dump(), o.staff.token, 400,
       {"validation_failed", "\"scans\""}},
      {"scans not an array", "POST", path, json{{"device_id", kDeviceA}, {"scans", 3}}.dump(),
       o.staff.token, 400, {"bad_request"}},
      {"a scan that is not an object", "POST", path,
       json{{"device_id", kDeviceA}, {"scans", {1}}}.dump(), o.staff.token, 400, {"bad_request"}},
      {"a scan field of the wrong type", "POST", path,
       json{{"device_id", kDeviceA}, {"scans", {{{"nonce", Nonce(20)}, {"code", 5}}}}}.dump(),
       o.staff.token, 400, {"bad_request"}},
      {"a short nonce", "POST", path, Batch(kDeviceA, {ScanOf("abc", o.b.code, o.e1, t2)}),
       o.staff.token, 400, {"validation_failed", "scans[0].nonce"}},
      {"a bad scan time", "POST", path,
       Batch(kDeviceA, {ScanOf(Nonce(21), o.b.code, o.e1, t2), ScanOf(Nonce(22), o.b.code, o.e1, "yesterday")}),
       o.staff.token, 400, {"validation_failed", "scans[1].scanned_at"}, {}, nullptr,
       [&](TestServer& srv, const Reply&) { CHECK(ScansWithNonce(srv, Nonce(21)) == 0); }},
      {"no event", "POST", path,
       json{{"device_id", kDeviceA}, {"scans", {{{"nonce", Nonce(23)}, {"code", o.b.code}, {"scanned_at", t2}}}}}.dump(),
       o.staff.token, 400, {"scans[0].event_id"}},
      {"too many scans", "POST", path,
       Batch(kDeviceA, std::vector<json>(501, ScanOf(Nonce(24), o.b.code, o.e1, t2))),
       o.staff.token, 400, {"validation_failed", "\"scans\""}},
      {"attendee", "POST", path, Batch(kDeviceA, {}), o.holder.token, 403, {"forbidden"}},
      {"anonymous", "POST", path, Batch(kDeviceA, {}), "", 401},
  });
  for (const Scenario& b : BodyErrorScenarios("POST", path, o.staff.token, "device_id")) {
    RunScenarios(s, {b});
  }

  // The staff page's report: who, which devices, when.
  const std::string dupes = "/api/v1/events/" + std::to_string(o.e1) + "/offline-duplicates";
  RunScenarios(s, {
      {"duplicates: staff", "GET", dupes, "", o.staff.token, 200,
       {"\"total\":1", "\"holder_name\":\"Rani Putri\"", "\"ticket_type\":\"Early bird\""}, {},
       nullptr,
       [&](TestServer&, const Reply& r) {
         const json item = r.Json()["items"].at(0);
         CHECK(item["ticket_id"] == o.a.id);
         CHECK(item["first"]["device_id"] == kDeviceA);
         CHECK(item["first"]["scanned_at"] == t1);
         CHECK(item["first"]["scanned_by"] == "Door Staff");
         CHECK(item["second"]["device_id"] == kDeviceB);
         CHECK(item["second"]["scanned_at"] == t2);
         CHECK(item["second"]["scanned_by"] == "Org One");
       }},
      {"duplicates: event owner", "GET", dupes, "", o.org1.token, 200, {"\"total\":1"}},
      {"duplicates: another organizer", "GET", dupes, "", o.org2.token, 403},
      {"duplicates: another's draft", "GET",
       "/api/v1/events/" + std::to_string(o.e2) + "/offline-duplicates", "", o.org1.token, 404},
      {"duplicates: no such event", "GET", "/api/v1/events/99999/offline-duplicates", "",
       o.staff.token, 404},
      {"duplicates: attendee", "GET", dupes, "", o.holder.token, 403},
      {"duplicates: anonymous", "GET", dupes, "", "", 401},
      {"duplicates: bad paging", "GET", dupes + "?limit=0", "", o.staff.token, 400},
  });

  // /admin: each device's last sync.
  RunScenarios(s, {
      {"devices: admin", "GET", "/api/v1/checkin/devices", "", o.admin.token, 200,
       {"\"total\":2", "\"device_id\":\"" + kDeviceA + "\"", "\"device_id\":\"" + kDeviceB + "\"",
        "\"label\":\"Door A\"", "\"last_sync_at\":\""},
       {}, nullptr,
       [&](TestServer&, const Reply& r) {
         const json devices = r.Json()["items"];  // a local: the reply's JSON is a temporary
         for (const json& d : devices) {
           if (d["device_id"] == kDeviceA) CHECK(d["scans_synced"] == 11);
           if (d["device_id"] == kDeviceB) CHECK(d["scans_synced"] == 2);
         }
       }},
      {"devices: organizer sees devices at their doors", "GET", "/api/v1/checkin/devices", "",
       o.org1.token, 200, {"\"total\":2"}},
      {"devices: organizer without doors", "GET", "/api/v1/checkin/devices", "", o.org2.token,
       200, {"\"total\":0"}},
      {"devices: attendee", "GET", "/api/v1/checkin/devices", "", o.holder.token, 403},
      {"devices: anonymous", "GET", "/api/v1/checkin/devices", "", "", 401},
  });
}

TEST_CASE("checkin batch: a heartbeat naming its door lists the phone for that event's organizer") {
  TestServer s;
  OfflineDoor o = MakeOfflineDoor(s);
  const std::string path = "/api/v1/checkin/batch";
  auto heartbeat = [](const std::string& device, const nlohmann::json& event_id) {
    return nlohmann::json{{"device_id", device}, {"label", "Gate"}, {"event_id", event_id},
                          {"scans", nlohmann::json::array()}}.dump();
  };
  RunScenarios(s, {
      {"heartbeat at E1's door", "POST", path, heartbeat(kDeviceA, o.e1), o.staff.token, 200,
       {"\"counts\""}},
      // org2 cannot check in at E1: the phone is not put at that door (and the batch stands).
      {"heartbeat naming a door the caller cannot staff", "POST", path, heartbeat(kDeviceB, o.e1),
       o.org2.token, 200},
      {"event_id not a number", "POST", path, heartbeat(kDeviceA, "E1"), o.staff.token, 400},
      {"event_id not an id", "POST", path, heartbeat(kDeviceA, 0), o.staff.token, 400,
       {"\"validation_failed\"", "\"event_id\""}},
      {"the organizer sees the phone at their door", "GET", "/api/v1/checkin/devices", "",
       o.org1.token, 200, {"\"total\":1", "\"device_id\":\"" + kDeviceA + "\""}, {kDeviceB}},
      {"the other organizer does not", "GET", "/api/v1/checkin/devices", "", o.org2.token, 200,
       {"\"total\":0"}},
  });
}

TEST_CASE("checkin batch: an offline scan earlier than the recorded check-in comes first") {
  TestServer s;
  OfflineDoor o = MakeOfflineDoor(s);
  const std::string later = FormatRfc3339(NowSeconds() - 600);
  const std::string earlier = FormatRfc3339(NowSeconds() - 1800);
  const std::string path = "/api/v1/checkin/batch";
  // Device B arrives first with the later scan; device A syncs its earlier scan afterwards.
  REQUIRE(s.Call("POST", path, Batch(kDeviceB, {ScanOf(Nonce(41), o.a.code, o.e1, later)}),
                 o.staff.token).Json()["results"][0]["result"] == "ok");
  const Reply second = s.Call("POST", path,
                              Batch(kDeviceA, {ScanOf(Nonce(42), o.a.code, o.e1, earlier)}),
                              o.staff.token);
  REQUIRE(second.status == 200);
  CHECK(second.Json()["results"][0]["result"] == "duplicate_offline");
  CHECK(second.Json()["results"][0]["earlier_than_first"] == true);  // this phone was first
  CHECK(second.Json()["results"][0]["first_checked_in_at"] == later);
  CHECK(CheckedInAt(s, o.a.id) == earlier);  // in from the earliest scan
  // Retried: the same answer.
  const Reply again = s.Call("POST", path, Batch(kDeviceA, {ScanOf(Nonce(42), o.a.code, o.e1, earlier)}),
                             o.staff.token);
  CHECK(again.Json()["results"][0]["replayed"] == true);
  CHECK(again.Json()["results"][0]["earlier_than_first"] == true);
  const json dupes =
      s.Get("/api/v1/events/" + std::to_string(o.e1) + "/offline-duplicates", o.staff.token).Json();
  REQUIRE(dupes["items"].size() == 1);
  CHECK(dupes["items"][0]["first"]["scanned_at"] == earlier);
  CHECK(dupes["items"][0]["first"]["device_id"] == kDeviceA);
  CHECK(dupes["items"][0]["second"]["scanned_at"] == later);
  CHECK(dupes["items"][0]["second"]["device_id"] == kDeviceB);
  // A device that turned the holder away does not move the check-in.
  json turned_away = ScanOf(Nonce(43), o.a.code, o.e1, FormatRfc3339(NowSeconds() - 3600));
  turned_away["admitted"] = false;
  REQUIRE(s.Call("POST", path, Batch(kDeviceA, {turned_away}), o.staff.token).status == 200);
  CHECK(CheckedInAt(s, o.a.id) == earlier);
}

TEST_CASE("checkin batch: one ticket from two devices at once admits once") {
  TestServer s;
  OfflineDoor o = MakeOfflineDoor(s);
  const std::string at = FormatRfc3339(NowSeconds() - 60);
  std::vector<std::thread> threads;
  std::vector<Reply> replies(8);
  for (int i = 0; i < 8; ++i) {
    threads.emplace_back([&, i] {
      replies[i] = s.Call("POST", "/api/v1/checkin/batch",
                          Batch("device-" + std::to_string(i) + "-parallel",
                                {ScanOf(Nonce(100 + i), o.a.code, o.e1, at)}),
                          o.staff.token);
    });
  }
  for (auto& t : threads) t.join();
  int ok = 0, dupes = 0;
  for (const Reply& r : replies) {
    REQUIRE(r.status == 200);
    const std::string result = r.Json()["results"][0]["result"];
    ok += result == "ok";
    dupes += result == "duplicate_offline";
  }
  CHECK(ok == 1);
  CHECK(dupes == 7);
  CHECK(CountScans(s, o.a.id, "ok") == 1);
}

TEST_CASE("checkin: the revocation list of an event, whole and since a cursor") {
  TestServer s;
  OfflineDoor o = MakeOfflineDoor(s);
  const std::string base = "/api/v1/events/" + std::to_string(o.e1) + "/revocations";
  REQUIRE(s.Post("/api/v1/checkin", {{"code", o.a.code}}, o.staff.token).status == 200);
  REQUIRE(s.Post("/api/v1/checkin", {{"code", o.c.code}}, o.staff.token).status == 200);
  int64_t cursor = 0;
  RunScenarios(s, {
      {"whole list", "GET", base, "", o.staff.token, 200,
       {"\"full\":true", "\"event_id\":" + std::to_string(o.e1), "\"generated_at\":\""}, {},
       nullptr,
       [&](TestServer&, const Reply& r) {
         const json j = r.Json();
         CHECK(j["void"] == json::array({o.v.id}));
         CHECK(j["checked_in"] == json::array({o.a.id}));  // not E3's ticket
         CHECK(j["cleared"] == json::array());
         cursor = j["cursor"].get<int64_t>();
         CHECK(cursor > 0);
       }},
  });
  // Changes after the cursor: an undo, a new check-in, a refund.
  REQUIRE(s.Call("DELETE",
                 "/api/v1/checkins/" + std::to_string(o.a.id) +
                     "?checked_in_at=" + CheckedInAt(s, o.a.id).value_or(""),
                 "", o.staff.token)
              .status == 200);
  REQUIRE(s.Post("/api/v1/checkin", {{"code", o.b.code}}, o.staff.token).status == 200);
  VoidOrder(s, o.d.order_id);
  RunScenarios(s, {
      {"since the cursor", "GET", base + "?since=" + std::to_string(cursor), "", o.org1.token, 200,
       {"\"full\":false"}, {}, nullptr,
       [&](TestServer&, const Reply& r) {
         const json j = r.Json();
         CHECK(j["void"] == json::array({o.d.id}));
         CHECK(j["checked_in"] == json::array({o.b.id}));
         CHECK(j["cleared"] == json::array({o.a.id}));
         CHECK(j["cursor"].get<int64_t>() > cursor);
       }},
      {"since the newest cursor: nothing", "GET", base + "?since=1000000", "", o.staff.token, 200,
       {"\"void\":[]", "\"checked_in\":[]", "\"cleared\":[]"}},
      {"offline check-ins count too", "GET", base, "", o.staff.token, 200, {},
       {}, [&](TestServer& srv) {
         REQUIRE(srv.Call("POST", "/api/v1/checkin/batch",
                          Batch(kDeviceA, {ScanOf(Nonce(1), o.a.code, o.e1, NowRfc3339())}),
                          o.staff.token).status == 200);
       },
       [&](TestServer&, const Reply& r) {
         CHECK(r.Json()["checked_in"] == json::array({o.a.id, o.b.id}));
       }},
      {"negative cursor", "GET", base + "?since=-1", "", o.staff.token, 400,
       {"validation_failed", "\"since\""}},
      {"cursor not a number", "GET", base + "?since=yesterday", "", o.staff.token, 400,
       {"validation_failed", "\"since\""}},
      {"admin", "GET", base, "", o.admin.token, 200},
      {"another organizer, published", "GET", base, "", o.org2.token, 403},
      {"another organizer, draft", "GET",
       "/api/v1/events/" + std::to_string(o.e2) + "/revocations", "", o.org1.token, 404},
      {"no such event", "GET", "/api/v1/events/99999/revocations", "", o.staff.token, 404},
      {"attendee", "GET", base, "", o.holder.token, 403},
      {"anonymous", "GET", base, "", "", 401},
  });
}

TEST_CASE("checkin: holder names for offline answers open only with the ticket's code") {
  TestServer s;
  OfflineDoor o = MakeOfflineDoor(s);
  const std::string base = "/api/v1/events/" + std::to_string(o.e1) + "/offline-names";
  RunScenarios(s, {
      {"staff", "GET", base, "", o.staff.token, 200, {"\"items\":["},
       {"Rani", "Bayu", "Early bird", o.a.code}, nullptr,
       [&](TestServer&, const Reply& r) {
         const json items = r.Json()["items"];
         // a, b, d and the void v: a refunded person scanned offline is named on the red answer
         // (the name still opens only with that ticket's code).
         CHECK(items.size() == 4);
         const std::string k = checkin::OfflineNameIndex(o.a.code);
         CHECK(k.size() == 22);
         std::optional<std::string> opened, wrong_key;
         for (const json& item : items) {
           if (item["k"] != k) continue;
           std::string sealed;
           REQUIRE(crypto::Base64UrlDecode(item["n"].get<std::string>(), &sealed));
           opened = crypto::Aes256GcmOpen(checkin::OfflineNameKey(o.a.code), sealed);
           wrong_key = crypto::Aes256GcmOpen(checkin::OfflineNameKey(o.b.code), sealed);
           sealed[15] = static_cast<char>(sealed[15] ^ 1);
           CHECK(!crypto::Aes256GcmOpen(checkin::OfflineNameKey(o.a.code), sealed));
         }
         REQUIRE(opened);
         CHECK(json::parse(*opened) == json{{"name", "Rani Putri"}, {"type", "Early bird"}});
         CHECK(!wrong_key);
         std::optional<std::string> voided;
         for (const json& item : items) {
           if (item["k"] != checkin::OfflineNameIndex(o.v.code)) continue;
           std::string sealed;
           REQUIRE(crypto::Base64UrlDecode(item["n"].get<std::string>(), &sealed));
           voided = crypto::Aes256GcmOpen(checkin::OfflineNameKey(o.v.code), sealed);
         }
         REQUIRE(voided);
         CHECK(json::parse(*voided)["name"] == "Voided Person");
       }},
      {"event owner", "GET", base, "", o.org1.token, 200},
      {"another organizer, published", "GET", base, "", o.org2.token, 403},
      {"another organizer, draft", "GET",
       "/api/v1/events/" + std::to_string(o.e2) + "/offline-names", "", o.org1.token, 404},
      {"no such event", "GET", "/api/v1/events/99999/offline-names", "", o.staff.token, 404},
      {"attendee", "GET", base, "", o.holder.token, 403},
      {"anonymous", "GET", base, "", "", 401},
  });
}
