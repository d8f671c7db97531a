#pragma once
// Orders and payments by bank transfer (SPEC §6). The quota rule is decided inside the storage
// writer's unit of work, so under any concurrency no ticket type is ever oversold.
//
// The commands live in order_create.cpp, payments.cpp and order_closing.cpp, the reads in
// order_queries.cpp, the JSON in order_views.h, the in-unit steps they share in order_steps.h.
// Every function is safe to call from any request thread; writes run on the database's writer.
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "core/app.h"
#include "core/ops/audit.h"
#include "core/accounts/auth_user.h"
#include "core/common/result.h"
#include "core/orders/order_holders.h"
#include "storage/orders_repo.h"

namespace lanyard::orders {

constexpr size_t kMaxItemsPerOrder = 20;

struct OrderItemInput {
  int64_t ticket_type_id = 0;
  int64_t quantity = 0;
  std::optional<int64_t> price;  // pay-what-you-want only: the amount the buyer names
};
struct OrderInput {
  int64_t event_id = 0;
  std::vector<OrderItemInput> items;
  // Who each ticket unit is for, in the order of `items` (core/orders/order_holders.h); checked
  // against the event's holder_details.
  std::vector<HolderInput> holders;
};

// The reply of a create: the first reply again for a repeated Idempotency-Key.
struct CreateReply {
  int status = 201;
  nlohmann::json body;
};
Result<CreateReply> Create(App& app, const AuthUser& user, const OrderInput& in,
                           const std::string& idempotency_key, const std::string& request_path);

Result<nlohmann::json> Get(App& app, const AuthUser& user, int64_t id);
Result<nlohmann::json> ListOwn(App& app, const AuthUser& user, ListPage page);
struct EventOrdersQuery {
  std::string status, awaiting_review, q;
};
Result<nlohmann::json> ListForEvent(App& app, const AuthUser& user, int64_t event_id,
                                    const EventOrdersQuery& query, ListPage page);

// An order its buyer may upload a payment proof to, as CheckProofUpload read it (only it makes
// one): AddProof needs no second look at who may upload.
class ProofUploadTarget {
 public:
  int64_t order_id() const { return order_id_; }
  bool pending() const { return pending_; }

 private:
  friend Result<ProofUploadTarget> CheckProofUpload(App&, const AuthUser&, int64_t);
  ProofUploadTarget(int64_t order_id, bool pending) : order_id_(order_id), pending_(pending) {}
  int64_t order_id_;
  bool pending_;
};

// Whether the caller may upload a proof to the order: the target for its buyer, forbidden for
// the event's staff (they see the order), not_found for anyone else. One read; the upload route
// calls it before reading the file.
Result<ProofUploadTarget> CheckProofUpload(App& app, const AuthUser& user, int64_t order_id);
// Stores the file and its proof row {id, status:"submitted", ...} (ProofView). Errors:
// order_not_pending (also when the order left pending meanwhile: checked again in the unit),
// validation_failed (note over 1000 characters, not a PNG/JPEG/WebP/PDF), upload_quota,
// insufficient_storage.
Result<nlohmann::json> AddProof(App& app, const AuthUser& user, const ProofUploadTarget& order,
                                const std::string& filename, const std::string& bytes,
                                const std::string& note);
struct ProofFile {
  std::string content_type, filename, bytes;
};
Result<ProofFile> GetProof(App& app, const AuthUser& user, int64_t proof_id);

// Records money received at the desk (SPEC §6). Without `amount_received` the order is paid in
// full (what is still due is recorded); with less than is due it is a partial payment (the
// order stays pending) unless `complete` marks it paid on purpose (audited). More than is due
// is kept as an overpayment. An expired order is accepted late only while the quota allows
// (sold_out). Errors: order_not_pending, validation_failed, not_found, forbidden.
Result<nlohmann::json> ConfirmPayment(App& app, const AuthUser& staff, int64_t order_id,
                                      std::optional<int64_t> amount_received,
                                      const std::optional<std::string>& note, bool complete = false);
Result<nlohmann::json> RejectPayment(App& app, const AuthUser& staff, int64_t order_id,
                                     const std::string& reason);
Result<nlohmann::json> Cancel(App& app, const AuthUser& user, int64_t order_id);
Result<nlohmann::json> Refund(App& app, const AuthUser& user, int64_t order_id,
                              const std::string& reason);

// Event cancellation: pending orders cancelled, paid ones refunded, every ticket holder mailed.
Result<nlohmann::json> CancelEvent(App& app, const AuthUser& user, int64_t event_id,
                                   const std::string& message);

// The scheduler's work: expires overdue pending orders (quota released, order_expired mailed)
// and mails payment_reminder once, reminder_hours before expiry (reassuring instead of asking
// for payment when the latest proof awaits review). Returns rows handled.
int ExpireOverdue(App& app, int64_t now);
int SendReminders(App& app, int64_t now);

// A new order code (core/orders/order_code.h), from a CSPRNG.
std::string NewOrderCode();

}  // namespace lanyard::orders
