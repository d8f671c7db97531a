#pragma once
// What offline scanning leaves for people to look at: the scanner devices and their last sync
// (for /admin), and the tickets admitted twice while scanners were offline (for the staff page).
#include <cstdint>
#include <nlohmann/json.hpp>

#include "core/accounts/auth_user.h"
#include "core/app.h"
#include "core/common/result.h"
#include "core/ops/audit.h"

namespace lanyard::checkin {

// GET /checkin/devices: {items:[{device_id, label, user:{id, name}, event_id, event_title,
// first_seen_at, last_sync_at, scans_synced}], total, limit, offset}, most recent sync first.
// Staff and admins see every device; an organizer the devices last scanning for their events.
nlohmann::json ListDevices(App& app, const AuthUser& user, ListPage page);

// GET /events/{id}/offline-duplicates: {items:[{scan_id, ticket_id, holder_name, ticket_type,
// first:{scanned_at, device_id (null: online), device_label ("" for none), scanned_by,
// synced_at}, second:{same}}], total,
// limit, offset}, newest first. first is the earlier of the two scans by scan time (not by
// arrival); synced_at is null where unknown. Same access as the scan log
// (403 / 404 for an organizer on another's event).
Result<nlohmann::json> ListDuplicates(App& app, const AuthUser& user, int64_t event_id,
                                      ListPage page);

// Thread safety: both read only and may run on any request thread.

}  // namespace lanyard::checkin
