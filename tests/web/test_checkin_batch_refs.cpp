// Typed references offline (issue 18, session 5): the order entries of GET
// /events/{id}/offline-names that let a scanner resolve "K7QX2M9A-2" with no network, and the
// scans it queues with `ref` instead of a code (POST /checkin/batch).
#include <doctest/doctest.h>

#include "core/checkin/offline_orders.h"
#include "core/common/crypto.h"
#include "core/common/crypto_aead.h"
#include "core/common/crypto_kdf.h"
#include "core/common/time_util.h"
#include "storage/query.h"
#include "storage/tickets_repo.h"
#include "tests/support/test_server.h"
#include "tests/web/offline_door_fixture.h"

using namespace lanyard;
using namespace lanyard::testing;
using nlohmann::json;

namespace {

// The fixture's orders get codes of the real alphabet (core/orders/order_code.h), as checkout
// makes them: REFAAAAA for the order of ticket a, and so on.
void GiveOrderCodes(TestServer& s, const OfflineDoor& o) {
  const std::vector<std::pair<int64_t, std::string>> codes = {
      {o.a.order_id, "REFAAAAA"}, {o.b.order_id, "REFBBBBB"}, {o.d.order_id, "REFDDDDD"},
      {o.v.order_id, "REFVVVVV"}, {o.c.order_id, "REFCCCCC"}};
  s.app().db().Write([&](storage::Conn& c) {
    for (const auto& entry : codes) {
      storage::Exec(c, "UPDATE orders SET code = ? WHERE id = ?", entry.second, entry.first);
    }
    return true;
  });
}

// "REFAAAAA-1": the ticket's typed reference.
std::string RefOf(TestServer& s, int64_t ticket_id) {
  auto t = storage::FindTicket(s.app().db().Reader(), ticket_id);
  REQUIRE(t);
  return t->order_code + "-" + std::to_string(t->number_in_order);
}

json RefScan(const std::string& nonce, const std::string& ref, int64_t event_id,
             const std::string& at, bool admitted = true) {
  return {{"nonce", nonce}, {"ref", ref}, {"event_id", event_id}, {"scanned_at", at},
          {"admitted", admitted}};
}

// The entry of `order_code` in an offline-names answer, opened as a scanner opens it.
std::optional<json> OpenOrderEntry(const json& names, const std::string& order_code) {
  std::string salt;
  if (!crypto::Base64UrlDecode(names["order_kdf"]["salt"].get<std::string>(), &salt)) return {};
  const auto secret = checkin::DeriveOfflineOrderSecret(
      order_code, salt, names["order_kdf"]["iterations"].get<int>());
  const json orders = names["orders"];
  for (const json& entry : orders) {
    if (entry["k"] != secret.index) continue;
    std::string sealed;
    if (!crypto::Base64UrlDecode(entry["n"].get<std::string>(), &sealed)) return {};
    auto plain = crypto::Aes256GcmOpen(secret.key, sealed);
    if (!plain) return {};
    return json::parse(*plain);
  }
  return {};
}

}  // namespace

TEST_CASE("offline door: a typed reference queued offline is reconciled by the batch") {
  TestServer s;
  OfflineDoor o = MakeOfflineDoor(s);
  GiveOrderCodes(s, o);
  const std::string t1 = FormatRfc3339(NowSeconds() - 1800);
  const std::string t2 = FormatRfc3339(NowSeconds() - 1200);
  const std::string path = "/api/v1/checkin/batch";
  const std::string ref_a = RefOf(s, o.a.id);
  const std::string ref_b = RefOf(s, o.b.id);
  std::string typed_b = ref_b;  // typed in lower case with a space, as a volunteer might
  for (char& ch : typed_b) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
  typed_b[8] = ' ';
  const std::string unknown_ref = ref_a.substr(0, 9) + "7";  // the order has one ticket
  const std::string valid = Batch(kDeviceA, {RefScan(Nonce(1), ref_a, o.e1, t1)});

  RunScenarios(s, {
      {"valid reference: checked in at the offline time", "POST", path, valid, o.staff.token,
       200,
       {"\"result\":\"ok\"", "\"typed\":true", "\"holder_name\":\"Rani Putri\"",
        "\"checked_in_at\":\"" + t1 + "\""},
       {}, nullptr,
       [&](TestServer& srv, const Reply&) {
         CHECK(CheckedInAt(srv, o.a.id) == t1);
         CHECK(CountScans(srv, o.a.id, "ok") == 1);
       }},
      {"replay of the same nonce admits nobody twice", "POST", path, valid, o.staff.token, 200,
       {"\"result\":\"ok\"", "\"replayed\":true", "\"replayed\":1"}, {}, nullptr,
       [&](TestServer& srv, const Reply&) {
         CHECK(ScansWithNonce(srv, Nonce(1)) == 1);
         CHECK(CountScans(srv, o.a.id) == 1);
       }},
      {"any case and separator", "POST", path,
       Batch(kDeviceA, {RefScan(Nonce(2), typed_b, o.e1, t2)}), o.staff.token, 200,
       {"\"result\":\"ok\"", "\"holder_name\":\"Bayu\""}, {}, nullptr,
       [&](TestServer& srv, const Reply&) { CHECK(CheckedInAt(srv, o.b.id) == t2); }},
      {"the same ticket typed on another phone: duplicate with that phone's name", "POST", path,
       Batch(kDeviceB, {RefScan(Nonce(3), ref_a, o.e1, t2)}), o.staff.token, 200,
       {"\"result\":\"duplicate_offline\"", "\"first_device_id\":\"" + kDeviceA + "\"",
        "\"first_device_label\":\"Door A\"", "\"first_checked_in_at\":\"" + t1 + "\""}},
      {"unknown reference", "POST", path,
       Batch(kDeviceA, {RefScan(Nonce(4), unknown_ref, o.e1, t2)}), o.staff.token, 200,
       {"\"result\":\"unknown_ticket\"", "\"status\":404", "No ticket has this reference."},
       {"Rani"}, nullptr,
       [&](TestServer& srv, const Reply&) { CHECK(ScansWithNonce(srv, Nonce(4)) == 1); }},
      {"void ticket", "POST", path,
       Batch(kDeviceA, {RefScan(Nonce(5), RefOf(s, o.v.id), o.e1, t2)}), o.staff.token, 200,
       {"\"result\":\"ticket_void\"", "\"status\":409", "Voided Person"}, {}, nullptr,
       [&](TestServer& srv, const Reply&) {
         CHECK(!CheckedInAt(srv, o.v.id));
         CHECK(CountScans(srv, o.v.id, "ticket_void") == 1);
       }},
      {"another event's ticket", "POST", path,
       Batch(kDeviceA, {RefScan(Nonce(6), RefOf(s, o.c.id), o.e1, t2)}), o.staff.token, 200,
       {"\"result\":\"wrong_event\"", "\"status\":409"}, {"Citra"}, nullptr,
       [&](TestServer& srv, const Reply&) { CHECK(!CheckedInAt(srv, o.c.id)); }},
      {"turned away at the door: not checked in", "POST", path,
       Batch(kDeviceA, {RefScan(Nonce(7), RefOf(s, o.d.id), o.e1, t2, false)}), o.staff.token,
       200, {"\"result\":\"not_admitted\""}, {}, nullptr,
       [&](TestServer& srv, const Reply&) { CHECK(!CheckedInAt(srv, o.d.id)); }},
      {"organizer at another's door: not recorded", "POST", path,
       Batch(kDeviceB, {RefScan(Nonce(8), RefOf(s, o.c.id), o.e3, t2)}), o.org1.token, 200,
       {"\"result\":\"forbidden\""}, {"Citra"}, nullptr,
       [&](TestServer& srv, const Reply&) { CHECK(ScansWithNonce(srv, Nonce(8)) == 0); }},
      {"a malformed reference", "POST", path,
       Batch(kDeviceA, {RefScan(Nonce(9), "K7QX-2", o.e1, t2)}), o.staff.token, 400,
       {"validation_failed", "scans[0].ref"}},
      {"code and ref together", "POST", path,
       Batch(kDeviceA, {json{{"nonce", Nonce(10)}, {"code", o.d.code}, {"ref", ref_a},
                             {"event_id", o.e1}, {"scanned_at", t2}}}),
       o.staff.token, 400, {"validation_failed", "scans[0].ref"}, {}, nullptr,
       [&](TestServer& srv, const Reply&) { CHECK(ScansWithNonce(srv, Nonce(10)) == 0); }},
      {"neither code nor ref", "POST", path,
       Batch(kDeviceA, {json{{"nonce", Nonce(11)}, {"event_id", o.e1}, {"scanned_at", t2}}}),
       o.staff.token, 400, {"validation_failed", "scans[0].code"}},
      {"ref of the wrong type", "POST", path,
       Batch(kDeviceA, {json{{"nonce", Nonce(12)}, {"ref", 12}, {"event_id", o.e1}, {"scanned_at", t2}}}),
       o.staff.token, 400, {"bad_request"}},
      {"attendee", "POST", path, Batch(kDeviceA, {RefScan(Nonce(13), ref_a, o.e1, t2)}),
       o.holder.token, 403, {"forbidden"}},
  });

  // The staff page's duplicates list names both phones as staff named them.
  const json dupes =
      s.Get("/api/v1/events/" + std::to_string(o.e1) + "/offline-duplicates", o.staff.token).Json();
  REQUIRE(dupes["items"].size() == 1);
  CHECK(dupes["items"][0]["first"]["device_label"] == "Door A");
  CHECK(dupes["items"][0]["second"]["device_label"] == "Door B");
}

TEST_CASE("offline door: order entries open only with their order code") {
  TestServer s;
  OfflineDoor o = MakeOfflineDoor(s);
  GiveOrderCodes(s, o);
  const std::string base = "/api/v1/events/" + std::to_string(o.e1) + "/offline-names";
  auto a = storage::FindTicket(s.app().db().Reader(), o.a.id);
  auto v = storage::FindTicket(s.app().db().Reader(), o.v.id);
  auto c = storage::FindTicket(s.app().db().Reader(), o.c.id);
  REQUIRE(a);
  REQUIRE(v);
  REQUIRE(c);
  RunScenarios(s, {
      {"staff: one sealed entry per order, no code, reference or name in clear", "GET", base, "",
       o.staff.token, 200,
       {"\"order_kdf\":{", "\"algorithm\":\"PBKDF2-SHA256\"",
        "\"iterations\":" + std::to_string(checkin::kOfflineOrderIterations)},
       {a->order_code, "Rani", "Voided Person", "Early bird", o.a.code}, nullptr,
       [&](TestServer&, const Reply& r) {
         const json names = r.Json();
         CHECK(names["orders"].size() == 4);  // a, b, d and the void v; not E3's c
         auto entry = OpenOrderEntry(names, a->order_code);
         REQUIRE(entry);
         CHECK((*entry)["order"] == a->order_code);
         CHECK((*entry)["tickets"] ==
               json::array({{{"id", o.a.id}, {"n", 1}, {"name", "Rani Putri"}, {"type", "Early bird"}}}));
         auto void_entry = OpenOrderEntry(names, v->order_code);
         REQUIRE(void_entry);  // void tickets are listed: the revocation list says void
         CHECK((*void_entry)["tickets"][0]["id"] == o.v.id);
         CHECK(!OpenOrderEntry(names, c->order_code));  // another event's order
         CHECK(!OpenOrderEntry(names, "ZZZZZZZZ"));
         // Listed by index, not by code.
         const json orders = names["orders"];
         for (size_t i = 1; i < orders.size(); ++i) {
           CHECK(orders[i - 1]["k"].get<std::string>() < orders[i]["k"].get<std::string>());
         }
       }},
      {"another organizer, published", "GET", base, "", o.org2.token, 403},
      {"attendee", "GET", base, "", o.holder.token, 403},
  });
}

TEST_CASE("offline door: the order salt is per event and per deployment") {
  const std::string key1(32, '\x01');
  const std::string key2(32, '\x02');
  CHECK(checkin::OfflineOrderSalt(key1, 1).size() == 16);
  CHECK(checkin::OfflineOrderSalt(key1, 1) == checkin::OfflineOrderSalt(key1, 1));
  CHECK(checkin::OfflineOrderSalt(key1, 1) != checkin::OfflineOrderSalt(key1, 2));
  CHECK(checkin::OfflineOrderSalt(key1, 1) != checkin::OfflineOrderSalt(key2, 1));
  const std::string salt = checkin::OfflineOrderSalt(key1, 1);
  const auto one = checkin::DeriveOfflineOrderSecret("K7QX2M9A", salt, 1000);
  CHECK(one.index.size() == 22);
  CHECK(one.key.size() == 32);
  const auto again = checkin::DeriveOfflineOrderSecret("K7QX2M9A", salt, 1000);  // cached
  CHECK(again.index == one.index);
  CHECK(again.key == one.key);
  CHECK(checkin::DeriveOfflineOrderSecret("K7QX2M9B", salt, 1000).index != one.index);
  // The reference value a scanner must agree with (RFC 8018 PBKDF2, then HMAC-SHA256 labels).
  const std::string d = crypto::Pbkdf2Sha256("K7QX2M9A", salt, 1000);
  CHECK(one.index ==
        crypto::Base64UrlEncode(crypto::HmacSha256(d, "lanyard-order-index-v1").substr(0, 16)));
}
