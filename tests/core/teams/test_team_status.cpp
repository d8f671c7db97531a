// Team states and stage kinds: one to/from-string place, and the moves staff may make.
#include <doctest/doctest.h>

#include "core/teams/team_status.h"

using namespace lanyard::teams;

TEST_CASE("team status: names round-trip and unknown text is refused") {
  for (auto s : {TeamStatus::kForming, TeamStatus::kRegistered, TeamStatus::kConfirmed, TeamStatus::kFinalist,
                 TeamStatus::kDisqualified, TeamStatus::kWithdrawn}) {
    CHECK(ParseTeamStatus(TeamStatusName(s)) == s);
  }
  CHECK_FALSE(ParseTeamStatus("Confirmed").has_value());
  CHECK_FALSE(ParseTeamStatus("").has_value());
  for (auto t : {StageTakes::kFile, StageTakes::kLink, StageTakes::kNone}) CHECK(ParseStageTakes(StageTakesName(t)) == t);
  CHECK_FALSE(ParseStageTakes("video").has_value());
}

TEST_CASE("team status: places and staff moves") {
  CHECK(HoldsPlace(TeamStatus::kRegistered));
  CHECK(HoldsPlace(TeamStatus::kConfirmed));
  CHECK(HoldsPlace(TeamStatus::kFinalist));
  CHECK_FALSE(HoldsPlace(TeamStatus::kForming));
  CHECK_FALSE(HoldsPlace(TeamStatus::kDisqualified));
  CHECK_FALSE(HoldsPlace(TeamStatus::kWithdrawn));

  CHECK(StaffMayMove(TeamStatus::kRegistered, TeamStatus::kConfirmed));
  CHECK(StaffMayMove(TeamStatus::kConfirmed, TeamStatus::kFinalist));
  CHECK(StaffMayMove(TeamStatus::kForming, TeamStatus::kDisqualified));
  CHECK(StaffMayMove(TeamStatus::kDisqualified, TeamStatus::kConfirmed));
  CHECK(StaffMayMove(TeamStatus::kFinalist, TeamStatus::kWithdrawn));
  CHECK_FALSE(StaffMayMove(TeamStatus::kForming, TeamStatus::kConfirmed));
  CHECK_FALSE(StaffMayMove(TeamStatus::kRegistered, TeamStatus::kFinalist));
  CHECK_FALSE(StaffMayMove(TeamStatus::kConfirmed, TeamStatus::kConfirmed));
  CHECK_FALSE(StaffMayMove(TeamStatus::kWithdrawn, TeamStatus::kConfirmed));
  CHECK_FALSE(StaffMayMove(TeamStatus::kConfirmed, TeamStatus::kForming));
  CHECK_FALSE(StaffMayMove(TeamStatus::kConfirmed, TeamStatus::kRegistered));
}
