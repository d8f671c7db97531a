// Issue 18: two phones admitted one ticket; the server recorded the later admission first (the
// earlier phone's request was lost while the server was frozen, or it was offline). When the
// earlier one syncs, the check-in moves back to it, and the scan log follows: the scan labelled
// ok is the one at the ticket's checked_in_at, the one recorded before is the duplicate.
#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "core/common/time_util.h"
#include "tests/support/test_server.h"
#include "tests/web/offline_door_fixture.h"

using namespace lanyard;
using namespace lanyard::testing;
using nlohmann::json;

namespace {

const std::string kCheckin = "/api/v1/checkin";
const std::string kBatch = "/api/v1/checkin/batch";

// The result logged for the ticket's scan at `at` ("" when none, "many" when several).
std::string LoggedAt(TestServer& s, const TestUser& who, int64_t event_id, int64_t ticket_id,
                     const std::string& at) {
  const json log = s.Get("/api/v1/events/" + std::to_string(event_id) + "/checkins", who.token).Json();
  const json items = log["items"];  // a local: the reply's JSON is a temporary
  std::string found;
  for (const json& row : items) {
    if (row["ticket_id"] != ticket_id || row["created_at"] != at) continue;
    found = found.empty() ? row["result"].get<std::string>() : "many";
  }
  return found;
}

int64_t CheckedInCount(TestServer& s, const TestUser& who, int64_t event_id) {
  const json log = s.Get("/api/v1/events/" + std::to_string(event_id) + "/checkins", who.token).Json();
  return log["counts"]["checked_in"].get<int64_t>();
}

std::string UndoPath(int64_t ticket_id, const std::string& at) {
  std::string q = at;
  for (size_t i = q.find('+'); i != std::string::npos; i = q.find('+')) q.replace(i, 1, "%2B");
  return "/api/v1/checkins/" + std::to_string(ticket_id) + "?checked_in_at=" + q;
}

}  // namespace

TEST_CASE("checkin batch order: the later admission recorded online first, the earlier one synced second") {
  TestServer s;
  OfflineDoor o = MakeOfflineDoor(s);
  const std::string earlier = FormatRfc3339(NowSeconds() - 600);
  const std::string dupes = "/api/v1/events/" + std::to_string(o.e1) + "/offline-duplicates";

  // Phone B's online scan reaches the server; phone A's (scanned before) was lost and queued.
  const Reply b = s.Call("POST", kCheckin,
                         json{{"code", o.a.code}, {"event_id", o.e1}, {"nonce", Nonce(61)},
                              {"device_id", kDeviceB}}.dump(),
                         o.staff.token);
  REQUIRE(b.status == 200);
  const std::string later = b.Json()["checked_in_at"].get<std::string>();
  REQUIRE(LoggedAt(s, o.staff, o.e1, o.a.id, later) == "ok");

  // Phone A syncs its earlier admission: the check-in moves back to it.
  const Reply a = s.Call("POST", kBatch, Batch(kDeviceA, {ScanOf(Nonce(62), o.a.code, o.e1, earlier)}),
                         o.staff.token);
  REQUIRE(a.status == 200);
  const json answer = a.Json()["results"][0];
  CHECK(answer["result"] == "duplicate_offline");  // admitted twice; this phone was first
  CHECK(answer["earlier_than_first"] == true);
  CHECK(answer["first_checked_in_at"] == later);
  CHECK(CheckedInAt(s, o.a.id) == earlier);
  // The log follows checked_in_at: A's scan is the admission, B's the duplicate.
  CHECK(LoggedAt(s, o.staff, o.e1, o.a.id, earlier) == "ok");
  CHECK(LoggedAt(s, o.staff, o.e1, o.a.id, later) == "duplicate_offline");
  CHECK(CountScans(s, o.a.id, "ok") == 1);
  CHECK(CheckedInCount(s, o.staff, o.e1) == 1);
  {
    const json list = s.Get(dupes, o.staff.token).Json();
    CHECK(list["total"] == 1);
    const json items = list["items"];
    REQUIRE(items.size() == 1);
    CHECK(items[0]["first"]["scanned_at"] == earlier);
    CHECK(items[0]["first"]["device_id"] == kDeviceA);
    CHECK(items[0]["second"]["scanned_at"] == later);
  }

  // Phone B's request had timed out, so it queued the scan too; its sync settles B's row as the
  // duplicate it now is, naming A's admission.
  const Reply b_sync = s.Call("POST", kBatch, Batch(kDeviceB, {ScanOf(Nonce(61), o.a.code, o.e1, later)}),
                              o.staff.token);
  REQUIRE(b_sync.status == 200);
  const json b_answer = b_sync.Json()["results"][0];
  CHECK(b_answer["result"] == "duplicate_offline");
  CHECK(b_answer["first_checked_in_at"] == earlier);
  CHECK(b_answer["first_device_id"] == kDeviceA);
  CHECK_FALSE(b_answer.contains("earlier_than_first"));
  CHECK(LoggedAt(s, o.staff, o.e1, o.a.id, later) == "duplicate_offline");
  CHECK(CountScans(s, o.a.id, "ok") == 1);
  CHECK(s.Get(dupes, o.staff.token).Json()["items"][0]["first"]["scanned_at"] == earlier);

  // A's batch retried: the same answer, nothing changes.
  const Reply again = s.Call("POST", kBatch, Batch(kDeviceA, {ScanOf(Nonce(62), o.a.code, o.e1, earlier)}),
                             o.staff.token);
  const json replay = again.Json()["results"][0];
  CHECK(replay["replayed"] == true);
  CHECK(replay["result"] == "duplicate_offline");
  CHECK(replay["earlier_than_first"] == true);
  CHECK(replay["first_checked_in_at"] == later);
  CHECK(LoggedAt(s, o.staff, o.e1, o.a.id, earlier) == "ok");

  // Undo names the admission at checked_in_at: B's is no longer it, A's is.
  const Reply stale = s.Call("DELETE", UndoPath(o.a.id, later), "", o.staff.token);
  CHECK(stale.status == 409);
  CHECK(stale.body.find("checkin_changed") != std::string::npos);
  // It says which admission was first (the phone redraws its row as the second one).
  CHECK(stale.Json()["first_checked_in_at"] == earlier);
  CHECK(stale.Json()["first_device_id"] == kDeviceA);
  CHECK(stale.Json()["first_device_label"] == "Door A");
  CHECK(s.Call("DELETE", UndoPath(o.a.id, earlier), "", o.staff.token).status == 200);
  CHECK_FALSE(CheckedInAt(s, o.a.id).has_value());
  CHECK(CheckedInCount(s, o.staff, o.e1) == 0);
}

TEST_CASE("checkin batch order: an offline admission earlier than an online check-in without a nonce") {
  TestServer s;
  OfflineDoor o = MakeOfflineDoor(s);
  const std::string earlier = FormatRfc3339(NowSeconds() - 900);
  const Reply online = s.Call("POST", kCheckin, json{{"code", o.b.code}, {"event_id", o.e1}}.dump(),
                              o.staff.token);
  REQUIRE(online.status == 200);
  const std::string later = online.Json()["checked_in_at"].get<std::string>();
  REQUIRE(s.Call("POST", kBatch, Batch(kDeviceA, {ScanOf(Nonce(71), o.b.code, o.e1, earlier)}),
                 o.staff.token).status == 200);
  CHECK(CheckedInAt(s, o.b.id) == earlier);
  CHECK(LoggedAt(s, o.staff, o.e1, o.b.id, earlier) == "ok");
  CHECK(LoggedAt(s, o.staff, o.e1, o.b.id, later) == "duplicate_offline");
  CHECK(CountScans(s, o.b.id, "ok") == 1);
  // A third device, later than both: a duplicate of the earliest admission.
  const Reply third = s.Call("POST", kBatch,
                             Batch(kDeviceB, {ScanOf(Nonce(72), o.b.code, o.e1, FormatRfc3339(NowSeconds() - 300))}),
                             o.staff.token);
  CHECK(third.Json()["results"][0]["first_checked_in_at"] == earlier);
  CHECK(CountScans(s, o.b.id, "ok") == 1);
  CHECK(CountScans(s, o.b.id, "duplicate_offline") == 2);
  const json list = s.Get("/api/v1/events/" + std::to_string(o.e1) + "/offline-duplicates", o.staff.token).Json();
  const json items = list["items"];
  REQUIRE(items.size() == 2);
  for (const json& d : items) CHECK(d["first"]["scanned_at"] == earlier);
}

TEST_CASE("checkin batch order: an online scan is recorded at its scanned_at, and a late earlier one takes over") {
  TestServer s;
  OfflineDoor o = MakeOfflineDoor(s);
  const std::string at_a = FormatRfc3339(NowSeconds() - 120);  // phone A scanned first
  const std::string at_b = FormatRfc3339(NowSeconds() - 60);
  auto online = [&](const std::string& code, const std::string& nonce, const std::string& device,
                    const std::string& at) {
    return s.Call("POST", kCheckin,
                  json{{"code", code}, {"event_id", o.e1}, {"nonce", nonce}, {"device_id", device},
                       {"scanned_at", at}}.dump(),
                  o.staff.token);
  };
  // The frozen server answers B's request first, then A's: each is stamped when it was scanned.
  const Reply b = online(o.a.code, Nonce(81), kDeviceB, at_b);
  REQUIRE(b.status == 200);
  CHECK(b.Json()["checked_in_at"] == at_b);
  CHECK(CheckedInAt(s, o.a.id) == at_b);
  const Reply a = online(o.a.code, Nonce(82), kDeviceA, at_a);
  CHECK(a.status == 409);  // the server saw B's first; A's phone had timed out and admitted
  CHECK(LoggedAt(s, o.staff, o.e1, o.a.id, at_a) == "already_checked_in");
  // A's queued copy settles its row: it was the earlier admission.
  const Reply sync = s.Call("POST", kBatch, Batch(kDeviceA, {ScanOf(Nonce(82), o.a.code, o.e1, at_a)}),
                            o.staff.token);
  REQUIRE(sync.status == 200);
  CHECK(sync.Json()["results"][0]["earlier_than_first"] == true);
  CHECK(sync.Json()["results"][0]["first_checked_in_at"] == at_b);
  CHECK(CheckedInAt(s, o.a.id) == at_a);
  CHECK(LoggedAt(s, o.staff, o.e1, o.a.id, at_a) == "ok");
  CHECK(LoggedAt(s, o.staff, o.e1, o.a.id, at_b) == "duplicate_offline");
  CHECK(CountScans(s, o.a.id, "ok") == 1);
  const json list = s.Get("/api/v1/events/" + std::to_string(o.e1) + "/offline-duplicates", o.staff.token).Json();
  const json items = list["items"];
  REQUIRE(items.size() == 1);
  CHECK(items[0]["first"]["scanned_at"] == at_a);
  CHECK(items[0]["second"]["scanned_at"] == at_b);

  // scanned_at is clamped to [now - 24 h, now] and taken only with a nonce.
  const Reply future = online(o.b.code, Nonce(83), kDeviceA, FormatRfc3339(NowSeconds() + 3600));
  REQUIRE(future.status == 200);
  CHECK(future.Json()["checked_in_at"].get<std::string>() <= NowRfc3339());
  const Reply old = online(o.d.code, Nonce(84), kDeviceA, FormatRfc3339(NowSeconds() - 3 * 86400));
  REQUIRE(old.status == 200);
  CHECK(old.Json()["checked_in_at"].get<std::string>() >= FormatRfc3339(NowSeconds() - 86400 - 60));
  CHECK(online(o.d.code, Nonce(85), kDeviceA, "yesterday").status == 400);
  const Reply bare = s.Call("POST", kCheckin,
                            json{{"code", o.d.code}, {"event_id", o.e1}, {"scanned_at", at_a}}.dump(),
                            o.staff.token);
  CHECK(bare.status == 400);
  CHECK(bare.body.find("scanned_at") != std::string::npos);
}
