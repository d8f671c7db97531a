#pragma once
// The scans an offline door scanner let in that the server refused when they synced (the
// ticket was voided or refunded before the scan, it is another event's, or the code is not one
// of ours): someone is inside who should not be, so staff see each one as its own kind beside
// the tickets admitted twice (issue 18).
#include <cstdint>
#include <nlohmann/json.hpp>

#include "core/accounts/auth_user.h"
#include "core/app.h"
#include "core/common/result.h"
#include "core/ops/audit.h"

namespace lanyard::checkin {

// GET /events/{id}/offline-refused-admissions: {items:[{scan_id, result (ticket_void |
// wrong_event | invalid_code | unknown_ticket), ticket_id (null: no ticket of ours),
// holder_name, ticket_type (both null unless ticket_void), scanned_at, synced_at, device_id,
// device_label ("" when none), scanned_by}], total, limit, offset}, newest scan first.
// Same access as the scan log: not_found (no such event, or another organizer's draft),
// forbidden (another organizer's visible event, attendees).
// Thread safety: read only, any request thread.
Result<nlohmann::json> ListRefusedAdmissions(App& app, const AuthUser& user, int64_t event_id,
                                             ListPage page);

}  // namespace lanyard::checkin
