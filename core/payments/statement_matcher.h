#pragma once
// Matching a statement's credit lines to orders: by the order codes found in the description,
// then by amount against what is still due. Nothing is applied here; the result is what the
// payment desk shows for a person to tick. Pure, thread-safe.
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "core/payments/statement_reader.h"

namespace lanyard::payments {

enum class MatchKind { kExact, kPartial, kOverpaid, kAmbiguous, kUnmatched, kAlreadyApplied };
// "exact", "partial", "overpaid", "ambiguous", "unmatched", "already_applied".
const char* MatchKindName(MatchKind kind);
std::optional<MatchKind> MatchKindFromName(const std::string& name);

// Reasons of unmatched and ambiguous lines (besides kAmountUnreadable and kDateUnreadable).
inline constexpr const char* kNoOrderCode = "no_order_code";
inline constexpr const char* kSeveralCodes = "several_codes";
inline constexpr const char* kOtherEvent = "other_event";
inline constexpr const char* kOrderClosed = "order_closed";

// What the matcher needs to know of an order.
struct OrderToMatch {
  int64_t id = 0;
  std::string code;
  int64_t event_id = 0;
  std::string status;   // pending, paid, expired, cancelled, refunded
  int64_t total = 0;
  int64_t amount_paid = 0;
};

struct LineMatch {
  MatchKind kind = MatchKind::kUnmatched;
  std::optional<int64_t> order_id;
  std::string code;
  std::optional<int64_t> amount_due;  // before this line
  std::string reason;                 // why unmatched or ambiguous
};

struct MatchLookups {
  // The order with this code, in any event; nullopt when no order has it.
  std::function<std::optional<OrderToMatch>(const std::string& code)> find_order;
  // The order a bank line with this identity (date, amount, description) was already applied
  // to; nullopt when it never was.
  std::function<std::optional<int64_t>(const StatementLine& line)> applied_to;
};

// One match per line, in order. Lines for the same order count against what is left after the
// lines before them (two halves of one ticket: partial, then exact).
std::vector<LineMatch> MatchLines(const std::vector<StatementLine>& lines, int64_t event_id,
                                  const MatchLookups& lookups);

}  // namespace lanyard::payments
