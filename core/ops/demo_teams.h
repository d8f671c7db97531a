#pragma once
// The competition of `lanyard demo`: a hackathon under the demo event with teams in every state
// (forming with an invite, registered with the fee pending, confirmed, finalist, disqualified,
// withdrawn after a refund) and submissions, built through the same services the API uses.
#include <cstdint>
#include <map>
#include <string>

#include "core/accounts/auth_user.h"
#include "core/app.h"
#include "core/common/result.h"

namespace lanyard::demo {

// `people` maps the demo accounts' names (core/ops/demo.cpp Logins()) to their users; it must
// hold the attendees named in demo_teams.cpp. Returns the competition's id.
Result<int64_t> BuildDemoCompetition(App& app, const AuthUser& organizer, const AuthUser& staff,
                                     const std::map<std::string, AuthUser>& people, int64_t event_id);

}  // namespace lanyard::demo
