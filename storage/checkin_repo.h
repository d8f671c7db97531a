#pragma once
// Check-in: the check-and-set on a ticket, and the scan log.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "storage/conn.h"

namespace lanyard::storage {

// The ticket itself is read with storage::FindTicket (tickets_repo.h): primary-key joins only.

// Sets checked_in_at only when the ticket is valid and not checked in yet; false otherwise.
bool MarkCheckedIn(Conn& c, int64_t ticket_id, int64_t by_user, const std::string& at);
// Moves an existing check-in earlier: sets checked_in_at = `at` (and checked_in_by) only when
// the ticket is checked in at a later time (an offline scan earlier than the recorded one
// synced). RFC 3339 UTC times compare as text. False when nothing changed.
bool MoveCheckInEarlier(Conn& c, int64_t ticket_id, int64_t by_user, const std::string& at);
// Clears the check-in; false when the ticket was not checked in.
bool ClearCheckIn(Conn& c, int64_t ticket_id);
// True when an "undone" scan of the ticket was logged at or after `at` (RFC 3339 UTC, text
// order): a check-in of that second may already have been undone once.
bool UndoneSince(Conn& c, int64_t ticket_id, const std::string& at);

struct ScanRow {
  int64_t id = 0;
  std::optional<int64_t> event_id;
  std::optional<int64_t> ticket_id;
  int64_t scanned_by = 0;
  std::string result;  // ok, already_checked_in, ticket_void, wrong_event, invalid_code,
                       // unknown_ticket, undone; from offline scanners also duplicate_offline
                       // and not_admitted (storage/offline_scans_repo.h)
  std::optional<std::string> holder_name;
  std::string created_at;
  std::string scanned_by_name;  // joined on reads
  // An online scan from an installed door scanner carries the nonce it would queue under if the
  // request timed out, and its device id (storage/offline_scans_repo.h); null otherwise.
  std::optional<std::string> nonce;
  std::optional<std::string> device_id;
};
// Inserts the scan row. Throws on a nonce that exists already (UNIQUE): callers look it up first
// (FindScanByNonce) inside the same unit.
void InsertScan(Conn& c, const ScanRow& scan);
// Newest first.
std::vector<ScanRow> ListScans(Conn& c, int64_t event_id, int limit, int offset, int64_t* total);

struct CheckinCounts {
  int64_t checked_in = 0;  // valid tickets checked in
  int64_t sold = 0;        // valid tickets
};
CheckinCounts CountCheckins(Conn& c, int64_t event_id);

}  // namespace lanyard::storage
