#include "core/teams/team_status.h"

namespace lanyard::teams {

namespace {

struct StatusName {
  TeamStatus status;
  const char* name;
};
constexpr StatusName kStatusNames[] = {
    {TeamStatus::kForming, "forming"},           {TeamStatus::kRegistered, "registered"},
    {TeamStatus::kConfirmed, "confirmed"},       {TeamStatus::kFinalist, "finalist"},
    {TeamStatus::kDisqualified, "disqualified"}, {TeamStatus::kWithdrawn, "withdrawn"},
};

struct TakesName {
  StageTakes takes;
  const char* name;
};
constexpr TakesName kTakesNames[] = {
    {StageTakes::kFile, "file"}, {StageTakes::kLink, "link"}, {StageTakes::kNone, "none"}};

}  // namespace

const char* TeamStatusName(TeamStatus status) {
  for (const auto& s : kStatusNames) {
    if (s.status == status) return s.name;
  }
  return "forming";
}

std::optional<TeamStatus> ParseTeamStatus(std::string_view text) {
  for (const auto& s : kStatusNames) {
    if (text == s.name) return s.status;
  }
  return std::nullopt;
}

bool HoldsPlace(TeamStatus status) {
  return status == TeamStatus::kRegistered || status == TeamStatus::kConfirmed ||
         status == TeamStatus::kFinalist;
}

bool StaffMayMove(TeamStatus from, TeamStatus to) {
  if (from == to || from == TeamStatus::kWithdrawn) return false;
  switch (to) {
    case TeamStatus::kConfirmed:  // the fee settled by hand, or a decision undone
      return from == TeamStatus::kRegistered || from == TeamStatus::kFinalist ||
             from == TeamStatus::kDisqualified;
    case TeamStatus::kFinalist:
      return from == TeamStatus::kConfirmed;
    case TeamStatus::kDisqualified:
    case TeamStatus::kWithdrawn:
      return true;
    default:
      return false;
  }
}

const char* StageTakesName(StageTakes takes) {
  for (const auto& t : kTakesNames) {
    if (t.takes == takes) return t.name;
  }
  return "none";
}

std::optional<StageTakes> ParseStageTakes(std::string_view text) {
  for (const auto& t : kTakesNames) {
    if (text == t.name) return t.takes;
  }
  return std::nullopt;
}

}  // namespace lanyard::teams
