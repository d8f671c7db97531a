#pragma once
// The buyer's payment_received mail (SPEC §6, §8): what this payment brought, what the order has
// received in all, what it received beyond its total, and, while the order is still pending after a partial payment, the amount
// still due with how to pay it and the deadline. Runs inside the caller's write unit (it takes
// the unit's Conn); the writer thread serialises it.
#include <cstdint>
#include <nlohmann/json.hpp>

#include "core/app.h"
#include "storage/conn.h"
#include "storage/orders_repo.h"

namespace lanyard::orders {

// Queues payment_received to the buyer of `o` (the order as loaded before this payment) for a
// payment of `amount_received` (minor units) that brought what the order received to
// `amount_paid`. `paid` says the order is paid now: the mail then announces the tickets;
// otherwise it carries amount_due, bank_instructions and expires_at (the event's zone). Money
// beyond the total is amount_overpaid: the committee returns it by hand (SPEC §6).
void QueuePaymentReceivedMail(App& app, storage::Conn& c, const storage::OrderRow& o, int64_t amount_received,
                              int64_t amount_paid, bool paid, const nlohmann::json& settings);

}  // namespace lanyard::orders
