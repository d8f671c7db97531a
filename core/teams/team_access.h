#pragma once
// Loading a competition or a team with the access rule of its event applied (SPEC §1: what the
// caller may not see is a 404). Used inside and outside write units; pure reads.
#include <cstdint>

#include "core/accounts/auth_user.h"
#include "core/common/result.h"
#include "core/events/event_access.h"
#include "storage/teams_repo.h"

namespace lanyard::teams {

struct LoadedCompetition {
  storage::CompetitionRow competition;
  storage::EventRow event;
};

struct LoadedTeam {
  storage::TeamRow team;
  storage::CompetitionRow competition;
  storage::EventRow event;
  bool member = false;  // the caller is a member
  bool staff = false;   // the caller is staff of the event (staff, admin, the event's organizer)
};

// The competition and its event for `need` on the event; not_found hides what may not be seen.
Result<LoadedCompetition> LoadCompetition(storage::Conn& c, const AuthUser* user,
                                          int64_t competition_id, EventAccess need);

// The team when the caller is a member or staff of its event; not_found otherwise.
Result<LoadedTeam> LoadTeam(storage::Conn& c, const AuthUser& user, int64_t team_id);

// Registration is open at `now` (unix seconds) when inside [opens, closes), either end optional,
// and the event is published and has not ended.
bool RegistrationOpen(const storage::CompetitionRow& comp, const storage::EventRow& event, int64_t now);

}  // namespace lanyard::teams
