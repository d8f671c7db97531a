#pragma once
// The team mails (SPEC §8), queued inside the caller's write unit: team_welcome,
// team_member_joined, team_status_changed, team_stage_reminder.
#include <string>

#include "core/app.h"
#include "storage/events_repo.h"
#include "storage/teams_repo.h"

namespace lanyard::teams {

// {base_url}/account/teams/{id}: the team page.
std::string TeamUrl(App& app, int64_t team_id);

// To the leader; `invite_url` is the first invite link (shown once, so only in this mail).
void MailWelcome(App& app, storage::Conn& c, const storage::TeamRow& team, const storage::CompetitionRow& comp,
                 const storage::EventRow& event, const std::string& invite_url);
// To the leader: `member_name` joined.
void MailMemberJoined(App& app, storage::Conn& c, const storage::TeamRow& team,
                      const storage::CompetitionRow& comp, const storage::EventRow& event,
                      const std::string& member_name);
// To every member: the team's new status (confirmed, finalist, disqualified, withdrawn) and the
// organizers' message (may be empty).
void MailStatusChanged(App& app, storage::Conn& c, const storage::TeamRow& team,
                       const storage::CompetitionRow& comp, const storage::EventRow& event,
                       const std::string& message);
// To every member: the stage's deadline is near and the team has not handed in.
void MailStageReminder(App& app, storage::Conn& c, const storage::TeamRow& team,
                       const storage::CompetitionRow& comp, const storage::EventRow& event,
                       const storage::StageRow& stage);

}  // namespace lanyard::teams
