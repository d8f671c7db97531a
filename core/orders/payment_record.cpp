#include "core/orders/payment_record.h"

#include "core/common/time_util.h"
#include "core/orders/order_steps.h"
#include "core/orders/payment_mail.h"
#include "core/teams/team_fee.h"
#include "storage/events_repo.h"
#include "storage/payments_repo.h"

namespace lanyard::orders {

using nlohmann::json;

namespace {

// The desk (or staff applying a bank statement) acted on the order with every proof it had in
// view: none of them is waiting for review any more, so the desk's "Awaiting review" list drops
// the order until the buyer sends a new proof.
void AcceptSubmittedProofs(storage::Conn& c, int64_t order_id, std::optional<int64_t> staff, const std::string& now) {
  if (!staff) return;
  for (const auto& proof : storage::ListProofs(c, order_id)) {
    if (proof.status == ProofStatus::kSubmitted) {
      storage::ReviewProof(c, proof.id, ProofStatus::kAccepted, std::nullopt, *staff, now);
    }
  }
}

}  // namespace

Result<RecordedPayment> RecordPaymentInUnit(App& app, storage::Conn& c, int64_t order_id,
                                            const PaymentToRecord& payment, const json& settings) {
  auto o = LoadOrder(c, order_id);
  if (!o) return o.error();
  if (o->status == OrderStatus::kCancelled || o->status == OrderStatus::kRefunded) {
    return Error::Conflict(codes::kOrderNotPending,
                           "This order is " + std::string(ToString(o->status)) + ": it takes no payments.");
  }
  const auto before = storage::FindOrderBalance(c, order_id);
  const std::string now = NowRfc3339();
  storage::OrderPaymentRow row;
  row.order_id = order_id;
  row.amount = payment.amount;
  row.via = payment.via;
  row.reference = payment.reference;
  row.recorded_by = payment.recorded_by;
  row.recorded_at = now;
  row.statement_id = payment.statement_id;
  row.line_n = payment.line_n;
  if (payment.via == "bank_statement") {
    row.bank_date = payment.bank_date;
    row.bank_amount = payment.amount;
    row.bank_description = payment.bank_description;
  }
  auto id = storage::InsertOrderPayment(c, row);
  if (!id) return Error::Conflict(codes::kAlreadyApplied, "This bank line was already recorded as a payment.");
  RecordedPayment out;
  out.payment_id = *id;
  out.amount_paid = before->amount_paid + payment.amount;
  const bool awaiting = o->status == OrderStatus::kPending || o->status == OrderStatus::kExpired;
  if (!awaiting) return out;
  if (out.amount_paid < o->total && !payment.complete) {
    // A partial payment: the order stays pending; its buyer hears what came and what is still
    // due (an expired order's money waits for staff instead: there is no deadline to tell).
    if (o->status == OrderStatus::kPending) {
      AcceptSubmittedProofs(c, o->id, payment.recorded_by, now);
      QueuePaymentReceivedMail(app, c, *o, payment.amount, out.amount_paid, false, settings);
    }
    return out;
  }
  Status counted = CountAsSold(app, c, *o, now, settings);
  if (!counted) {
    // A bank transfer for an expired order whose tickets were sold meanwhile: the money stays
    // on the order, which staff see under awaiting_review and resolve by hand.
    if (payment.via == "bank_statement" && o->status == OrderStatus::kExpired) {
      out.kept_expired = true;
      return out;
    }
    return counted.error();
  }
  storage::MarkOrderPaid(c, o->id, now, payment.recorded_by,
                         payment.amount_stated ? std::optional<int64_t>(out.amount_paid) : std::nullopt, payment.note);
  // A team's fee: the team becomes confirmed in this unit (competition_full refuses a late one).
  Status team = teams::OnOrderStatusChanged(app, c, o->id, OrderStatus::kPaid);
  if (!team) return team.error();
  AcceptSubmittedProofs(c, o->id, payment.recorded_by, now);
  QueuePaymentReceivedMail(app, c, *o, payment.amount, out.amount_paid, true, settings);
  if (!o->items.empty()) IssueAndMailTickets(app, c, *o, *storage::FindEvent(c, o->event_id));  // a team fee has no tickets
  out.paid_now = true;
  return out;
}

}  // namespace lanyard::orders
