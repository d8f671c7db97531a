#include "core/payments/statement_matcher.h"

#include <map>

#include "core/payments/order_code_finder.h"

namespace lanyard::payments {

namespace {

constexpr const char* kKindNames[] = {"exact", "partial", "overpaid", "ambiguous", "unmatched", "already_applied"};

LineMatch Unmatched(const std::string& reason) {
  LineMatch m;
  m.reason = reason;
  return m;
}

}  // namespace

const char* MatchKindName(MatchKind kind) { return kKindNames[static_cast<int>(kind)]; }

std::optional<MatchKind> MatchKindFromName(const std::string& name) {
  for (int i = 0; i < 6; ++i) {
    if (name == kKindNames[i]) return static_cast<MatchKind>(i);
  }
  return std::nullopt;
}

std::vector<LineMatch> MatchLines(const std::vector<StatementLine>& lines, int64_t event_id,
                                  const MatchLookups& lookups) {
  std::vector<LineMatch> out;
  std::map<int64_t, int64_t> due;  // order id → still due after the lines matched so far
  for (const StatementLine& line : lines) {
    if (!line.problem.empty()) {
      out.push_back(Unmatched(line.problem));
      continue;
    }
    if (auto applied = lookups.applied_to(line)) {
      LineMatch m;
      m.kind = MatchKind::kAlreadyApplied;
      m.order_id = *applied;
      out.push_back(m);
      continue;
    }
    std::map<std::string, OrderToMatch> found;
    std::vector<std::string> codes = FindOrderCodes(line.description, [&](const std::string& code) {
      auto order = lookups.find_order(code);
      if (order) found[code] = *order;
      return order.has_value();
    });
    if (codes.empty()) {
      out.push_back(Unmatched(kNoOrderCode));
      continue;
    }
    if (codes.size() > 1) {
      LineMatch m = Unmatched(kSeveralCodes);
      m.kind = MatchKind::kAmbiguous;
      m.code = codes.front();
      out.push_back(m);
      continue;
    }
    const OrderToMatch& order = found[codes.front()];
    LineMatch m;
    m.code = order.code;
    if (order.event_id != event_id) {
      m.kind = MatchKind::kAmbiguous;
      m.reason = kOtherEvent;
      out.push_back(m);
      continue;
    }
    m.order_id = order.id;
    if (order.status == "cancelled" || order.status == "refunded") {
      m.reason = kOrderClosed;
      out.push_back(m);
      continue;
    }
    auto [it, fresh] = due.try_emplace(order.id, std::max<int64_t>(0, order.total - order.amount_paid));
    m.amount_due = it->second;
    const int64_t amount = *line.amount;
    m.kind = amount == it->second  ? MatchKind::kExact
             : amount < it->second ? MatchKind::kPartial
                                   : MatchKind::kOverpaid;
    it->second = std::max<int64_t>(0, it->second - amount);
    out.push_back(m);
  }
  return out;
}

}  // namespace lanyard::payments
