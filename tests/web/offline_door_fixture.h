#pragma once
// The offline door's test data (issue 18): two organizers' events with tickets, two scanner
// devices, and helpers to build POST /checkin/batch bodies and read what was recorded.
#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "storage/query.h"
#include "tests/support/test_server.h"
#include "tests/web/ticket_fixture.h"

namespace lanyard::testing {

// org1 owns the published E1, org2 the draft E2 and the published E3. Tickets on E1 (each in
// its own order): a, b, d, v (void); c on E3.
struct OfflineDoor {
  TestUser admin, staff, org1, org2, holder;
  int64_t e1 = 0, e2 = 0, e3 = 0;
  IssuedTicket a, b, d, v, c;
};

inline OfflineDoor MakeOfflineDoor(TestServer& s) {
  OfflineDoor o;
  o.admin = s.MakeUser("admin");
  o.staff = s.MakeUser("staff", "Door Staff");
  o.org1 = s.MakeUser("organizer", "Org One");
  o.org2 = s.MakeUser("organizer");
  o.holder = s.MakeUser("attendee");
  o.e1 = MakeEvent(s, o.org1.id, "published");
  o.e2 = MakeEvent(s, o.org2.id, "draft");
  o.e3 = MakeEvent(s, o.org2.id, "published");
  const int64_t type1 = MakeTicketType(s, o.e1, "Early bird");
  o.a = MakeTickets(s, o.e1, type1, o.holder.id, 1, "Rani Putri")[0];
  o.b = MakeTickets(s, o.e1, type1, o.holder.id, 1, "Bayu")[0];
  o.d = MakeTickets(s, o.e1, type1, o.holder.id, 1, "Dewi")[0];
  o.v = MakeTickets(s, o.e1, type1, o.holder.id, 1, "Voided Person")[0];
  VoidOrder(s, o.v.order_id);
  o.c = MakeTickets(s, o.e3, MakeTicketType(s, o.e3), o.holder.id, 1, "Citra")[0];
  return o;
}

inline const std::string kDeviceA = "device-A-0001";
inline const std::string kDeviceB = "device-B-0002";

inline nlohmann::json ScanOf(const std::string& nonce, const std::string& code,
                             int64_t event_id, const std::string& at) {
  return {{"nonce", nonce}, {"code", code}, {"event_id", event_id}, {"scanned_at", at}};
}

inline std::string Batch(const std::string& device, const std::vector<nlohmann::json>& scans) {
  const std::string label = device.size() > 7 ? "Door " + device.substr(7, 1) : "";
  return nlohmann::json{{"device_id", device}, {"label", label}, {"scans", scans}}.dump();
}

// A scan the volunteer turned away at the door (admitted:false).
inline nlohmann::json TurnedAway(const std::string& nonce, const std::string& code, int64_t event_id,
                                 const std::string& at) {
  nlohmann::json scan = ScanOf(nonce, code, event_id, at);
  scan["admitted"] = false;
  return scan;
}

inline std::string Nonce(int n) { return "nonce-000000000000-" + std::to_string(n); }

inline std::optional<std::string> CheckedInAt(TestServer& s, int64_t ticket_id) {
  storage::Query q(s.app().db().Reader(), "SELECT checked_in_at FROM tickets WHERE id = ?",
                   ticket_id);
  if (!q.Next()) return std::nullopt;
  return q.OptText(0);
}

// checkin_scans.device_admitted of the scan with this nonce: 1, 0, -1 for NULL (online, not
// settled), -2 for no such scan.
inline int64_t DeviceAdmitted(TestServer& s, const std::string& nonce) {
  return storage::ScalarInt(s.app().db().Reader(),
                            "SELECT COALESCE(device_admitted, -1) FROM checkin_scans WHERE nonce = ?",
                            nonce)
      .value_or(-2);
}

inline int64_t ScansWithNonce(TestServer& s, const std::string& nonce) {
  return storage::ScalarInt(s.app().db().Reader(),
                            "SELECT COUNT(*) FROM checkin_scans WHERE nonce = ?", nonce)
      .value_or(0);
}

}  // namespace lanyard::testing
