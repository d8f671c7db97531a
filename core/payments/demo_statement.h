#pragma once
// `lanyard demo`'s sample bank statement: a BCA-style CSV export of the committee's account
// with transfers for some of the demo event's pending orders (one paid in full, one partly),
// a transfer without an order code and a bank fee, to try the payment desk's statement upload.
#include <cstdint>
#include <string>

#include "core/app.h"
#include "core/common/result.h"

namespace lanyard::payments {

// Writes <data>/demo-bank-statement.csv for the pending orders of `event_id` and returns its
// path. Errors: internal when the file cannot be written. Not thread-safe against a concurrent
// run (a CLI step).
Result<std::string> WriteDemoStatement(App& app, int64_t event_id);

}  // namespace lanyard::payments
