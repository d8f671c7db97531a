#include "core/teams/teams.h"

#include "core/common/time_util.h"
#include "core/common/validation.h"
#include "core/common/write_unit.h"
#include "core/events/attendees.h"
#include "core/teams/invites.h"
#include "core/teams/team_access.h"
#include "core/teams/team_fee.h"
#include "core/teams/team_mail.h"
#include "core/teams/team_status.h"
#include "core/teams/team_views.h"
#include "storage/orders_repo.h"
#include "storage/users_repo.h"

namespace lanyard::teams {

using nlohmann::json;

namespace {

constexpr size_t kMaxMessage = 2000;

bool HasControlChars(const std::string& s) {
  for (unsigned char ch : s) {
    if (ch < 0x20 || ch == 0x7f) return true;
  }
  return false;
}

Status CheckTeamName(const std::string& name) {
  const size_t len = Utf8Length(name);
  if (len < 1 || len > 100 || HasControlChars(name)) {
    return Error::Invalid("name", "must be 1 to 100 characters on one line");
  }
  return OkStatus();
}

// The team for its leader; other members and staff get forbidden.
Result<LoadedTeam> LoadForLeader(storage::Conn& c, const AuthUser& user, int64_t team_id) {
  auto t = LoadTeam(c, user, team_id);
  if (!t) return t.error();
  if (t->team.leader_id != user.id) return Error::Forbidden("Only the team's leader may do this.");
  return t;
}

}  // namespace

Status CheckTeamAccess(App& app, const AuthUser& user, int64_t team_id, TeamRole need) {
  auto t = LoadTeam(app.db().Reader(), user, team_id);
  if (!t) return t.error();
  switch (need) {
    case TeamRole::kLeader:
      if (t->team.leader_id != user.id) return Error::Forbidden("Only the team's leader may do this.");
      break;
    case TeamRole::kMember:
      if (!t->member) return Error::Forbidden("Only the team's members may do this.");
      break;
    case TeamRole::kStaff:
      if (!t->staff) return Error::Forbidden("Only the event's staff may do this.");
      break;
  }
  return OkStatus();
}

namespace {

Result<json> TeamReply(App& app, const AuthUser& user, int64_t team_id) {
  storage::Conn& c = app.db().Reader();
  auto t = LoadTeam(c, user, team_id);
  if (!t) return t.error();
  return TeamJson(c, *t, user, *app.settings().Snapshot());
}

// Moves a team into a status that holds one of max_teams places; competition_full when none is
// left. The schema's trigger backs the same rule.
Status TakePlace(storage::Conn& c, const storage::CompetitionRow& comp) {
  if (comp.max_teams && storage::CountRegisteredTeams(c, comp.id) >= *comp.max_teams) {
    return Error::Conflict(codes::kCompetitionFull, "Every place in this competition is taken.");
  }
  return OkStatus();
}

}  // namespace

Result<json> CreateTeam(App& app, const AuthUser& user, int64_t competition_id, const std::string& raw_name) {
  const std::string name = Trim(raw_name);
  Status shape = CheckTeamName(name);
  if (!shape) return shape.error();
  const auto settings = app.settings().Snapshot();
  NewInvite invite;
  auto team_id = WriteUnit<int64_t>(app.db(), [&](storage::Conn& c) -> Result<int64_t> {
    auto loaded = LoadCompetition(c, &user, competition_id, EventAccess::kView);
    if (!loaded) return loaded.error();
    auto me = storage::FindUserById(c, user.id);
    if (!me || Trim(me->name).empty() || Trim(me->phone.value_or("")).empty()) {
      Error e = Error::Make(codes::kProfileIncomplete, "Add your name and phone number to your profile first.");
      if (!me || Trim(me->name).empty()) e.fields["name"] = "is required";
      if (!me || Trim(me->phone.value_or("")).empty()) e.fields["phone"] = "is required";
      return e;
    }
    const int64_t now = NowSeconds();
    if (!RegistrationOpen(loaded->competition, loaded->event, now)) {
      return Error::Conflict(codes::kRegistrationClosed, "Registration for this competition is not open.");
    }
    if (storage::UserTeamInCompetition(c, competition_id, user.id)) {
      return Error::Conflict(codes::kAlreadyInTeam, "You are in a team of this competition already.");
    }
    storage::TeamRow team;
    team.competition_id = competition_id;
    team.name = name;
    team.leader_id = user.id;
    team.created_at = team.updated_at = FormatRfc3339(now);
    auto id = storage::InsertTeam(c, team);
    if (!id) return Error::Conflict(codes::kTeamNameTaken, "Another team of this competition has this name.");
    team.id = *id;
    storage::InsertMember(c, team.id, competition_id, user.id, team.created_at);
    invite = MakeInvite(app, c, team.id, user.id, kDefaultInviteHours, std::nullopt);
    MailWelcome(app, c, team, loaded->competition, loaded->event, invite.url);
    return team.id;
  });
  if (!team_id) return team_id.error();
  auto out = TeamReply(app, user, *team_id);
  if (!out) return out.error();
  out.value()["invite"] = invite.Json();
  return out;
}

Result<json> ListOwnTeams(App& app, const AuthUser& user) {
  storage::Conn& c = app.db().Reader();
  const auto settings = app.settings().Snapshot();
  json items = json::array();
  for (const auto& row : storage::ListUserTeams(c, user.id)) {
    auto t = LoadTeam(c, user, row.id);
    if (t) items.push_back(TeamJson(c, *t, user, *settings));
  }
  const auto total = static_cast<int64_t>(items.size());
  return json{{"items", std::move(items)}, {"total", total}, {"limit", total}, {"offset", 0}};
}

Result<json> GetTeam(App& app, const AuthUser& user, int64_t team_id) { return TeamReply(app, user, team_id); }

Result<json> RemoveMember(App& app, const AuthUser& user, int64_t team_id, int64_t member_id) {
  auto dissolved = WriteUnit<bool>(app.db(), [&](storage::Conn& c) -> Result<bool> {
    auto t = LoadTeam(c, user, team_id);
    if (!t) return t.error();
    const bool self = member_id == user.id;
    if (!self && t->team.leader_id != user.id) {
      return Error::Forbidden("Only the team's leader may remove other members.");
    }
    if (!storage::IsMember(c, team_id, member_id)) return Error::NotFound("No such member in this team.");
    if (t->team.status != "forming") {
      return Error::Conflict(codes::kTeamLocked, "The team is registered: its roster is locked.");
    }
    if (member_id == t->team.leader_id) {
      if (storage::CountMembers(c, team_id) > 1) {
        return Error::Conflict(codes::kLeaderHasMembers,
                               "Hand the lead to another member (POST /teams/{id}/leader) before you leave.");
      }
      storage::DeleteTeam(c, team_id);
      WriteAudit(c, user.id, "team.dissolve", "team", team_id, {{"name", t->team.name}});
      return true;
    }
    storage::DeleteMember(c, team_id, member_id);
    WriteAudit(c, user.id, self ? "team.leave" : "team.remove_member", "team", team_id, {{"user_id", member_id}});
    return false;
  });
  if (!dissolved) return dissolved.error();
  if (*dissolved || member_id == user.id) return json();
  return TeamReply(app, user, team_id);
}

Result<json> HandOver(App& app, const AuthUser& user, int64_t team_id, int64_t new_leader_id) {
  Status done = WriteUnit(app.db(), [&](storage::Conn& c) -> Status {
    auto t = LoadForLeader(c, user, team_id);
    if (!t) return t.error();
    if (t->team.status == "withdrawn" || t->team.status == "disqualified") {
      return Error::Conflict(codes::kInvalidState, "This team is " + t->team.status + ".");
    }
    if (new_leader_id == user.id || !storage::IsMember(c, team_id, new_leader_id)) {
      return Error::Invalid("user_id", "must be another member of the team");
    }
    t->team.leader_id = new_leader_id;
    t->team.updated_at = NowRfc3339();
    storage::UpdateTeam(c, t->team);
    WriteAudit(c, user.id, "team.hand_over", "team", team_id, {{"leader_id", new_leader_id}});
    return OkStatus();
  });
  if (!done) return done.error();
  return TeamReply(app, user, team_id);
}

Result<json> RegisterTeam(App& app, const AuthUser& user, int64_t team_id) {
  const auto settings = app.settings().Snapshot();
  Status done = WriteUnit(app.db(), [&](storage::Conn& c) -> Status {
    auto t = LoadForLeader(c, user, team_id);
    if (!t) return t.error();
    if (t->team.status != "forming") {
      return Error::Conflict(codes::kTeamLocked, "The team is " + t->team.status + " already.");
    }
    const int64_t now = NowSeconds();
    if (!RegistrationOpen(t->competition, t->event, now)) {
      return Error::Conflict(codes::kRegistrationClosed, "Registration for this competition is not open.");
    }
    const int64_t members = storage::CountMembers(c, team_id);
    if (members < t->competition.team_min) {
      return Error::Conflict(codes::kTeamTooSmall, "The team needs at least " + std::to_string(t->competition.team_min) +
                                                   " members to register.");
    }
    Status place = TakePlace(c, t->competition);
    if (!place) return place;
    auto& team = t->team;
    team.registered_at = team.updated_at = FormatRfc3339(now);
    if (t->competition.fee == 0) {
      team.status = TeamStatusName(TeamStatus::kConfirmed);
      team.confirmed_at = team.registered_at;
      storage::UpdateTeam(c, team);
      MailStatusChanged(app, c, team, t->competition, t->event, "");
    } else {
      auto leader = storage::FindUserById(c, team.leader_id);
      team.order_id = PlaceFeeOrder(app, c, team, t->competition, t->event, *leader, *settings);
      team.status = TeamStatusName(TeamStatus::kRegistered);
      storage::UpdateTeam(c, team);
    }
    WriteAudit(c, user.id, "team.register", "team", team_id, {{"status", team.status}, {"order_id", team.order_id ? json(*team.order_id) : json()}});
    return OkStatus();
  });
  if (!done) return done.error();
  return TeamReply(app, user, team_id);
}

Result<json> ChangeStatus(App& app, const AuthUser& user, int64_t team_id, const std::string& status,
                          const std::string& raw_message) {
  const std::string message = Trim(raw_message);
  auto to = ParseTeamStatus(status);
  std::map<std::string, std::string> fields;
  if (!to || *to == TeamStatus::kForming || *to == TeamStatus::kRegistered) {
    fields["status"] = "must be confirmed, finalist, disqualified or withdrawn";
  }
  if (Utf8Length(message) > kMaxMessage) fields["message"] = "must be at most 2000 characters";
  if (!fields.empty()) return Error::Invalid(fields);
  Status done = WriteUnit(app.db(), [&](storage::Conn& c) -> Status {
    auto t = LoadTeam(c, user, team_id);
    if (!t) return t.error();
    if (!t->staff) return Error::Forbidden("Only the event's staff may change a team's status.");
    auto from = ParseTeamStatus(t->team.status).value_or(TeamStatus::kForming);
    if (!StaffMayMove(from, *to)) {
      return Error::Conflict(codes::kInvalidState, "A " + t->team.status + " team cannot become " + status + ".");
    }
    if (HoldsPlace(*to) && !HoldsPlace(from)) {
      Status place = TakePlace(c, t->competition);
      if (!place) return place;
    }
    auto& team = t->team;
    const std::string now = NowRfc3339();
    team.status = status;
    team.status_message = message.empty() ? std::nullopt : std::optional<std::string>(message);
    if (*to == TeamStatus::kConfirmed && !team.confirmed_at) team.confirmed_at = now;
    team.updated_at = now;
    storage::UpdateTeam(c, team);
    MailStatusChanged(app, c, team, t->competition, t->event, message);
    WriteAudit(c, user.id, "team.status", "team", team_id, {{"from", TeamStatusName(from)}, {"to", status}, {"message", message}});
    return OkStatus();
  });
  if (!done) return done.error();
  return TeamReply(app, user, team_id);
}

Result<json> ListCompetitionTeams(App& app, const AuthUser& user, int64_t competition_id,
                                  const std::string& status, ListPage page) {
  if (!status.empty() && !ParseTeamStatus(status)) {
    return Error::Invalid("status", "must be forming, registered, confirmed, finalist, disqualified or withdrawn");
  }
  storage::Conn& c = app.db().Reader();
  auto loaded = LoadCompetition(c, &user, competition_id, EventAccess::kStaff);
  if (!loaded) return loaded.error();
  const auto settings = app.settings().Snapshot();
  int64_t total = 0;
  json items = json::array();
  for (const auto& team : storage::ListCompetitionTeams(c, competition_id, status, page.limit, page.offset, &total)) {
    LoadedTeam t{team, loaded->competition, loaded->event, false, true};
    items.push_back(TeamJson(c, t, user, *settings));
  }
  return json{{"items", std::move(items)}, {"total", total}, {"limit", page.limit}, {"offset", page.offset}};
}

Result<std::string> CompetitionTeamsCsv(App& app, const AuthUser& user, int64_t competition_id) {
  storage::Conn& c = app.db().Reader();
  auto loaded = LoadCompetition(c, &user, competition_id, EventAccess::kStaff);
  if (!loaded) return loaded.error();
  const auto settings = app.settings().Snapshot();
  std::string out =
      "team_id,team,status,leader,leader_email,leader_phone,members,member_count,order_code,"
      "order_status,fee,registered_at,confirmed_at,submissions\r\n";
  auto row = [&out](const std::vector<std::string>& cells) {
    for (size_t i = 0; i < cells.size(); ++i) {
      if (i) out += ',';
      out += attendees::CsvCell(cells[i]);
    }
    out += "\r\n";
  };
  int64_t total = 0;
  for (const auto& team : storage::ListCompetitionTeams(c, competition_id, "", 1000000, 0, &total)) {
    const auto members = storage::ListMembers(c, team.id);
    std::string names, leader, leader_email, leader_phone;
    for (const auto& m : members) {
      if (!names.empty()) names += "; ";
      names += m.name + " <" + m.email + ">";
      if (m.user_id == team.leader_id) {
        leader = m.name;
        leader_email = m.email;
        leader_phone = m.phone.value_or("");
      }
    }
    std::string code, order_status, fee;
    if (team.order_id) {
      if (auto o = storage::FindOrder(c, *team.order_id)) {
        code = o->code;
        order_status = std::string(ToString(o->status));
        fee = std::to_string(o->total);
      }
    }
    row({std::to_string(team.id), team.name, team.status, leader, leader_email, leader_phone, names,
         std::to_string(members.size()), code, order_status, fee, team.registered_at.value_or(""),
         team.confirmed_at.value_or(""), std::to_string(storage::ListTeamSubmissions(c, team.id).size())});
  }
  return out;
}

}  // namespace lanyard::teams
