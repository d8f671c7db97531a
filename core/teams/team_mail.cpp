#include "core/teams/team_mail.h"

#include "core/mail/mail_outbox.h"
#include "core/mail/mail_time.h"
#include "storage/users_repo.h"

namespace lanyard::teams {

using nlohmann::json;

namespace {

json BaseData(App& app, const storage::TeamRow& team, const storage::CompetitionRow& comp,
              const storage::EventRow& event) {
  json data = {{"team_name", team.name},
               {"competition_name", comp.name},
               {"event_title", event.title},
               {"team_url", TeamUrl(app, team.id)}};
  SetMailZone(data, event.time_zone);  // stage deadlines lead with the event's zone
  return data;
}

void MailLeader(storage::Conn& c, const storage::TeamRow& team, const char* kind, const json& data) {
  auto leader = storage::FindUserById(c, team.leader_id);
  if (leader) QueueMail(c, kind, leader->email, leader->name, leader->locale, data);
}

void MailMembers(storage::Conn& c, const storage::TeamRow& team, const char* kind, const json& data) {
  for (const auto& m : storage::ListMembers(c, team.id)) QueueMail(c, kind, m.email, m.name, m.locale, data);
}

}  // namespace

std::string TeamUrl(App& app, int64_t team_id) {
  return app.BaseUrl() + "/account/teams/" + std::to_string(team_id);
}

void MailWelcome(App& app, storage::Conn& c, const storage::TeamRow& team, const storage::CompetitionRow& comp,
                 const storage::EventRow& event, const std::string& invite_url) {
  json data = BaseData(app, team, comp, event);
  data["invite_url"] = invite_url;
  MailLeader(c, team, "team_welcome", data);
}

void MailMemberJoined(App& app, storage::Conn& c, const storage::TeamRow& team,
                      const storage::CompetitionRow& comp, const storage::EventRow& event,
                      const std::string& member_name) {
  json data = BaseData(app, team, comp, event);
  data["member_name"] = member_name;
  MailLeader(c, team, "team_member_joined", data);
}

void MailStatusChanged(App& app, storage::Conn& c, const storage::TeamRow& team,
                       const storage::CompetitionRow& comp, const storage::EventRow& event,
                       const std::string& message) {
  json data = BaseData(app, team, comp, event);
  data["status"] = team.status;
  data["message"] = message;
  MailMembers(c, team, "team_status_changed", data);
}

void MailStageReminder(App& app, storage::Conn& c, const storage::TeamRow& team,
                       const storage::CompetitionRow& comp, const storage::EventRow& event,
                       const storage::StageRow& stage) {
  json data = BaseData(app, team, comp, event);
  data["stage_name"] = stage.name;
  data["deadline"] = stage.deadline;
  MailMembers(c, team, "team_stage_reminder", data);
}

}  // namespace lanyard::teams
