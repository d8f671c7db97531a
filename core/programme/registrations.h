#pragma once
// Registrations for sessions, their waitlists and attendance (SPEC §10).
//
// Capacity is decided inside the writer unit (one writer: no two registrations interleave) and
// backed by the schema's CHECK (registered <= capacity). The waitlist is first come, first
// served: row ids follow the writer's order of arrival. Every freed seat (a cancellation, a
// raised capacity, a voided ticket) goes at once, in the same unit, to the first person
// waiting, who is mailed session_waitlist_promoted.
//
// Thread safety: every function may be called from any request thread; the *InUnit ones only
// from inside a writer unit, with its connection.
#include <cstdint>
#include <nlohmann/json.hpp>
#include <string>

#include "core/accounts/auth_user.h"
#include "core/app.h"
#include "core/common/result.h"
#include "core/ops/audit.h"
#include "storage/sessions_repo.h"

namespace lanyard::programme {

// POST /sessions/{id}/registrations → {status: registered|waitlisted, position (waitlist place
// or null), session}. Errors: not_found (session not visible), invalid_state (event not
// published, or the session is over), ticket_required (no valid ticket of the event, or of the
// session's ticket types, when one is needed), already_registered, schedule_conflict (the event
// forbids overlapping sessions and the caller holds a seat or a place in line in one).
// Mails session_registered.
Result<nlohmann::json> Register(App& app, const AuthUser& user, int64_t session_id);
// DELETE /sessions/{id}/registrations/me: leaves the session or its waitlist; a freed seat is
// promoted in the same unit. not_found when the caller holds no place.
Status Cancel(App& app, const AuthUser& user, int64_t session_id);

// GET /sessions/{id}/registrations (staff+, the event's organizer): {items, total, limit,
// offset}: registered first, then the waitlist in order.
Result<nlohmann::json> ListRegistrations(App& app, const AuthUser& user, int64_t session_id,
                                         ListPage page);
// The same list, whole, as CSV (text/csv).
Result<std::string> RegistrationsCsvFor(App& app, const AuthUser& user, int64_t session_id);

// POST /sessions/{id}/checkin {code}: staff at the workshop's door; `code` is a ticket's signed
// QR code or its typed short reference ("K7QX2M9A-2"). → {result:"ok", session_id, ticket_id,
// holder_name, user_name, checked_in_at}. Errors: validation_failed (no code), invalid_code
// (not a genuine ticket code of this deployment), unknown_ticket, wrong_event (a ticket of
// another event), ticket_void, not_registered (the holder has no seat here), already_checked_in
// (with first_checked_in_at).
Result<nlohmann::json> CheckIn(App& app, const AuthUser& user, int64_t session_id,
                               const std::string& code);

// Gives freed seats of the session to the people waiting, in order, while capacity allows;
// mails each. Returns how many were promoted.
int PromoteWaitlistInUnit(App& app, storage::Conn& c, int64_t session_id,
                          const std::string& event_title);

// The hook for voided tickets (refund, event cancellation): after the order's tickets were
// voided in this unit, the buyer loses the seats and places of sessions that need a ticket
// they no longer hold; each freed seat is promoted. Returns the places released.
int ReleaseSeatsOfOrderInUnit(App& app, storage::Conn& c, int64_t order_id);

}  // namespace lanyard::programme
