#pragma once
// Door check-in (SPEC §7): scanning a signed ticket code, looking one up, undoing a check-in,
// the scan log of an event, and the public keys a scanner verifies codes with.
//
// A scan's outcome, in the order it is decided:
//   400 invalid_code   malformed, bad signature, or not the stored code of the ticket it names
//   404 unknown_ticket well-formed and signed, but no such ticket
//   409 wrong_event    event_id given and the ticket belongs to another event
//   409 ticket_void    the ticket was voided (refund, cancellation)
//   409 already_checked_in  (error body carries first_checked_in_at)
//   200 {result:"ok", ticket, holder_name, ticket_type, checked_in_at}
// Typed text is accepted too (core/checkin/ticket_ref.h): a short reference "K7QX2M9A-2" is
// the same as scanning that ticket's QR (404 unknown_ticket when the order has no such ticket),
// and a bare order code answers 200 {result:"choose", order_code, tickets:[ticket...]} so the
// door can pick one (nothing checked in, no scan row; 404 unknown_ticket for no such order,
// 409 wrong_event when event_id is another event's).
// Every one of these is written to checkin_scans, refused or not, before the reply (a typed
// reference or order code naming nothing as unknown_ticket, like an invalid code). Refusals
// for access (401/403/404 on the event) are not scans and are not logged.
//
// Thread safety: every function may be called from any request thread.
#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>

#include "core/app.h"
#include "core/ops/audit.h"
#include "core/accounts/auth_user.h"
#include "core/common/result.h"

namespace lanyard::checkin {

struct ScanInput {
  std::string code;
  std::optional<int64_t> event_id;  // the event the door belongs to, when the scanner knows it
  // An installed door scanner's nonce and device id for this scan (both or neither; see
  // core/checkin/scan_nonce.h): recorded with the scan row; a nonce recorded before answers that
  // scan again and records nothing.
  std::string nonce;
  std::string device_id;
  // With nonce and device_id only: when the scanner scanned the code (RFC 3339), so a request
  // the server answers late is recorded at the scan's time. Clamped to [now - 24 h, now]; ""
  // records the scan at the server's time.
  std::string scanned_at;
};

// POST /checkin. Staff and admins on every event; an organizer on their own events only (the
// event named by event_id, or by the code when event_id is absent). The signature is checked
// on the calling thread; the check-and-set and the scan row are one unit of work, so two
// concurrent scans of one ticket give exactly one ok. With a nonce: 400 validation_failed for a
// malformed nonce or device id, 409 nonce_taken when another device recorded it, and the
// recorded scan's answer again (200 with replayed:true for an admission) when this one did.
Result<nlohmann::json> CheckIn(App& app, const AuthUser& user, const ScanInput& in);

// POST /checkin/lookup: the ticket and holder for a code, without checking in and without a
// scan row. Same access as CheckIn; invalid_code / unknown_ticket as above; short references and
// order codes as above.
Result<nlohmann::json> Lookup(App& app, const AuthUser& user, const std::string& code);

// DELETE /checkins/{ticket_id}: clears the check-in (409 not_checked_in when there is none),
// writes a scan row "undone" and an audit entry "checkin.undo". Returns the ticket.
// `seen_checked_in_at` is the check-in the caller saw (the ticket's checked_in_at): required;
// 400 validation_failed when empty (after the access check), 409 checkin_changed when the
// ticket's current check-in is not that one (undone already, or checked in again since).
Result<nlohmann::json> Undo(App& app, const AuthUser& user, int64_t ticket_id,
                            const std::string& seen_checked_in_at);

// GET /events/{id}/checkins: recent scans of the event, newest first, as a paged list, plus
// counts {checked_in, sold} of its valid tickets.
Result<nlohmann::json> ListScans(App& app, const AuthUser& user, int64_t event_id, ListPage page);

// GET /checkin/keys: {keys:[{id, algorithm:"Ed25519", public_key (base64url raw), pem}],
// code_format: a description of the code layout}.
nlohmann::json Keys(const App& app);

}  // namespace lanyard::checkin
