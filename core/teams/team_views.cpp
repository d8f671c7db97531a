#include "core/teams/team_views.h"

#include "core/common/links.h"
#include "core/common/money.h"
#include "core/common/time_util.h"
#include "core/events/event_views.h"
#include "storage/orders_repo.h"

namespace lanyard::teams {

using nlohmann::json;

namespace {

json Opt(const std::optional<std::string>& v) { return v ? json(*v) : json(); }
json Opt(const std::optional<int64_t>& v) { return v ? json(*v) : json(); }

json StageJson(const storage::StageRow& s) {
  return {{"id", s.id}, {"position", s.position}, {"name", s.name}, {"deadline", s.deadline}, {"takes", s.takes}};
}

}  // namespace

json SubmissionJson(const storage::SubmissionRow& s) {
  return {{"id", s.id},
          {"team_id", s.team_id},
          {"stage_id", s.stage_id},
          {"kind", s.kind},
          {"url", Opt(s.url)},
          {"filename", Opt(s.filename)},
          {"content_type", Opt(s.content_type)},
          {"size", Opt(s.size)},
          {"submitted_by_name", s.submitted_by_name},
          {"submitted_at", s.submitted_at},
          {"download_url", s.kind == "file" ? json(Links().SubmissionFile(s.team_id, s.id)) : json()}};
}

namespace {

json OrderJson(storage::Conn& c, const std::optional<int64_t>& order_id, const json& settings) {
  if (!order_id) return json();
  auto o = storage::FindOrder(c, *order_id);
  if (!o) return json();
  json out = {{"id", o->id},
              {"code", o->code},
              {"status", ToString(o->status)},
              {"total", o->total},
              {"total_display", FormatMoney(o->total, settings)},
              {"expires_at", Opt(o->expires_at)},
              {"paid_at", Opt(o->paid_at)}};
  if (o->status == OrderStatus::kPending) {
    out["bank_instructions"] = settings["bank_instructions"];
    out["payment_reference"] = o->code;
  }
  return out;
}

json CompetitionBrief(const storage::CompetitionRow& comp, const json& settings) {
  return {{"id", comp.id},
          {"name", comp.name},
          {"team_min", comp.team_min},
          {"team_max", comp.team_max},
          {"fee", comp.fee},
          {"fee_display", FormatMoney(comp.fee, settings)}};
}

}  // namespace

json CompetitionJson(storage::Conn& c, const storage::CompetitionRow& comp, const storage::EventRow& event,
                     const json& settings) {
  json stages = json::array();
  for (const auto& s : storage::ListStages(c, comp.id)) stages.push_back(StageJson(s));
  const int64_t registered = storage::CountRegisteredTeams(c, comp.id);
  return {{"id", comp.id},
          {"event_id", comp.event_id},
          {"name", comp.name},
          {"description", comp.description},
          {"team_min", comp.team_min},
          {"team_max", comp.team_max},
          {"fee", comp.fee},
          {"fee_display", FormatMoney(comp.fee, settings)},
          {"currency", settings["currency"]},
          {"registration_opens", Opt(comp.registration_opens)},
          {"registration_closes", Opt(comp.registration_closes)},
          {"registration_open", RegistrationOpen(comp, event, NowSeconds())},
          {"max_teams", Opt(comp.max_teams)},
          {"teams_registered", registered},
          {"places_left", comp.max_teams ? json(std::max<int64_t>(0, *comp.max_teams - registered)) : json()},
          {"stages", stages},
          {"created_at", comp.created_at},
          {"updated_at", comp.updated_at}};
}

json TeamJson(storage::Conn& c, const LoadedTeam& t, const AuthUser& viewer, const json& settings) {
  const auto& team = t.team;
  const bool is_leader = team.leader_id == viewer.id;
  json members = json::array();
  const auto rows = storage::ListMembers(c, team.id);
  for (const auto& m : rows) {
    json item = {{"user_id", m.user_id},
                 {"name", m.name},
                 {"email", m.email},
                 {"is_leader", m.user_id == team.leader_id},
                 {"joined_at", m.joined_at}};
    if (t.staff) item["phone"] = Opt(m.phone);
    members.push_back(std::move(item));
  }
  std::map<int64_t, storage::SubmissionRow> handed_in;
  for (auto& s : storage::ListTeamSubmissions(c, team.id)) handed_in[s.stage_id] = std::move(s);
  json stages = json::array();
  for (const auto& s : storage::ListStages(c, team.competition_id)) {
    json item = StageJson(s);
    auto it = handed_in.find(s.id);
    item["submission"] = it == handed_in.end() ? json() : SubmissionJson(it->second);
    stages.push_back(std::move(item));
  }
  json out = TeamSummaryJson(c, team, settings);
  out["members"] = std::move(members);
  out["stages"] = std::move(stages);
  out["order"] = OrderJson(c, team.order_id, settings);
  out["event"] = {{"id", t.event.id},
                  {"title", t.event.title},
                  {"starts_at", t.event.starts_at},
                  {"time_zone", events::EventZoneJson(t.event)}};
  out["registration_open"] = RegistrationOpen(t.competition, t.event, NowSeconds());
  if (is_leader || t.staff) {
    const int64_t now = NowSeconds();
    json invites = json::array();
    for (const auto& i : storage::ListTeamInvites(c, team.id)) {
      auto expires = ParseRfc3339(i.expires_at);
      const bool used_up = i.max_uses && i.uses >= *i.max_uses;
      invites.push_back({{"id", i.id},
                         {"created_at", i.created_at},
                         {"expires_at", i.expires_at},
                         {"max_uses", Opt(i.max_uses)},
                         {"uses", i.uses},
                         {"revoked", i.revoked_at.has_value()},
                         {"active", !i.revoked_at && !used_up && expires && *expires > now}});
    }
    out["invites"] = std::move(invites);
  }
  out["my"] = {{"is_member", t.member}, {"is_leader", is_leader}, {"can_manage", t.staff}};
  return out;
}

json TeamSummaryJson(storage::Conn& c, const storage::TeamRow& team, const json& settings) {
  auto comp = storage::FindCompetition(c, team.competition_id);
  const int64_t count = storage::CountMembers(c, team.id);
  json out = {{"id", team.id},
              {"competition_id", team.competition_id},
              {"name", team.name},
              {"leader_id", team.leader_id},
              {"status", team.status},
              {"status_message", Opt(team.status_message)},
              {"member_count", count},
              {"order_id", Opt(team.order_id)},
              {"registered_at", Opt(team.registered_at)},
              {"confirmed_at", Opt(team.confirmed_at)},
              {"created_at", team.created_at}};
  if (comp) {
    out["competition"] = CompetitionBrief(*comp, settings);
    out["slots_left"] = std::max<int64_t>(0, comp->team_max - count);
  }
  return out;
}

json InvitePreviewJson(storage::Conn& c, const storage::InviteRow& invite, const storage::TeamRow& team,
                       const storage::CompetitionRow& comp, const storage::EventRow& event,
                       const json& settings) {
  json members = json::array();
  for (const auto& m : storage::ListMembers(c, team.id)) {
    members.push_back({{"name", m.name}, {"is_leader", m.user_id == team.leader_id}});
  }
  const int64_t count = static_cast<int64_t>(members.size());
  return {{"team", {{"id", team.id}, {"name", team.name}, {"status", team.status}}},
          {"competition", CompetitionBrief(comp, settings)},
          {"event",
           {{"id", event.id},
            {"title", event.title},
            {"starts_at", event.starts_at},
            {"time_zone", events::EventZoneJson(event)},
            {"venue", event.venue},
            {"city", event.city}}},
          {"members", members},
          {"member_count", count},
          {"slots_left", std::max<int64_t>(0, comp.team_max - count)},
          {"expires_at", invite.expires_at},
          {"registration_open", RegistrationOpen(comp, event, NowSeconds())}};
}

}  // namespace lanyard::teams
