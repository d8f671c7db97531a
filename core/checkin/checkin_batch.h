#pragma once
// POST /checkin/batch (SPEC §7, issue 18): the scans an offline door scanner queued, uploaded
// when the network returns. Each scan is decided as POST /checkin would decide it, but recorded
// at the time it happened on the device (checked_in_at = scanned_at), and idempotent by its
// nonce: a retried batch admits nobody twice and answers each scan as the first time.
//
// Per-scan results (`result`; refusals also carry `message`):
//   ok                  checked in at scanned_at: {ticket, holder_name, ticket_type, checked_in_at}
//   invalid_code        malformed, forged, or not the stored code of the ticket it names
//   unknown_ticket      genuine, but no such ticket; or a typed reference naming no ticket
//   wrong_event         the ticket is for another event than the scan's event_id
//   ticket_void         voided (refund, cancellation), even when voided after the scan
//   already_checked_in  checked in already and the device did not let the holder in (admitted=false)
//   not_admitted        a valid ticket not checked in that the device did not let in
//                       (admitted=false): recorded as a refused scan, the ticket is NOT checked
//                       in (the server is the truth for "was this person let in"), so its holder
//                       can still be admitted later
//   duplicate_offline   checked in already AND this device let the holder in too: both
//                       admissions are kept for the staff page (GET /events/{id}/offline-duplicates),
//                       with first_checked_in_at, first_device_id (null: scanned online), first_scanned_by
//                       of the earliest admitting scan; when this scan is earlier than the
//                       recorded check-in, the ticket's checked_in_at moves back to it and the
//                       answer carries earlier_than_first:true (this admission came first; the
//                       first_* one is the repeat, as GET /events/{id}/offline-duplicates orders
//                       them by scan time)
//   not_found / forbidden  the caller may not scan for this scan's event (nothing recorded)
//   nonce_taken         this nonce was recorded for another device (nothing recorded)
// A scan may carry a typed reference (`ref`, K7QX2M9A-2) instead of a code: what a scanner
// resolved offline from the typed text (core/checkin/offline_orders.h). It is decided like a
// code (wrong_event, ticket_void, ...; unknown_ticket when no ticket has the reference) but
// proves nothing by itself: only staff who checked the holder's name let it in. Its answer
// carries typed:true.
// A nonce already recorded for this device answers its recorded result with replayed:true.
// A nonce recorded by POST /checkin (an online scan whose request timed out on the device, which
// then answered it offline and queued it; core/checkin/scan_nonce.h) is settled once instead:
// admitted by the device, an ok stays the one check-in and already_checked_in becomes
// duplicate_offline; turned away, an ok becomes not_admitted and its check-in is cleared.
// Every recorded scan keeps `admitted` (checkin_scans.device_admitted): a scan the device let in
// and the server refused (ticket_void, wrong_event, invalid_code, unknown_ticket) is listed for
// staff by ListRefusedAdmissions (core/checkin/offline_refused.h).
//
// The whole batch is one unit of work: all of its scans are recorded, or none (then the device
// retries). Every call also records that the device reported in (its last sync, for /admin),
// so scanners post an empty batch as a heartbeat.
//
// Thread safety: may be called from any request thread.
#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "core/accounts/auth_user.h"
#include "core/app.h"
#include "core/common/result.h"

namespace lanyard::checkin {

inline constexpr size_t kMaxBatchScans = 500;

struct BatchScan {
  std::string nonce;       // 16-64 characters of A-Z a-z 0-9 - _ (the device makes 128 random bits)
  std::string code;        // the scanned QR payload; empty when `ref` is given
  std::string ref;         // a typed reference ("K7QX2M9A-2", any case); empty when `code` is
  int64_t event_id = 0;    // the door's event
  std::string scanned_at;  // RFC 3339; a time in the future is recorded as the upload time
  bool admitted = true;    // whether the device let the holder in (false: never a check-in)
};

struct BatchInput {
  std::string device_id;  // 8-64 characters of A-Z a-z 0-9 - _, random per installed scanner
  std::string label;      // optional name of the device ("Door A"), at most 60 characters
  // The event the device is set to scan for, optional: a heartbeat (no scans) names its door
  // this way, so the event's organizer sees the phone. Ignored for an event the user may not
  // check in at (the scans' own events come first).
  std::optional<int64_t> event_id;
  std::vector<BatchScan> scans;  // at most kMaxBatchScans
};

// → {device_id, synced_at, results:[{nonce, result, ...}], counts:{ok, refused, duplicates,
// replayed}}. validation_failed (fields "device_id", "label", "event_id", "scans", "scans[i].nonce",
// "scans[i].code", "scans[i].ref", "scans[i].event_id", "scans[i].scanned_at") for a malformed
// batch (exactly one of code and ref per scan).
Result<nlohmann::json> CheckInBatch(App& app, const AuthUser& user, const BatchInput& in);

}  // namespace lanyard::checkin
