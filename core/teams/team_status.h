#pragma once
// The states of a team (SPEC §9) and what a stage takes, each with its one to/from-string place.
//   forming → registered (roster locked, fee pending) → confirmed (paid) → finalist,
//   and disqualified, withdrawn.
#include <optional>
#include <string_view>

namespace lanyard::teams {

enum class TeamStatus { kForming, kRegistered, kConfirmed, kFinalist, kDisqualified, kWithdrawn };

const char* TeamStatusName(TeamStatus status);
std::optional<TeamStatus> ParseTeamStatus(std::string_view text);
// Registered, confirmed and finalist teams hold one of the competition's max_teams places.
bool HoldsPlace(TeamStatus status);
// Whether staff may move a team from `from` to `to` with POST /teams/{id}/status
// (to: confirmed, finalist, disqualified, withdrawn).
bool StaffMayMove(TeamStatus from, TeamStatus to);

enum class StageTakes { kFile, kLink, kNone };

const char* StageTakesName(StageTakes takes);
std::optional<StageTakes> ParseStageTakes(std::string_view text);

}  // namespace lanyard::teams
