// Closing orders (SPEC §6): the buyer's or staff's cancel, refunds, an event's cancellation,
// and the scheduler's expiry and reminders.
#include <set>

#include "core/common/money.h"
#include "core/common/time_util.h"
#include "core/common/validation.h"
#include "core/common/write_unit.h"
#include "core/events/events.h"
#include "core/mail/mail_outbox.h"
#include "core/ops/audit.h"
#include "core/orders/order_steps.h"
#include "core/orders/order_views.h"
#include "core/orders/orders.h"
#include "core/programme/registrations.h"
#include "storage/events_repo.h"

namespace lanyard::orders {

using nlohmann::json;

namespace {

// True when the order's newest proof is still waiting for the desk. A rejected newest proof asks
// for payment again; so does a partial payment with no newer proof (SPEC §6: the reminder shows
// the amount still due): recording it accepts every proof the desk had in view
// (payment_record.cpp), so a proof still submitted after it is one for the rest.
bool ProofAwaitsReview(storage::Conn& c, const storage::OrderRow& o) {
  const auto proofs = storage::ListProofs(c, o.id);
  return !proofs.empty() && proofs.back().status == ProofStatus::kSubmitted;
}

}  // namespace

Result<json> Cancel(App& app, const AuthUser& user, int64_t order_id) {
  const auto settings = app.settings().Snapshot();
  auto id = WriteUnit<int64_t>(app.db(), [&](storage::Conn& c) -> Result<int64_t> {
    auto o = LoadOrder(c, order_id);
    if (!o) return o.error();
    const bool by_buyer = o->user_id == user.id;
    if (!by_buyer) {
      auto staffed = LoadForStaff(c, user, order_id, EventAccess::kStaff);
      if (!staffed) return staffed.error();
    }
    if (o->status != OrderStatus::kPending) {
      return Error::Conflict(codes::kOrderNotPending, "Only an order awaiting payment can be cancelled.");
    }
    const std::string reason = by_buyer ? "cancelled by the buyer" : "cancelled by staff";
    CloseAndMail(app, c, *o, OrderStatus::kCancelled, NowRfc3339(), reason, "order_cancelled", *settings);
    if (!by_buyer) WriteAudit(c, user.id, "order.cancel", "order", o->id, {{"code", o->code}});
    return o->id;
  });
  if (!id) return id.error();
  return LoadOrderView(app.db().Reader(), *id, *settings);
}

Result<json> Refund(App& app, const AuthUser& user, int64_t order_id, const std::string& reason) {
  const std::string why = Trim(reason);
  if (Utf8Length(why) > 1000) return Error::Invalid("reason", "must be at most 1000 characters");
  const auto settings = app.settings().Snapshot();
  auto id = WriteUnit<int64_t>(app.db(), [&](storage::Conn& c) -> Result<int64_t> {
    auto o = LoadForStaff(c, user, order_id, EventAccess::kManage);
    if (!o) return o.error();
    // An order that expired with money on it is resolved by refunding that money by hand.
    const bool expired_with_money = o->status == OrderStatus::kExpired && o->amount_paid > 0;
    if (o->status != OrderStatus::kPaid && !expired_with_money) {
      return Error::Conflict(codes::kOrderNotPaid, "Only a paid order, or an expired one with money received, can be refunded.");
    }
    auto e = storage::FindEvent(c, o->event_id);
    const std::string now = NowRfc3339();
    if (e->ends_at <= now && !user.IsAdmin()) {
      return Error::Forbidden("After the event has ended only an admin may refund.");
    }
    CloseAndMail(app, c, *o, OrderStatus::kRefunded, now, why, "order_refunded", *settings);
    // The refunded tickets no longer hold session seats: they go to the people waiting.
    programme::ReleaseSeatsOfOrderInUnit(app, c, o->id);
    WriteAudit(c, user.id, "order.refund", "order", o->id, {{"code", o->code}, {"reason", why}});
    return o->id;
  });
  if (!id) return id.error();
  return LoadOrderView(app.db().Reader(), *id, *settings);
}

Result<json> CancelEvent(App& app, const AuthUser& user, int64_t event_id, const std::string& message) {
  if (Utf8Length(message) > 2000) return Error::Invalid("message", "must be at most 2000 characters");
  const auto settings = app.settings().Snapshot();
  auto cancelled = WriteUnit<storage::EventRow>(app.db(), [&](storage::Conn& c) -> Result<storage::EventRow> {
    auto e = LoadEventToChange(c, user, event_id, EventAccess::kManage, "The event is already cancelled.");
    if (!e) return e;
    const std::string now = NowRfc3339();
    const std::string reason = "event cancelled";
    // Everyone holding a ticket hears it once, by address, before the tickets are voided.
    std::set<std::string> notified;
    const json mail = {{"event_title", e->title},
                       {"event_url", app.BaseUrl() + "/events/" + std::to_string(e->id)},
                       {"event_starts_at", events::EventStartForMail(*e)},
                       {"message", message}};
    for (const auto& holder : storage::ValidTicketHolders(c, event_id)) {
      if (notified.insert(NormalizeEmail(holder.email)).second) {
        QueueMail(c, "event_cancelled", holder.email, holder.name, holder.locale, mail);
      }
    }
    for (int64_t id : storage::EventOrderIds(c, event_id, OrderStatus::kPending)) {
      CloseAndMail(app, c, *storage::FindOrder(c, id), OrderStatus::kCancelled, now, reason, "order_cancelled",
                   *settings);
    }
    for (int64_t id : storage::EventOrderIds(c, event_id, OrderStatus::kPaid)) {
      CloseAndMail(app, c, *storage::FindOrder(c, id), OrderStatus::kRefunded, now, reason, "order_refunded",
                   *settings);
    }
    e->status = EventStatus::kCancelled;
    e->cancel_message = message;
    e->updated_at = now;
    storage::UpdateEvent(c, *e);
    WriteAudit(c, user.id, "event.cancel", "event", event_id, {{"message", message}});
    return e;
  });
  if (!cancelled) return cancelled.error();
  return events::EventJson(*cancelled);
}

int ExpireOverdue(App& app, int64_t now_s) {
  const std::string now = FormatRfc3339(now_s);
  const auto settings = app.settings().Snapshot();
  auto due = storage::OverduePendingOrders(app.db().Reader(), now, 0, 200);
  if (due.empty()) return 0;
  Status done = WriteUnit(app.db(), [&](storage::Conn& c) -> Status {
    for (int64_t id : due) ExpireInUnit(app, c, id, now, *settings);
    return OkStatus();
  });
  (void)done;  // the unit cannot fail: each order is skipped unless still pending
  return static_cast<int>(due.size());
}

int SendReminders(App& app, int64_t now_s) {
  const auto settings = app.settings().Snapshot();
  const int64_t hours = (*settings)["reminder_hours"].get<int64_t>();
  const std::string now = FormatRfc3339(now_s);
  auto due = storage::OrdersDueForReminder(app.db().Reader(), FormatRfc3339(now_s + hours * 3600), now, 200);
  if (due.empty()) return 0;
  Status done = WriteUnit(app.db(), [&](storage::Conn& c) -> Status {
    for (int64_t id : due) {
      auto o = storage::FindOrder(c, id);
      if (!o || o->status != OrderStatus::kPending || o->reminder_sent_at) continue;
      storage::MarkReminderSent(c, id, now);
      // A buyer whose proof awaits review is not asked to pay (a second transfer): the order
      // still expires at its deadline unless the desk confirms it, so the mail says the proof
      // is being checked and what the deadline means.
      QueueOrderMail(app, c, "payment_reminder", *o, *settings,
                     {{"proof_in_review", ProofAwaitsReview(c, *o)},
                      {"bank_instructions", (*settings)["bank_instructions"]},
                      {"expires_at", o->expires_at.value_or("")},
                      {"amount_paid", o->amount_paid > 0 ? FormatMoney(o->amount_paid, *settings) : ""},
                      {"amount_due", FormatMoney(AmountDue(o->total, o->amount_paid), *settings)}});
    }
    return OkStatus();
  });
  (void)done;  // the unit cannot fail: it skips what is no longer due
  return static_cast<int>(due.size());
}

}  // namespace lanyard::orders
