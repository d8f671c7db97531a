// Payment by bank transfer (SPEC §6): the buyer's proof, and staff confirming or rejecting it.
#include "core/common/money.h"
#include "core/common/time_util.h"
#include "core/common/upload_quota.h"
#include "core/common/uploads.h"
#include "core/common/validation.h"
#include "core/common/write_unit.h"
#include "core/ops/audit.h"
#include "core/orders/order_steps.h"
#include "core/orders/order_views.h"
#include "core/orders/payment_record.h"
#include "core/orders/orders.h"
#include "storage/events_repo.h"

namespace lanyard::orders {

using nlohmann::json;

namespace {

Error NotPending() { return Error::Conflict(codes::kOrderNotPending, "This order is not waiting for payment."); }

}  // namespace

Result<ProofUploadTarget> CheckProofUpload(App& app, const AuthUser& user, int64_t order_id) {
  storage::Conn& c = app.db().Reader();
  auto o = storage::FindOrder(c, order_id);
  if (o && o->user_id == user.id) return ProofUploadTarget(o->id, o->status == OrderStatus::kPending);
  // The event's staff see the order (SPEC §1: a 403); to anyone else it does not exist.
  if (o && LoadForStaff(c, user, order_id, EventAccess::kStaff)) {
    return Error::Forbidden("Only the order's buyer uploads payment proofs.");
  }
  return Error::NotFound("No such order.");
}

Result<json> AddProof(App& app, const AuthUser& user, const ProofUploadTarget& order,
                      const std::string& filename, const std::string& bytes, const std::string& note) {
  if (!order.pending()) return NotPending();
  const int64_t order_id = order.order_id();
  if (Utf8Length(note) > 1000) return Error::Invalid("note", "must be at most 1000 characters");
  storage::ProofRow proof;
  proof.order_id = order_id;
  proof.filename = SafeFilename(filename, "proof");
  proof.note = note;
  proof.status = ProofStatus::kSubmitted;
  proof.created_at = NowRfc3339();
  auto stored = StoreCountedUpload(
      app.db(), app.uploads(), UploadQuotaFrom(*app.settings().Snapshot()),
      UploadOwner{user.id, order_id}, bytes,
      {FileKind::kPng, FileKind::kJpeg, FileKind::kWebp, FileKind::kPdf},
      [&](storage::Conn& c, const StoredUpload& file) -> Result<int64_t> {
        auto fresh = storage::FindOrder(c, order_id);
        if (!fresh || fresh->status != OrderStatus::kPending) return NotPending();
        proof.stored_name = file.stored_name;
        proof.content_type = file.content_type;
        proof.size = static_cast<int64_t>(file.size);
        return storage::InsertProof(c, proof);
      });
  if (!stored) return stored.error();
  proof.id = stored->id;
  return ProofView(proof);
}

Result<json> ConfirmPayment(App& app, const AuthUser& staff, int64_t order_id,
                            std::optional<int64_t> amount_received,
                            const std::optional<std::string>& note, bool complete) {
  if (amount_received && (*amount_received < 0 || *amount_received > kMaxAmount)) {
    return Error::Invalid("amount_received", "must be from 0 to " + std::to_string(kMaxAmount));
  }
  if (amount_received && *amount_received == 0 && !complete) {
    return Error::Invalid("amount_received", "must be more than 0, or send complete: true");
  }
  if (note && Utf8Length(*note) > 1000) return Error::Invalid("note", "must be at most 1000 characters");
  const auto settings = app.settings().Snapshot();
  auto id = WriteUnit<int64_t>(app.db(), [&](storage::Conn& c) -> Result<int64_t> {
    auto o = LoadForStaff(c, staff, order_id, EventAccess::kStaff);
    if (!o) return o.error();
    if (o->status != OrderStatus::kPending && o->status != OrderStatus::kExpired) {
      return Error::Conflict(codes::kOrderNotPending,
                             "This order is " + std::string(ToString(o->status)) + ", not awaiting payment.");
    }
    // Without an amount the desk confirms what is still due, in full, as before partial payments.
    PaymentToRecord payment;
    payment.amount = amount_received.value_or(AmountDue(o->total, o->amount_paid));
    payment.via = "desk";
    payment.reference = note.value_or("");
    payment.recorded_by = staff.id;
    payment.note = note;
    payment.complete = complete || !amount_received;
    payment.amount_stated = amount_received.has_value();
    auto recorded = RecordPaymentInUnit(app, c, o->id, payment, *settings);
    if (!recorded) return recorded.error();
    WriteAudit(c, staff.id, recorded->paid_now ? "payment.confirm" : "payment.partial", "order", o->id,
               {{"code", o->code},
                {"amount_received", payment.amount},
                {"amount_paid", recorded->amount_paid},
                {"complete", complete},
                {"late", o->status == OrderStatus::kExpired}});
    return o->id;
  });
  if (!id) return id.error();
  return LoadOrderView(app.db().Reader(), *id, *settings);
}

Result<json> RejectPayment(App& app, const AuthUser& staff, int64_t order_id, const std::string& reason) {
  const std::string why = Trim(reason);
  const auto settings = app.settings().Snapshot();
  auto id = WriteUnit<int64_t>(app.db(), [&](storage::Conn& c) -> Result<int64_t> {
    auto o = LoadForStaff(c, staff, order_id, EventAccess::kStaff);
    if (!o) return o.error();
    // After the access check: a caller who may not review this order learns nothing more.
    if (why.empty() || Utf8Length(why) > 1000) return Error::Invalid("reason", "must be 1 to 1000 characters");
    if (o->status != OrderStatus::kPending) {
      return Error::Conflict(codes::kOrderNotPending, "This order is not awaiting payment.");
    }
    auto proof = storage::LatestSubmittedProof(c, o->id);
    if (!proof) return Error::Conflict(codes::kInvalidState, "There is no payment proof waiting for review.");
    storage::ReviewProof(c, proof->id, ProofStatus::kRejected, why, staff.id, NowRfc3339());
    QueueOrderMail(app, c, "payment_rejected", *o, *settings, {{"reason", why}});
    WriteAudit(c, staff.id, "payment.reject", "order", o->id, {{"code", o->code}, {"reason", why}});
    return o->id;
  });
  if (!id) return id.error();
  return LoadOrderView(app.db().Reader(), *id, *settings);
}

}  // namespace lanyard::orders
