// core/payments: every match kind, from the lines and the orders they name.
#include <doctest/doctest.h>

#include <map>

#include "core/payments/statement_matcher.h"

using namespace lanyard::payments;

namespace {

StatementLine Line(int64_t amount, std::string description, std::string date = "2026-11-05") {
  StatementLine l;
  l.date = date;
  l.amount = amount;
  l.description = std::move(description);
  return l;
}

struct Fake {
  std::map<std::string, OrderToMatch> orders;
  std::map<std::string, int64_t> applied;  // description → order id
  MatchLookups Lookups() {
    return {[this](const std::string& code) -> std::optional<OrderToMatch> {
              auto it = orders.find(code);
              if (it == orders.end()) return std::nullopt;
              return it->second;
            },
            [this](const StatementLine& l) -> std::optional<int64_t> {
              auto it = applied.find(l.description);
              if (it == applied.end()) return std::nullopt;
              return it->second;
            }};
  }
};

}  // namespace

TEST_CASE("payments: match kinds exact, partial, overpaid, ambiguous, unmatched, already applied") {
  Fake f;
  f.orders["K7QX2M9A"] = {1, "K7QX2M9A", 10, "pending", 150000, 0};
  f.orders["HN4P8RTW"] = {2, "HN4P8RTW", 10, "pending", 300000, 100000};
  f.orders["ZX9K3M2Q"] = {3, "ZX9K3M2Q", 11, "pending", 150000, 0};
  f.orders["PQ7R8S9T"] = {4, "PQ7R8S9T", 10, "cancelled", 150000, 0};
  f.orders["MN3B4V5C"] = {5, "MN3B4V5C", 10, "expired", 150000, 0};
  f.orders["WX2Y3Z4A"] = {6, "WX2Y3Z4A", 10, "paid", 150000, 150000};
  f.applied["done K7QX2M9A"] = 1;
  std::vector<StatementLine> lines = {
      Line(150000, "bayar k7qx2m9a"),       // exact
      Line(50000, "HN4P8RTW cicilan"),      // partial: 200000 due
      Line(250000, "HN4P 8RTW sisa"),       // overpaid: 150000 left after the line before
      Line(150000, "HN4P8RTW ZX9K3M2Q"),    // ambiguous: two codes
      Line(150000, "ZX9K3M2Q"),             // ambiguous: another event's order
      Line(150000, "transfer budi"),        // unmatched: no code
      Line(150000, "PQ7R8S9T"),             // unmatched: order cancelled
      Line(150000, "done K7QX2M9A"),        // already applied
      Line(150000, "MN3B4V5C late"),        // an expired order still matches
      Line(20000, "WX2Y3Z4A again"),        // paid already: overpaid
  };
  StatementLine unreadable;
  unreadable.description = "K7QX2M9A";
  unreadable.problem = kAmountUnreadable;
  lines.push_back(unreadable);
  auto m = MatchLines(lines, 10, f.Lookups());
  REQUIRE(m.size() == lines.size());
  CHECK(m[0].kind == MatchKind::kExact);
  CHECK(m[0].order_id == 1);
  CHECK(m[0].amount_due == 150000);
  CHECK(m[0].code == "K7QX2M9A");
  CHECK(m[1].kind == MatchKind::kPartial);
  CHECK(m[1].amount_due == 200000);
  CHECK(m[2].kind == MatchKind::kOverpaid);
  CHECK(m[2].amount_due == 150000);
  CHECK(m[3].kind == MatchKind::kAmbiguous);
  CHECK(m[3].reason == kSeveralCodes);
  CHECK_FALSE(m[3].order_id.has_value());
  CHECK(m[4].kind == MatchKind::kAmbiguous);
  CHECK(m[4].reason == kOtherEvent);
  CHECK_FALSE(m[4].order_id.has_value());
  CHECK(m[5].kind == MatchKind::kUnmatched);
  CHECK(m[5].reason == kNoOrderCode);
  CHECK(m[6].kind == MatchKind::kUnmatched);
  CHECK(m[6].reason == kOrderClosed);
  CHECK(m[7].kind == MatchKind::kAlreadyApplied);
  CHECK(m[7].order_id == 1);
  CHECK(m[8].kind == MatchKind::kExact);
  CHECK(m[9].kind == MatchKind::kOverpaid);
  CHECK(m[9].amount_due == 0);
  CHECK(m[10].kind == MatchKind::kUnmatched);
  CHECK(m[10].reason == kAmountUnreadable);
}

TEST_CASE("payments: match kind names round-trip") {
  for (auto k : {MatchKind::kExact, MatchKind::kPartial, MatchKind::kOverpaid, MatchKind::kAmbiguous,
                 MatchKind::kUnmatched, MatchKind::kAlreadyApplied}) {
    CHECK(MatchKindFromName(MatchKindName(k)) == k);
  }
  CHECK_FALSE(MatchKindFromName("paid").has_value());
}
