#pragma once
// `lanyard demo`'s call for speakers: open windows, three nominations (one a talk proposal),
// votes from the ticket holders among `people`, an accepted talk and an announcement campaign
// to the ticket holders (sent once `serve` runs the mail sender).
#include <cstdint>
#include <vector>

#include "core/accounts/auth_user.h"
#include "core/app.h"
#include "core/common/result.h"

namespace lanyard::nominations {

// people: [nominator, self-proposer, nominee, other...]; errors of the commands are returned.
Status AddDemo(App& app, const AuthUser& organizer, const std::vector<AuthUser>& people,
               int64_t event_id);

}  // namespace lanyard::nominations
