#include "storage/checkin_repo.h"

#include "storage/query.h"

namespace lanyard::storage {

bool MarkCheckedIn(Conn& c, int64_t ticket_id, int64_t by_user, const std::string& at) {
  return Exec(c,
              "UPDATE tickets SET checked_in_at = ?, checked_in_by = ? "
              "WHERE id = ? AND status = 'valid' AND checked_in_at IS NULL",
              at, by_user, ticket_id) > 0;
}

bool MoveCheckInEarlier(Conn& c, int64_t ticket_id, int64_t by_user, const std::string& at) {
  return Exec(c,
              "UPDATE tickets SET checked_in_at = ?, checked_in_by = ? "
              "WHERE id = ? AND checked_in_at IS NOT NULL AND checked_in_at > ?",
              at, by_user, ticket_id, at) > 0;
}

bool ClearCheckIn(Conn& c, int64_t ticket_id) {
  return Exec(c,
              "UPDATE tickets SET checked_in_at = NULL, checked_in_by = NULL "
              "WHERE id = ? AND checked_in_at IS NOT NULL",
              ticket_id) > 0;
}

bool UndoneSince(Conn& c, int64_t ticket_id, const std::string& at) {
  return ScalarInt(c,
                   "SELECT COUNT(*) FROM checkin_scans WHERE ticket_id = ? AND result = 'undone' "
                   "AND created_at >= ?",
                   ticket_id, at)
             .value_or(0) > 0;
}

void InsertScan(Conn& c, const ScanRow& s) {
  Exec(c,
       "INSERT INTO checkin_scans (event_id, ticket_id, scanned_by, result, holder_name, "
       "created_at, nonce, device_id) VALUES (?,?,?,?,?,?,?,?)",
       s.event_id, s.ticket_id, s.scanned_by, s.result, s.holder_name, s.created_at, s.nonce,
       s.device_id);
}

std::vector<ScanRow> ListScans(Conn& c, int64_t event_id, int limit, int offset, int64_t* total) {
  *total =
      ScalarInt(c, "SELECT COUNT(*) FROM checkin_scans WHERE event_id = ?", event_id).value_or(0);
  Query q(c,
          "SELECT s.id, s.event_id, s.ticket_id, s.scanned_by, s.result, s.holder_name, "
          "s.created_at, u.name FROM checkin_scans s JOIN users u ON u.id = s.scanned_by "
          "WHERE s.event_id = ? ORDER BY s.id DESC LIMIT ? OFFSET ?",
          event_id, limit, offset);
  std::vector<ScanRow> out;
  while (q.Next()) {
    ScanRow s;
    s.id = q.Int(0);
    s.event_id = q.OptInt(1);
    s.ticket_id = q.OptInt(2);
    s.scanned_by = q.Int(3);
    s.result = q.Text(4);
    s.holder_name = q.OptText(5);
    s.created_at = q.Text(6);
    s.scanned_by_name = q.Text(7);
    out.push_back(std::move(s));
  }
  return out;
}

CheckinCounts CountCheckins(Conn& c, int64_t event_id) {
  Query q(c,
          "SELECT COUNT(*), COUNT(checked_in_at) FROM tickets "
          "WHERE event_id = ? AND status = 'valid'",
          event_id);
  CheckinCounts counts;
  if (q.Next()) {
    counts.sold = q.Int(0);
    counts.checked_in = q.Int(1);
  }
  return counts;
}

}  // namespace lanyard::storage
