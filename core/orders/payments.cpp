// Payment by bank transfer (SPEC §6): the buyer's proof, and staff confirming or rejecting it.
#include "core/common/money.h"
#include "core/common/time_util.h"
#include "core/common/uploads.h"
#include "core/common/validation.h"
#include "core/common/write_unit.h"
#include "core/ops/audit.h"
#include "core/orders/order_steps.h"
#include "core/orders/order_views.h"
#include "core/orders/orders.h"
#include "storage/events_repo.h"

namespace lanyard::orders {

using nlohmann::json;

namespace {

Error NotPending() { return Error::Conflict("order_not_pending", "This order is not waiting for payment."); }

// Counts the order's units as sold: from pending, or for an expired order (late acceptance)
// only while its ticket types still have room for them.
Status CountAsSold(App& app, storage::Conn& c, const storage::OrderRow& o, const std::string& now,
                   const json& settings) {
  if (o.status == OrderStatus::kExpired) {
    for (const auto& i : o.items) {
      auto t = storage::FindTicketType(c, i.ticket_type_id);
      if (FreeUnits(app, c, *t, i.quantity, now, settings) < i.quantity) {
        return Error::Conflict("sold_out", "The order expired and its tickets were sold meanwhile.");
      }
    }
    for (const auto& i : o.items) storage::AddTicketTypeCounts(c, i.ticket_type_id, i.quantity, 0);
  } else {
    for (const auto& i : o.items) storage::AddTicketTypeCounts(c, i.ticket_type_id, i.quantity, -i.quantity);
  }
  return OkStatus();
}

}  // namespace

Result<json> AddProof(App& app, const AuthUser& user, int64_t order_id, const std::string& filename,
                      const std::string& bytes, const std::string& note) {
  auto o = storage::FindOrder(app.db().Reader(), order_id);
  if (!o || o->user_id != user.id) return Error::NotFound("No such order.");
  if (o->status != OrderStatus::kPending) return NotPending();
  if (Utf8Length(note) > 1000) return Error::Invalid("note", "must be at most 1000 characters");
  auto stored = StoreUpload(app.UploadsDir(), bytes,
                            {FileKind::kPng, FileKind::kJpeg, FileKind::kWebp, FileKind::kPdf});
  if (!stored) return stored.error();
  storage::ProofRow proof;
  proof.order_id = order_id;
  proof.stored_name = stored->stored_name;
  proof.content_type = stored->content_type;
  proof.size = static_cast<int64_t>(stored->size);
  proof.filename = SafeFilename(filename, "proof");
  proof.note = note;
  proof.status = ProofStatus::kSubmitted;
  proof.created_at = NowRfc3339();
  auto id = WriteUnit<int64_t>(app.db(), [&](storage::Conn& c) -> Result<int64_t> {
    auto fresh = storage::FindOrder(c, order_id);
    if (!fresh || fresh->status != OrderStatus::kPending) return NotPending();
    return storage::InsertProof(c, proof);
  });
  if (!id) return id.error();
  proof.id = *id;
  return ProofView(proof);
}

Result<json> ConfirmPayment(App& app, const AuthUser& staff, int64_t order_id,
                            std::optional<int64_t> amount_received,
                            const std::optional<std::string>& note) {
  if (amount_received && (*amount_received < 0 || *amount_received > kMaxAmount)) {
    return Error::Invalid("amount_received", "must be from 0 to " + std::to_string(kMaxAmount));
  }
  const auto settings = app.settings().Snapshot();
  auto id = WriteUnit<int64_t>(app.db(), [&](storage::Conn& c) -> Result<int64_t> {
    auto o = LoadForStaff(c, staff, order_id, EventAccess::kStaff);
    if (!o) return o.error();
    if (o->status != OrderStatus::kPending && o->status != OrderStatus::kExpired) {
      return Error::Conflict("order_not_pending",
                             "This order is " + std::string(ToString(o->status)) + ", not awaiting payment.");
    }
    const std::string now = NowRfc3339();
    Status counted = CountAsSold(app, c, *o, now, *settings);
    if (!counted) return counted.error();
    storage::MarkOrderPaid(c, o->id, now, staff.id, amount_received, note);
    if (auto proof = storage::LatestSubmittedProof(c, o->id)) {
      storage::ReviewProof(c, proof->id, ProofStatus::kAccepted, std::nullopt, staff.id, now);
    }
    auto e = storage::FindEvent(c, o->event_id);
    QueueOrderMail(app, c, "payment_received", *o, *settings);
    IssueAndMailTickets(app, c, *o, *e);
    WriteAudit(c, staff.id, "payment.confirm", "order", o->id,
               {{"code", o->code},
                {"amount_received", amount_received ? json(*amount_received) : json()},
                {"late", o->status == OrderStatus::kExpired}});
    return o->id;
  });
  if (!id) return id.error();
  return LoadOrderView(app.db().Reader(), *id, *settings);
}

Result<json> RejectPayment(App& app, const AuthUser& staff, int64_t order_id, const std::string& reason) {
  const std::string why = Trim(reason);
  if (why.empty() || Utf8Length(why) > 1000) return Error::Invalid("reason", "must be 1 to 1000 characters");
  const auto settings = app.settings().Snapshot();
  auto id = WriteUnit<int64_t>(app.db(), [&](storage::Conn& c) -> Result<int64_t> {
    auto o = LoadForStaff(c, staff, order_id, EventAccess::kStaff);
    if (!o) return o.error();
    if (o->status != OrderStatus::kPending) {
      return Error::Conflict("order_not_pending", "This order is not awaiting payment.");
    }
    auto proof = storage::LatestSubmittedProof(c, o->id);
    if (!proof) return Error::Conflict("invalid_state", "There is no payment proof waiting for review.");
    storage::ReviewProof(c, proof->id, ProofStatus::kRejected, why, staff.id, NowRfc3339());
    QueueOrderMail(app, c, "payment_rejected", *o, *settings, {{"reason", why}});
    WriteAudit(c, staff.id, "payment.reject", "order", o->id, {{"code", o->code}, {"reason", why}});
    return o->id;
  });
  if (!id) return id.error();
  return LoadOrderView(app.db().Reader(), *id, *settings);
}

}  // namespace lanyard::orders
