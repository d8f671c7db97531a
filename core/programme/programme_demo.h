#pragma once
// `lanyard demo`'s programme: a keynote, talks in two rooms, and a one-seat soldering workshop
// that is full with a waitlist, built through the same services the API uses.
#include <cstdint>

#include "core/accounts/auth_user.h"
#include "core/app.h"
#include "core/common/result.h"

namespace lanyard::programme {

// `day_start` is the event's first instant (Unix seconds). `first` and `second` hold valid
// tickets of the event: the first takes the workshop's seat, the second waits for it.
Status AddDemoProgramme(App& app, const AuthUser& organizer, int64_t event_id, int64_t day_start,
                        const AuthUser& first, const AuthUser& second);

}  // namespace lanyard::programme
