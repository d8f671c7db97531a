#include "storage/offline_scans_repo.h"

#include "storage/query.h"

namespace lanyard::storage {

int64_t InsertOfflineScan(Conn& c, const OfflineScanRow& s) {
  return InsertId(c,
       "INSERT INTO checkin_scans (event_id, ticket_id, scanned_by, result, holder_name, "
       "created_at, nonce, device_id, synced_at, first_scan_id, device_admitted) "
       "VALUES (?,?,?,?,?,?,?,?,?,?,?) RETURNING id",
       s.event_id, s.ticket_id, s.scanned_by, s.result, s.holder_name, s.created_at, s.nonce,
       s.device_id, s.synced_at, s.first_scan_id, s.device_admitted);
}

std::optional<OfflineScanRow> FindScanByNonce(Conn& c, const std::string& nonce) {
  Query q(c,
          "SELECT id, event_id, ticket_id, scanned_by, result, holder_name, created_at, nonce, "
          "COALESCE(device_id, ''), COALESCE(synced_at, ''), first_scan_id, "
          "COALESCE(device_admitted, 1), synced_at IS NULL FROM checkin_scans WHERE nonce = ?",
          nonce);
  if (!q.Next()) return std::nullopt;
  OfflineScanRow s;
  q.Columns(s.id, s.event_id, s.ticket_id, s.scanned_by, s.result, s.holder_name, s.created_at, s.nonce,
            s.device_id, s.synced_at, s.first_scan_id, s.device_admitted, s.online);
  return s;
}

void SettleOnlineScan(Conn& c, int64_t scan_id, const std::string& result, bool device_admitted,
                      const std::string& synced_at, std::optional<int64_t> first_scan_id) {
  Exec(c,
       "UPDATE checkin_scans SET result = ?, device_admitted = ?, synced_at = ?, first_scan_id = ? "
       "WHERE id = ?",
       result, device_admitted, synced_at, first_scan_id, scan_id);
}

namespace {

// The next row of a query that selects, in this order, a scan's id, its time, its device, the
// scanner's name and the device's label (the shape both admission lookups below share).
std::optional<AdmittingScan> NextAdmittingScan(Query& q) {
  if (!q.Next()) return std::nullopt;
  AdmittingScan a;
  q.Columns(a.id, a.at, a.device_id, a.scanned_by_name, a.device_label);
  return a;
}

}  // namespace

std::optional<AdmittingScan> EarliestAdmittingScan(Conn& c, int64_t ticket_id) {
  Query q(c,
          "SELECT s.id, s.created_at, s.device_id, u.name, COALESCE(d.label, '') "
          "FROM checkin_scans s JOIN users u ON u.id = s.scanned_by "
          "LEFT JOIN scanner_devices d ON d.device_id = s.device_id "
          "WHERE s.ticket_id = ? AND s.result = 'ok' ORDER BY s.created_at, s.id LIMIT 1",
          ticket_id);
  return NextAdmittingScan(q);
}

void HandOverAdmission(Conn& c, int64_t ticket_id, int64_t scan_id, const std::string& previous_at) {
  Exec(c,
       "UPDATE checkin_scans SET first_scan_id = ?1 WHERE ticket_id = ?2 AND "
       "result = 'duplicate_offline' AND first_scan_id IN (SELECT id FROM checkin_scans "
       "WHERE ticket_id = ?2 AND result = 'ok' AND created_at = ?3 AND id <> ?1)",
       scan_id, ticket_id, previous_at);
  Exec(c,
       "UPDATE checkin_scans SET result = 'duplicate_offline', first_scan_id = ?1 "
       "WHERE ticket_id = ?2 AND result = 'ok' AND created_at = ?3 AND id <> ?1",
       scan_id, ticket_id, previous_at);
}

std::optional<AdmittingScan> AdmissionHandedOverBy(Conn& c, int64_t scan_id) {
  Query q(c,
          "SELECT s.id, s.created_at, s.device_id, u.name, COALESCE(d.label, '') "
          "FROM checkin_scans s JOIN users u ON u.id = s.scanned_by "
          "LEFT JOIN scanner_devices d ON d.device_id = s.device_id "
          "WHERE s.first_scan_id = ?1 AND s.result = 'duplicate_offline' AND s.id < ?1 "
          "ORDER BY s.created_at, s.id LIMIT 1",
          scan_id);
  return NextAdmittingScan(q);
}

void RecordDeviceSync(Conn& c, const DeviceSync& d) {
  Exec(c,
       "INSERT INTO scanner_devices (device_id, label, user_id, event_id, first_seen_at, "
       "last_sync_at, scans_synced) VALUES (?,?,?,?,?,?,?) "
       "ON CONFLICT(device_id) DO UPDATE SET label = excluded.label, user_id = excluded.user_id, "
       "event_id = COALESCE(excluded.event_id, scanner_devices.event_id), "
       "last_sync_at = excluded.last_sync_at, "
       "scans_synced = scanner_devices.scans_synced + excluded.scans_synced",
       d.device_id, d.label, d.user_id, d.event_id, d.at, d.at, d.scans);
}

std::vector<ScannerDeviceRow> ListScannerDevices(Conn& c, std::optional<int64_t> organizer_id,
                                                 int limit, int offset, int64_t* total) {
  *total = ScalarInt(c,
                     "SELECT COUNT(*) FROM scanner_devices d LEFT JOIN events e ON e.id = d.event_id "
                     "WHERE e.organizer_id = ?1 OR ?1 IS NULL",
                     organizer_id)
               .value_or(0);
  Query q(c,
          "SELECT d.device_id, d.label, d.user_id, u.name, d.event_id, COALESCE(e.title, ''), "
          "d.first_seen_at, d.last_sync_at, d.scans_synced FROM scanner_devices d "
          "JOIN users u ON u.id = d.user_id LEFT JOIN events e ON e.id = d.event_id "
          "WHERE e.organizer_id = ?1 OR ?1 IS NULL "
          "ORDER BY d.last_sync_at DESC, d.device_id LIMIT ?2 OFFSET ?3",
          organizer_id, limit, offset);
  std::vector<ScannerDeviceRow> out;
  while (q.Next()) {
    ScannerDeviceRow d;
    q.Columns(d.device_id, d.label, d.user_id, d.user_name, d.event_id, d.event_title, d.first_seen_at,
              d.last_sync_at, d.scans_synced);
    out.push_back(std::move(d));
  }
  return out;
}

std::vector<DuplicateRow> ListOfflineDuplicates(Conn& c, int64_t event_id, int limit, int offset,
                                                int64_t* total) {
  *total = ScalarInt(c,
                     "SELECT COUNT(*) FROM checkin_scans WHERE event_id = ? AND "
                     "result = 'duplicate_offline'",
                     event_id)
               .value_or(0);
  Query q(c,
          "SELECT s.id, s.ticket_id, COALESCE(s.holder_name, t.holder_name), tt.name, "
          "s.created_at, COALESCE(s.device_id, ''), u.name, COALESCE(s.synced_at, ''), "
          "COALESCE(sd.label, ''), f.id, COALESCE(f.created_at, ''), f.device_id, "
          "COALESCE(fu.name, ''), COALESCE(fd.label, '') "
          "FROM checkin_scans s JOIN users u ON u.id = s.scanned_by "
          "JOIN tickets t ON t.id = s.ticket_id JOIN ticket_types tt ON tt.id = t.ticket_type_id "
          "LEFT JOIN checkin_scans f ON f.id = s.first_scan_id "
          "LEFT JOIN users fu ON fu.id = f.scanned_by "
          "LEFT JOIN scanner_devices sd ON sd.device_id = s.device_id "
          "LEFT JOIN scanner_devices fd ON fd.device_id = f.device_id "
          "WHERE s.event_id = ? AND s.result = 'duplicate_offline' "
          "ORDER BY s.id DESC LIMIT ? OFFSET ?",
          event_id, limit, offset);
  std::vector<DuplicateRow> out;
  while (q.Next()) {
    DuplicateRow d;
    q.Columns(d.scan_id, d.ticket_id, d.holder_name, d.ticket_type, d.second_at, d.second_device_id,
              d.second_by_name, d.second_synced_at, d.second_device_label, d.first_scan_id,
              d.first_at, d.first_device_id, d.first_by_name, d.first_device_label);
    out.push_back(std::move(d));
  }
  return out;
}

std::vector<RefusedAdmissionRow> ListRefusedAdmissions(Conn& c, int64_t event_id, int limit,
                                                       int offset, int64_t* total) {
  // The refusals at sync of scans the device had let in (device_admitted = 1).
  *total = ScalarInt(c,
                     "SELECT COUNT(*) FROM checkin_scans WHERE event_id = ? AND "
                     "device_admitted = 1 AND "
                     "result IN ('ticket_void', 'wrong_event', 'invalid_code', 'unknown_ticket')",
                     event_id)
               .value_or(0);
  // Names and types only for a void ticket of this event: another event's holder is not this
  // door's business, and a code that is not the ticket's names nobody.
  Query q(c,
          "SELECT s.id, s.result, s.ticket_id, "
          "CASE WHEN s.result = 'ticket_void' THEN COALESCE(s.holder_name, t.holder_name) END, "
          "CASE WHEN s.result = 'ticket_void' THEN tt.name END, "
          "s.created_at, COALESCE(s.device_id, ''), COALESCE(d.label, ''), u.name, "
          "COALESCE(s.synced_at, '') FROM checkin_scans s JOIN users u ON u.id = s.scanned_by "
          "LEFT JOIN tickets t ON t.id = s.ticket_id "
          "LEFT JOIN ticket_types tt ON tt.id = t.ticket_type_id "
          "LEFT JOIN scanner_devices d ON d.device_id = s.device_id "
          "WHERE s.event_id = ? AND s.device_admitted = 1 AND "
          "s.result IN ('ticket_void', 'wrong_event', 'invalid_code', 'unknown_ticket') "
          "ORDER BY s.created_at DESC, s.id DESC LIMIT ? OFFSET ?",
          event_id, limit, offset);
  std::vector<RefusedAdmissionRow> out;
  while (q.Next()) {
    RefusedAdmissionRow r;
    q.Columns(r.scan_id, r.result, r.ticket_id, r.holder_name, r.ticket_type, r.scanned_at, r.device_id,
              r.device_label, r.scanned_by_name, r.synced_at);
    out.push_back(std::move(r));
  }
  return out;
}

}  // namespace lanyard::storage
