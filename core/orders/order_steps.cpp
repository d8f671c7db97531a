#include "core/orders/order_steps.h"

#include <algorithm>
#include <vector>

#include "core/checkin/ticket_share.h"
#include "core/checkin/tickets.h"
#include "core/common/money.h"
#include "core/common/validation.h"
#include "core/events/event_views.h"
#include "core/events/ticket_types.h"
#include "core/mail/mail_outbox.h"
#include "core/orders/order_views.h"
#include "core/teams/team_fee.h"

namespace lanyard::orders {

using nlohmann::json;

Result<storage::OrderRow> LoadOrder(storage::Conn& c, int64_t order_id) {
  auto o = storage::FindOrder(c, order_id);
  if (!o) return Error::NotFound("No such order.");
  return std::move(*o);
}

Result<storage::OrderRow> LoadForStaff(storage::Conn& c, const AuthUser& user, int64_t order_id,
                                       EventAccess need) {
  auto o = LoadOrder(c, order_id);
  if (!o) return o;
  auto e = LoadEvent(c, &user, o->event_id, need);
  if (!e) {
    // Who sees the order (its buyer, the event's staff) gets a 403; anyone else — another
    // event's organizer included — may not see it, so for them it does not exist (SPEC §1).
    if (o->user_id == user.id) return Error::Forbidden("Only the event's staff may do this.");
    auto event = storage::FindEvent(c, o->event_id);
    if (event && CanStaffEvent(&user, *event) && e.error().code == codes::kForbidden) return e.error();
    return Error::NotFound("No such order.");
  }
  return o;
}

void QueueOrderMail(App& app, storage::Conn& c, const char* kind, const storage::OrderRow& o,
                    const json& settings, const json& extra) {
  json data = OrderMailData(app, o, settings);
  data.update(extra);
  QueueMail(c, kind, o.user_email, o.user_name, o.user_locale, data);
}

void IssueAndMailTickets(App& app, storage::Conn& c, const storage::OrderRow& o,
                         const storage::EventRow& e) {
  TicketIssueRequest request{o.id, o.event_id, o.user_id, o.user_name, o.user_email, {}};
  for (const auto& i : o.items) request.items.push_back({i.ticket_type_id, i.quantity});
  request.holders = storage::OrderHolders(c, o.id);
  std::vector<json> issued = IssueTickets(c, app.ticket_signer(), request);
  // A companion named with their own address at checkout gets their ticket by mail, with a
  // link that needs no account; the buyer keeps every ticket in their account.
  for (const json& t : issued) {
    auto row = storage::FindTicket(c, t["id"].get<int64_t>());
    if (row && !row->holder_email.empty() &&
        NormalizeEmail(row->holder_email) != NormalizeEmail(o.user_email)) {
      tickets::QueueHolderMail(app, c, *row, o.user_name, o.user_locale);
    }
  }
  QueueMail(c, "tickets", o.user_email, o.user_name, o.user_locale,
            {{"order_code", o.code},
             {"event_title", e.title},
             {"event_starts_at", events::EventStartForMail(e)},
             {"event_venue", events::VenueLine(e)},
             {"tickets", issued}});
}

void ReleaseUnits(storage::Conn& c, const storage::OrderRow& o) {
  for (const auto& i : o.items) {
    if (o.status == OrderStatus::kPending) storage::AddTicketTypeCounts(c, i.ticket_type_id, 0, -i.quantity);
    if (o.status == OrderStatus::kPaid) storage::AddTicketTypeCounts(c, i.ticket_type_id, -i.quantity, 0);
  }
}

int64_t AmountDue(int64_t total, int64_t amount_paid) { return std::max<int64_t>(0, total - amount_paid); }

bool NothingToRefund(const storage::OrderRow& o) { return o.total == 0 && o.amount_paid == 0; }

void CloseAndMail(App& app, storage::Conn& c, const storage::OrderRow& o, OrderStatus status,
                  const std::string& now, const std::string& reason, const char* kind,
                  const json& settings) {
  ReleaseUnits(c, o);
  if (o.status == OrderStatus::kPaid) VoidTickets(c, o.id);
  storage::CloseOrder(c, o.id, status, now, reason);
  (void)teams::OnOrderStatusChanged(app, c, o.id, status);  // never refuses a close
  const bool free_order = status == OrderStatus::kRefunded && NothingToRefund(o);
  // A refund returns what the order received (an overpayment included), not its total.
  QueueOrderMail(app, c, free_order ? "order_cancelled" : kind, o, settings,
                 {{"reason", reason}, {"amount_paid", FormatMoney(o.amount_paid, settings)}});
}

void ExpireInUnit(App& app, storage::Conn& c, int64_t order_id, const std::string& now,
                  const json& settings) {
  auto o = storage::FindOrder(c, order_id);
  if (!o || o->status != OrderStatus::kPending) return;
  ReleaseUnits(c, *o);
  storage::CloseOrder(c, o->id, OrderStatus::kExpired, now, "payment deadline passed");
  (void)teams::OnOrderStatusChanged(app, c, o->id, OrderStatus::kExpired);  // never refuses an expiry
  QueueOrderMail(app, c, "order_expired", *o, settings);
}

int64_t FreeUnits(App& app, storage::Conn& c, storage::TicketTypeRow& type, int64_t wanted,
                  const std::string& now, const json& settings) {
  auto available = ticket_types::Available(type);
  if (!available) return wanted;
  if (*available >= wanted) return *available;
  for (int64_t id : storage::OverduePendingOrders(c, now, type.id, 1000)) {
    ExpireInUnit(app, c, id, now, settings);
  }
  type = *storage::FindTicketType(c, type.id);
  return *ticket_types::Available(type);
}

Status CountAsSold(App& app, storage::Conn& c, const storage::OrderRow& o, const std::string& now,
                   const json& settings) {
  if (o.status == OrderStatus::kExpired) {
    for (const auto& i : o.items) {
      auto t = storage::FindTicketType(c, i.ticket_type_id);
      if (FreeUnits(app, c, *t, i.quantity, now, settings) < i.quantity) {
        return Error::Conflict(codes::kSoldOut, "The order expired and its tickets were sold meanwhile.");
      }
    }
    for (const auto& i : o.items) storage::AddTicketTypeCounts(c, i.ticket_type_id, i.quantity, 0);
  } else {
    for (const auto& i : o.items) storage::AddTicketTypeCounts(c, i.ticket_type_id, i.quantity, -i.quantity);
  }
  return OkStatus();
}

}  // namespace lanyard::orders
