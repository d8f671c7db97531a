#include "core/teams/team_fee.h"

#include "core/common/time_util.h"
#include "core/mail/mail_outbox.h"
#include "core/ops/audit.h"
#include "core/orders/order_views.h"
#include "core/orders/orders.h"
#include "core/teams/team_mail.h"
#include "core/teams/team_status.h"
#include "storage/orders_repo.h"

namespace lanyard::teams {

using nlohmann::json;

int64_t PlaceFeeOrder(App& app, storage::Conn& c, const storage::TeamRow& team,
                      const storage::CompetitionRow& comp, const storage::EventRow& event,
                      const storage::UserRow& leader, const json& settings) {
  const int64_t now = NowSeconds();
  storage::OrderRow o;
  o.event_id = event.id;
  o.user_id = leader.id;
  o.status = OrderStatus::kPending;
  o.total = comp.fee;
  o.currency = settings["currency"];
  o.created_at = FormatRfc3339(now);
  o.expires_at = FormatRfc3339(now + settings["payment_window_hours"].get<int64_t>() * 3600);
  o.payment_method = "bank_transfer";
  std::optional<int64_t> id;
  while (!id) {
    o.code = orders::NewOrderCode();
    id = storage::InsertOrder(c, o);
  }
  o.id = *id;
  o.event_time_zone = event.time_zone;
  o.event_starts_at = event.starts_at;
  json data = orders::OrderMailData(app, o, settings);
  data["event_title"] = event.title + " — " + comp.name + ": " + team.name;
  data["bank_instructions"] = settings["bank_instructions"];
  data["expires_at"] = *o.expires_at;
  QueueMail(c, "order_placed", leader.email, leader.name, leader.locale, data);
  return *id;
}

Status OnOrderStatusChanged(App& app, storage::Conn& c, int64_t order_id, OrderStatus status) {
  auto team = storage::FindTeamByOrder(c, order_id);
  if (!team) return OkStatus();
  auto comp = storage::FindCompetition(c, team->competition_id);
  auto event = comp ? storage::FindEvent(c, comp->event_id) : std::nullopt;
  if (!comp || !event) return OkStatus();
  const auto from = ParseTeamStatus(team->status).value_or(TeamStatus::kForming);
  const std::string now = NowRfc3339();
  std::optional<TeamStatus> to;
  if (status == OrderStatus::kPaid && (from == TeamStatus::kRegistered || from == TeamStatus::kForming)) {
    if (from == TeamStatus::kForming && comp->max_teams &&
        storage::CountRegisteredTeams(c, comp->id) >= *comp->max_teams) {
      return Error::Conflict(codes::kCompetitionFull,
                             "The team's registration lapsed and every place has been taken since.");
    }
    to = TeamStatus::kConfirmed;
    team->confirmed_at = now;
    if (!team->registered_at) team->registered_at = now;
  } else if ((status == OrderStatus::kExpired || status == OrderStatus::kCancelled) && from == TeamStatus::kRegistered) {
    to = TeamStatus::kForming;
    team->registered_at.reset();
  } else if (status == OrderStatus::kRefunded && (from == TeamStatus::kConfirmed || from == TeamStatus::kFinalist)) {
    to = TeamStatus::kWithdrawn;
  }
  if (!to) return OkStatus();
  team->status = TeamStatusName(*to);
  team->updated_at = now;
  storage::UpdateTeam(c, *team);
  WriteAudit(c, std::nullopt, "team.fee_" + std::string(ToString(status)), "team", team->id,
             {{"order_id", order_id}, {"from", TeamStatusName(from)}, {"to", team->status}});
  if (*to != TeamStatus::kForming) MailStatusChanged(app, c, *team, *comp, *event, "");
  return OkStatus();
}

}  // namespace lanyard::teams
