#pragma once
// Recording money received on an order (SPEC §6 partial payments), from the desk or a bank
// statement line, inside the caller's write unit. The order is paid (tickets issued and mailed,
// payment_received mailed) once what it received reaches its total, or when the desk completes
// it on purpose; a partial payment keeps it pending; money on a paid order is an overpayment
// kept for a refund by hand. Runs on the writer thread only (it takes the unit's Conn).
#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>

#include "core/app.h"
#include "core/common/result.h"
#include "storage/conn.h"

namespace lanyard::orders {

struct PaymentToRecord {
  int64_t amount = 0;                 // minor units, >= 0
  std::string via = "desk";           // desk | bank_statement
  std::string reference;              // shown in received[]: a note, or the statement line
  std::optional<int64_t> recorded_by; // the staff member
  // Bank lines only: where it came from and its identity (date, amount, description).
  std::optional<int64_t> statement_id, line_n;
  std::optional<std::string> bank_date, bank_description;
  bool complete = false;              // desk: paid in full whatever the amount
  bool amount_stated = true;          // false: the desk confirmed without naming an amount
  std::optional<std::string> note;    // desk note kept on the order
};

struct RecordedPayment {
  int64_t payment_id = 0;
  int64_t amount_paid = 0;    // after this payment
  bool paid_now = false;      // this payment made the order paid
  bool kept_expired = false;  // an expired order whose tickets were sold meanwhile keeps the money
};

// Errors: already_applied (the bank line was recorded before), order_not_pending (cancelled or
// refunded order), sold_out (the desk completing an expired order whose tickets were sold).
Result<RecordedPayment> RecordPaymentInUnit(App& app, storage::Conn& c, int64_t order_id,
                                            const PaymentToRecord& payment, const nlohmann::json& settings);

}  // namespace lanyard::orders
