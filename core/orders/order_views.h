#pragma once
// The JSON shapes of orders and payment proofs (SPEC §6) and the data of order mails. Views are
// built from rows, outside the writer unit wherever the command allows. Pure functions of their
// arguments except LoadOrderView, which reads proofs and tickets through the given connection.
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "core/app.h"
#include "storage/order_holders_repo.h"
#include "storage/orders_repo.h"
#include "storage/payments_repo.h"

namespace lanyard::orders {

// A payment received: {amount, via (desk|bank_statement), reference, recorded_by,
// recorded_by_name, recorded_at, statement?{id, line, date}}.
nlohmann::json ReceivedView(const storage::OrderPaymentRow& p);

// A payment proof: id, filename, content_type, size (bytes), note, status, review fields, url.
nlohmann::json ProofView(const storage::ProofRow& p);

// An order with its items, payment (proofs included; received[] empty) and tickets; amount_paid,
// amount_due and amount_overpaid (when over); money as integer minor units
// plus total_display formatted by `settings` (the settings snapshot); a pending order also
// carries bank_instructions and payment_reference.
nlohmann::json OrderView(const storage::OrderRow& o, const std::vector<storage::ProofRow>& proofs,
                         const std::vector<nlohmann::json>& tickets, const nlohmann::json& settings);

// The holders the buyer named at checkout, by position: [{position (1..units), ticket_type (of
// the item at that position; null if the items changed), name ("" = the buyer), email ("" =
// none)}]; empty when the event does not ask or the buyer named nobody.
nlohmann::json HoldersView(const storage::OrderRow& o,
                           const std::vector<storage::OrderHolderRow>& holders);

// OrderView with the order's proofs, payments received, tickets and `holders` (HoldersView)
// read through `c`.
nlohmann::json LoadOrderView(storage::Conn& c, const storage::OrderRow& o,
                             const nlohmann::json& settings);

// LoadOrderView of the order `order_id`, which must exist (orders are never deleted): used after
// a command's unit committed, on a reader connection.
nlohmann::json LoadOrderView(storage::Conn& c, int64_t order_id, const nlohmann::json& settings);

// The data every order mail shares: order_code, order_url (the buyer's page), event_title,
// event_starts_at and amount (formatted); its times lead with the event's zone (SetMailZone).
nlohmann::json OrderMailData(App& app, const storage::OrderRow& o, const nlohmann::json& settings);

}  // namespace lanyard::orders
