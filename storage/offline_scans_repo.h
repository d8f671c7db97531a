#pragma once
// Scans uploaded by offline door scanners (POST /checkin/batch), the devices that report in, and
// the tickets two devices admitted while offline. Scans live in checkin_scans beside the online
// ones; these rows also carry the device's nonce (UNIQUE), its device id and when they synced.
// Functions run on the connection they are given: the writer's inside a unit, or a reader.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "storage/conn.h"
#include "storage/tickets_repo.h"

namespace lanyard::storage {

struct OfflineScanRow {
  int64_t id = 0;
  std::optional<int64_t> event_id;
  std::optional<int64_t> ticket_id;
  int64_t scanned_by = 0;
  std::string result;  // as checkin_scans.result, plus duplicate_offline and not_admitted
  std::optional<std::string> holder_name;
  std::string created_at;  // the scan's time on the device (RFC 3339 UTC)
  std::string nonce;
  std::string device_id;
  std::string synced_at;
  std::optional<int64_t> first_scan_id;  // duplicate_offline: the scan that admitted it first
  bool device_admitted = true;            // whether the device let the holder in
  // Recorded by POST /checkin (an online scan that carried the nonce) and not yet settled by a
  // batch: synced_at and device_admitted are NULL (read here as "" and true).
  bool online = false;
};

// Inserts the row and returns its id. Throws on a nonce that exists already (UNIQUE): callers
// look the nonce up first inside the same unit.
int64_t InsertOfflineScan(Conn& c, const OfflineScanRow& scan);
std::optional<OfflineScanRow> FindScanByNonce(Conn& c, const std::string& nonce);
// An online scan (`online` above) that its device then queued offline, after its request timed
// out, settled by the batch that brought that queued scan: sets what the device decided
// (device_admitted), when it synced, the result as decided with it (e.g. duplicate_offline) and
// the scan that admitted the ticket first (for duplicate_offline).
void SettleOnlineScan(Conn& c, int64_t scan_id, const std::string& result, bool device_admitted,
                      const std::string& synced_at, std::optional<int64_t> first_scan_id);

// The earliest scan row (by scan time, then id) with result 'ok' for the ticket (online or
// offline), if any.
struct AdmittingScan {
  int64_t id = 0;
  std::string at;                      // created_at
  std::optional<std::string> device_id;  // null for an online scan
  std::string scanned_by_name;
  std::string device_label;  // the name staff gave the device ("Door A"); "" for none or online
};
std::optional<AdmittingScan> EarliestAdmittingScan(Conn& c, int64_t ticket_id);

// After the ticket's check-in moved back to scan `scan_id`'s time (an admission earlier than the
// recorded one synced): the 'ok' scans of the ticket at `previous_at` (the check-in before the
// move) become duplicate_offline of `scan_id`, and duplicates that named them as first name
// `scan_id`. `scan_id` itself is left as it is (the caller records it as 'ok'). Call in the
// unit that moved the check-in, so the log's ok row is always the check-in's scan.
void HandOverAdmission(Conn& c, int64_t ticket_id, int64_t scan_id, const std::string& previous_at);

// The scan that `scan_id` took the admission over from (HandOverAdmission): the earliest
// duplicate_offline naming `scan_id` as first that was recorded before it (a lower id).
// nullopt when `scan_id` admitted the ticket from the start.
std::optional<AdmittingScan> AdmissionHandedOverBy(Conn& c, int64_t scan_id);

// Every ticket of the event, valid and void, by order then id: what a scanner needs to resolve
// typed references offline (core/checkin/offline_orders.h). Defined in tickets_repo.cpp, beside
// the ticket SELECT it shares.
std::vector<TicketRow> ListEventTickets(Conn& c, int64_t event_id);

// A device reporting in: inserts it, or updates its label, user, event, last sync, and adds
// `scans` to its synced count.
struct DeviceSync {
  std::string device_id;
  std::string label;
  int64_t user_id = 0;
  std::optional<int64_t> event_id;
  std::string at;
  int64_t scans = 0;
};
void RecordDeviceSync(Conn& c, const DeviceSync& sync);

struct ScannerDeviceRow {
  std::string device_id;
  std::string label;
  int64_t user_id = 0;
  std::string user_name;
  std::optional<int64_t> event_id;
  std::string event_title;  // "" when no event
  std::string first_seen_at;
  std::string last_sync_at;
  int64_t scans_synced = 0;
};
// Devices, most recent sync first. `organizer_id` set: only devices last scanning for one of
// that organizer's events.
std::vector<ScannerDeviceRow> ListScannerDevices(Conn& c, std::optional<int64_t> organizer_id,
                                                 int limit, int offset, int64_t* total);

// A ticket admitted twice: the duplicate_offline scan and the one that had admitted it before.
struct DuplicateRow {
  int64_t scan_id = 0;
  int64_t ticket_id = 0;
  std::string holder_name;
  std::string ticket_type;
  std::string second_at;
  std::string second_device_id;
  std::string second_by_name;
  std::string second_synced_at;
  std::string second_device_label;  // "" when the device gave none
  std::optional<int64_t> first_scan_id;
  std::string first_at;                       // "" when the first scan is unknown
  std::optional<std::string> first_device_id;  // null: scanned online
  std::string first_by_name;
  std::string first_device_label;  // "" when none (or scanned online)
};
// The event's duplicate_offline scans, newest first.
std::vector<DuplicateRow> ListOfflineDuplicates(Conn& c, int64_t event_id, int limit, int offset,
                                                int64_t* total);

// A scan an offline device let in that the server refused at sync (result ticket_void,
// wrong_event, invalid_code or unknown_ticket with device_admitted = 1): someone is inside who
// should not be.
struct RefusedAdmissionRow {
  int64_t scan_id = 0;
  std::string result;
  std::optional<int64_t> ticket_id;        // null for a code naming no ticket of ours
  std::optional<std::string> holder_name;  // ticket_void only (this event's ticket)
  std::optional<std::string> ticket_type;  // likewise
  std::string scanned_at;
  std::string device_id;
  std::string device_label;  // "" when the device gave none
  std::string scanned_by_name;
  std::string synced_at;
};
// The event's refused admissions, newest scan first.
std::vector<RefusedAdmissionRow> ListRefusedAdmissions(Conn& c, int64_t event_id, int limit,
                                                       int offset, int64_t* total);

}  // namespace lanyard::storage
