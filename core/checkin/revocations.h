#pragma once
// GET /events/{id}/revocations (SPEC §7): what an offline door scanner must refuse without
// asking the server — the event's void tickets and the tickets already checked in — and which
// check-ins were undone since it last asked.
#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>

#include "core/accounts/auth_user.h"
#include "core/app.h"
#include "core/common/result.h"

namespace lanyard::checkin {

// Staff and admins on every event; an organizer on their own (403 on another's published event,
// 404 when they may not see it). Without `since`: the whole list (full:true). With `since` (the
// `cursor` of an earlier answer): only the tickets that changed after it (full:false), each in
// the list of its current state; `cleared` holds valid tickets whose check-in was undone, which
// the scanner takes off its lists.
// → {event_id, full, cursor, generated_at, void:[ticket ids], checked_in:[ticket ids], cleared:[ids]}
// validation_failed ("since") for a negative cursor.
// Thread safety: any request thread (reads only).
Result<nlohmann::json> Revocations(App& app, const AuthUser& user, int64_t event_id,
                                   std::optional<int64_t> since);

}  // namespace lanyard::checkin
