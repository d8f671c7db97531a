#pragma once
// The steps that order commands share, each run inside the caller's write unit (they take the
// unit's storage::Conn). Internal to core/orders and core/events' cancellation; not thread-safe
// on their own: the writer thread serialises them.
#include <nlohmann/json.hpp>
#include <string>

#include "core/accounts/auth_user.h"
#include "core/app.h"
#include "core/common/result.h"
#include "core/events/event_access.h"
#include "storage/orders_repo.h"
#include "storage/ticket_types_repo.h"

namespace lanyard::orders {

// Loads an order; not_found when there is none.
Result<storage::OrderRow> LoadOrder(storage::Conn& c, int64_t order_id);

// Loads an order the caller may act on as staff of its event with `need`: not_found when they
// may not see it, forbidden for the buyer themself or for staff lacking `need`.
Result<storage::OrderRow> LoadForStaff(storage::Conn& c, const AuthUser& user, int64_t order_id,
                                       EventAccess need);

// Queues the order mail `kind` to the buyer: OrderMailData merged with `extra`.
void QueueOrderMail(App& app, storage::Conn& c, const char* kind, const storage::OrderRow& o,
                    const nlohmann::json& settings, const nlohmann::json& extra = nlohmann::json::object());

// Issues the tickets of a just-paid order and queues the `tickets` mail.
void IssueAndMailTickets(App& app, storage::Conn& c, const storage::OrderRow& o,
                         const storage::EventRow& e);

// Releases an order's units from its ticket types' counters: `pending` for a pending order,
// `sold` for a paid one; nothing for a closed one.
void ReleaseUnits(storage::Conn& c, const storage::OrderRow& o);

// What is still to pay on an order of `total` that has received `amount_paid` (minor units;
// never below 0: an overpayment leaves nothing due). The one rule for views, mails and the desk.
int64_t AmountDue(int64_t total, int64_t amount_paid);

// True for an order that charged nothing and received nothing (free tickets): closing it after
// issue is a cancellation for its buyer, there is nothing to refund.
bool NothingToRefund(const storage::OrderRow& o);

// Moves `o` to `status` (expired, cancelled or refunded) at `now` with `reason`: units released,
// tickets of a paid order voided, and the order mail `kind` queued with the reason and
// amount_paid (what a refund returns) — except that
// a refunded order with NothingToRefund is mailed as order_cancelled (no "refunded (Rp 0)").
void CloseAndMail(App& app, storage::Conn& c, const storage::OrderRow& o, OrderStatus status,
                  const std::string& now, const std::string& reason, const char* kind,
                  const nlohmann::json& settings);

// Expires one pending order past its deadline (no-op for any other state).
void ExpireInUnit(App& app, storage::Conn& c, int64_t order_id, const std::string& now,
                  const nlohmann::json& settings);

// The units of `type` still free, after expiring overdue orders that hold some when fewer than
// `wanted` are free; `type` is reloaded then. Returns `wanted` for an unlimited type.
int64_t FreeUnits(App& app, storage::Conn& c, storage::TicketTypeRow& type, int64_t wanted,
                  const std::string& now, const nlohmann::json& settings);

// Counts the order's units as sold: from pending, or for an expired order (late acceptance)
// only while its ticket types still have room for them (sold_out otherwise).
Status CountAsSold(App& app, storage::Conn& c, const storage::OrderRow& o, const std::string& now,
                   const nlohmann::json& settings);

}  // namespace lanyard::orders
