// The pure rules behind events, ticket types and orders (SPEC §4, §5, §6): the date filter's
// periods, the ticket type checks, availability and sales windows, money formatting and
// order codes. The state machines are tested over HTTP in tests/web/test_order_routes.cpp.
#include <doctest/doctest.h>

#include <map>
#include <set>
#include <string>

#include "core/events/events.h"
#include "core/common/money.h"
#include "core/orders/orders.h"
#include "core/events/ticket_types.h"

using namespace lanyard;

namespace {

using Period = std::optional<std::pair<std::string, std::string>>;

Period P(const std::string& from, const std::string& to) { return std::make_pair(from, to); }

// The field names a failed Apply reports (empty when it passed).
std::set<std::string> FieldsOf(const Status& st) {
  std::set<std::string> out;
  if (st.ok()) return out;
  CHECK(st.error().code == "validation_failed");
  for (const auto& [field, why] : st.error().fields) out.insert(field);
  return out;
}

ticket_types::TicketTypeInput Input(const std::string& kind, std::optional<int64_t> price) {
  ticket_types::TicketTypeInput in;
  in.name = "Regular";
  in.kind = kind;
  in.price = price;
  return in;
}

Status Create(const ticket_types::TicketTypeInput& in, storage::TicketTypeRow* out = nullptr) {
  storage::TicketTypeRow t;
  Status st = ticket_types::Apply(in, true, t);
  if (out) *out = t;
  return st;
}

storage::TicketTypeRow Type(std::optional<int64_t> quota, int64_t sold, int64_t pending) {
  storage::TicketTypeRow t;
  t.quota = quota;
  t.sold = sold;
  t.pending = pending;
  return t;
}

}  // namespace

TEST_CASE("events::DatePeriod: a day means that day in the deployment's time zone") {
  CHECK(events::DatePeriod("2026-12-01", "Asia/Jakarta") ==
        P("2026-11-30T17:00:00Z", "2026-12-01T17:00:00Z"));
  CHECK(events::DatePeriod("2026-12", "Asia/Jakarta") ==
        P("2026-11-30T17:00:00Z", "2026-12-31T17:00:00Z"));
  CHECK(events::DatePeriod("2027", "Asia/Makassar") ==
        P("2026-12-31T16:00:00Z", "2027-12-31T16:00:00Z"));
  CHECK_FALSE(events::DatePeriod("2026-12-01", "Nowhere/Else"));
}

TEST_CASE("events::DatePeriod: a year, a month or a day as a half-open period") {
  CHECK(events::DatePeriod("2027") == P("2027-01-01T00:00:00Z", "2028-01-01T00:00:00Z"));
  CHECK(events::DatePeriod("2027-06") == P("2027-06-01T00:00:00Z", "2027-07-01T00:00:00Z"));
  CHECK(events::DatePeriod("2027-06-15") == P("2027-06-15T00:00:00Z", "2027-06-16T00:00:00Z"));
  // December rolls over into the next year, for a month and for its last day.
  CHECK(events::DatePeriod("2027-12") == P("2027-12-01T00:00:00Z", "2028-01-01T00:00:00Z"));
  CHECK(events::DatePeriod("2027-12-31") == P("2027-12-31T00:00:00Z", "2028-01-01T00:00:00Z"));
  // February: 29 days in a leap year, and the 29th only exists then.
  CHECK(events::DatePeriod("2028-02") == P("2028-02-01T00:00:00Z", "2028-03-01T00:00:00Z"));
  CHECK(events::DatePeriod("2028-02-29") == P("2028-02-29T00:00:00Z", "2028-03-01T00:00:00Z"));
  CHECK(events::DatePeriod("2000-02-29") == P("2000-02-29T00:00:00Z", "2000-03-01T00:00:00Z"));
  CHECK_FALSE(events::DatePeriod("2027-02-29"));
  CHECK_FALSE(events::DatePeriod("2100-02-29"));  // not a leap year (divisible by 100)
  CHECK_FALSE(events::DatePeriod("2027-04-31"));
}

TEST_CASE("events::DatePeriod: malformed text is refused") {
  for (const char* bad : {"", "27", "202", "20277", "2027-", "2027-6", "2027-13", "2027-00",
                          "2027-06-00", "2027-06-32", "2027/06/15", "2027-06-15T10:00:00Z",
                          "2027-6-15", "abcd", "2027-ab", "2027-06-1x", " 2027", "2027 ",
                          "-2027", "2027-06-15-", "1969", "0000", "２０２７"}) {
    INFO("date: '", bad, "'");
    CHECK_FALSE(events::DatePeriod(bad));
  }
}

TEST_CASE("ticket_types::Apply: price by kind") {
  storage::TicketTypeRow t;
  // free: price 0, given or not.
  CHECK(Create(Input("free", std::nullopt), &t).ok());
  CHECK(t.price == 0);
  CHECK(t.kind == "free");
  CHECK(Create(Input("free", 0)).ok());
  CHECK(FieldsOf(Create(Input("free", 100))) == std::set<std::string>{"price"});
  // paid: above 0, and required.
  CHECK(Create(Input("paid", 150000), &t).ok());
  CHECK(t.price == 150000);
  CHECK(FieldsOf(Create(Input("paid", 0))) == std::set<std::string>{"price"});
  CHECK(FieldsOf(Create(Input("paid", std::nullopt))) == std::set<std::string>{"price"});
  // pay_what_you_want: the minimum, 0 allowed.
  CHECK(Create(Input("pay_what_you_want", 0)).ok());
  CHECK(Create(Input("pay_what_you_want", 25000)).ok());
  CHECK(FieldsOf(Create(Input("pay_what_you_want", std::nullopt))) == std::set<std::string>{"price"});
  // Negative numbers, whatever the kind.
  CHECK(FieldsOf(Create(Input("paid", -1))) == std::set<std::string>{"price"});
  CHECK(FieldsOf(Create(Input("pay_what_you_want", -5000))) == std::set<std::string>{"price"});
  CHECK(FieldsOf(Create(Input("free", -1))) == std::set<std::string>{"price"});
  // Bounded above, so totals and sums cannot overflow.
  CHECK(Create(Input("paid", kMaxAmount)).ok());
  CHECK(FieldsOf(Create(Input("paid", kMaxAmount + 1))) == std::set<std::string>{"price"});
  CHECK(FieldsOf(Create(Input("pay_what_you_want", INT64_MAX))) == std::set<std::string>{"price"});
  // Unknown kind; name and kind required on create.
  CHECK(FieldsOf(Create(Input("donation", 100))).count("kind") == 1);
  ticket_types::TicketTypeInput nameless;
  CHECK(FieldsOf(Create(nameless)) == std::set<std::string>{"name", "kind"});
  ticket_types::TicketTypeInput blank = Input("free", 0);
  blank.name = "   ";
  CHECK(FieldsOf(Create(blank)) == std::set<std::string>{"name"});
  blank.name = std::string(201, 'x');
  CHECK(FieldsOf(Create(blank)) == std::set<std::string>{"name"});
  blank.name = "  Early bird  ";
  CHECK(Create(blank, &t).ok());
  CHECK(t.name == "Early bird");
}

TEST_CASE("ticket_types::Apply: a PATCH is checked against the stored values") {
  storage::TicketTypeRow t;
  REQUIRE(Create(Input("paid", 100000), &t).ok());
  // Switching to free keeps the paid price: refused until the price goes to 0 as well.
  ticket_types::TicketTypeInput to_free;
  to_free.kind = "free";
  storage::TicketTypeRow copy = t;
  CHECK(FieldsOf(ticket_types::Apply(to_free, false, copy)) == std::set<std::string>{"price"});
  to_free.price = 0;
  copy = t;
  CHECK(ticket_types::Apply(to_free, false, copy).ok());
  CHECK(copy.kind == "free");
  // Absent fields keep their values.
  ticket_types::TicketTypeInput nothing;
  copy = t;
  CHECK(ticket_types::Apply(nothing, false, copy).ok());
  CHECK(copy.name == "Regular");
  CHECK(copy.price == 100000);
  CHECK(copy.max_per_order == 10);
  CHECK_FALSE(copy.quota);
  ticket_types::TicketTypeInput price_zero;
  price_zero.price = 0;
  copy = t;
  CHECK(FieldsOf(ticket_types::Apply(price_zero, false, copy)) == std::set<std::string>{"price"});
}

TEST_CASE("ticket_types::Apply: quota, max_per_order and the sales window") {
  storage::TicketTypeRow t;
  ticket_types::TicketTypeInput in = Input("paid", 50000);
  // Quota: absent or null is unlimited, 0 is allowed (nothing for sale), negative refused.
  REQUIRE(Create(in, &t).ok());
  CHECK_FALSE(t.quota);
  in.quota_set = true;
  in.quota = std::nullopt;
  REQUIRE(Create(in, &t).ok());
  CHECK_FALSE(t.quota);
  in.quota = 0;
  REQUIRE(Create(in, &t).ok());
  CHECK(t.quota == 0);
  in.quota = 250;
  REQUIRE(Create(in, &t).ok());
  CHECK(t.quota == 250);
  in.quota = -1;
  CHECK(FieldsOf(Create(in)) == std::set<std::string>{"quota"});
  // An explicit null on PATCH makes a limited type unlimited again.
  ticket_types::TicketTypeInput unlimit;
  unlimit.quota_set = true;
  REQUIRE(ticket_types::Apply(unlimit, false, t).ok());
  CHECK_FALSE(t.quota);

  // max_per_order: default 10, 1..1000.
  in = Input("paid", 50000);
  REQUIRE(Create(in, &t).ok());
  CHECK(t.max_per_order == 10);
  for (int64_t ok : {1, 4, 1000}) {
    in.max_per_order = ok;
    REQUIRE(Create(in, &t).ok());
    CHECK(t.max_per_order == ok);
  }
  for (int64_t bad : {0, -3, 1001}) {
    INFO("max_per_order ", bad);
    in.max_per_order = bad;
    CHECK(FieldsOf(Create(in)) == std::set<std::string>{"max_per_order"});
  }

  // Sales window: RFC 3339 (normalised to UTC), end after start, null clears.
  in = Input("paid", 50000);
  in.sales_start_set = in.sales_end_set = true;
  in.sales_start = "2027-03-01T09:00:00+07:00";
  in.sales_end = "2027-04-01T00:00:00Z";
  REQUIRE(Create(in, &t).ok());
  CHECK(t.sales_start == "2027-03-01T02:00:00Z");
  CHECK(t.sales_end == "2027-04-01T00:00:00Z");
  in.sales_end = "2027-03-01T02:00:00Z";  // equal to the start
  CHECK(FieldsOf(Create(in)) == std::set<std::string>{"sales_end"});
  in.sales_end = "2027-02-01T00:00:00Z";  // before it
  CHECK(FieldsOf(Create(in)) == std::set<std::string>{"sales_end"});
  in.sales_end = "next tuesday";
  CHECK(FieldsOf(Create(in)) == std::set<std::string>{"sales_end"});
  in.sales_end = std::nullopt;  // explicit null: open-ended
  REQUIRE(Create(in, &t).ok());
  CHECK_FALSE(t.sales_end);
  in.sales_start = "2027-13-01T00:00:00Z";
  CHECK(FieldsOf(Create(in)) == std::set<std::string>{"sales_start"});
  // Moving only the end before the stored start is caught on PATCH too.
  storage::TicketTypeRow stored;
  in = Input("paid", 50000);
  in.sales_start_set = true;
  in.sales_start = "2027-03-01T00:00:00Z";
  REQUIRE(Create(in, &stored).ok());
  ticket_types::TicketTypeInput end_only;
  end_only.sales_end_set = true;
  end_only.sales_end = "2027-02-01T00:00:00Z";
  CHECK(FieldsOf(ticket_types::Apply(end_only, false, stored)) == std::set<std::string>{"sales_end"});

  // Several mistakes at once are reported together.
  in = Input("paid", -1);
  in.quota_set = true;
  in.quota = -2;
  in.max_per_order = 0;
  CHECK(FieldsOf(Create(in)) == std::set<std::string>{"price", "quota", "max_per_order"});
}

TEST_CASE("ticket_types::Available: quota minus sold and pending, or unlimited") {
  CHECK_FALSE(ticket_types::Available(Type(std::nullopt, 0, 0)));
  CHECK_FALSE(ticket_types::Available(Type(std::nullopt, 500, 20)));
  CHECK(ticket_types::Available(Type(10, 0, 0)) == 10);
  CHECK(ticket_types::Available(Type(10, 3, 2)) == 5);
  CHECK(ticket_types::Available(Type(10, 7, 3)) == 0);
  CHECK(ticket_types::Available(Type(0, 0, 0)) == 0);
  CHECK(ticket_types::Available(Type(5, 5, 1)) == 0);  // never negative
  nlohmann::json j = ticket_types::TicketTypeJson(Type(10, 3, 2));
  CHECK(j["available"] == 5);
  CHECK(j["sold"] == 3);
  CHECK(j["pending"] == 2);
  CHECK(ticket_types::TicketTypeJson(Type(std::nullopt, 3, 2))["available"].is_null());
  CHECK(ticket_types::TicketTypeJson(Type(std::nullopt, 3, 2))["quota"].is_null());
}

TEST_CASE("ticket_types::OnSale: active and inside the window") {
  const std::string now = "2027-03-15T12:00:00Z";
  storage::TicketTypeRow t;
  CHECK(ticket_types::OnSale(t, now));  // no window at all
  t.sales_start = "2027-03-01T00:00:00Z";
  t.sales_end = "2027-04-01T00:00:00Z";
  CHECK(ticket_types::OnSale(t, now));
  CHECK(ticket_types::OnSale(t, "2027-03-01T00:00:00Z"));   // the start is inside
  CHECK_FALSE(ticket_types::OnSale(t, "2027-02-28T23:59:59Z"));
  CHECK_FALSE(ticket_types::OnSale(t, "2027-04-01T00:00:00Z"));  // the end is not
  CHECK(ticket_types::OnSale(t, "2027-03-31T23:59:59Z"));
  t.sales_end.reset();
  CHECK(ticket_types::OnSale(t, "2099-01-01T00:00:00Z"));   // open-ended
  t.sales_start.reset();
  t.sales_end = "2027-03-01T00:00:00Z";
  CHECK_FALSE(ticket_types::OnSale(t, now));                // sales closed
  t.sales_end.reset();
  t.active = false;
  CHECK_FALSE(ticket_types::OnSale(t, now));                // inactive
  CHECK_FALSE(ticket_types::TicketTypeJson(t)["on_sale"].get<bool>());
}

TEST_CASE("FormatMoney: each currency's own style") {
  CHECK(FormatMoney(150000, "IDR", 0) == "Rp 150.000");
  CHECK(FormatMoney(1500, "EUR", 2) == "€15.00");
  CHECK(FormatMoney(0, "IDR", 0) == "Rp 0");
  CHECK(FormatMoney(999, "IDR", 0) == "Rp 999");
  CHECK(FormatMoney(1000, "IDR", 0) == "Rp 1.000");
  CHECK(FormatMoney(1234567890, "IDR", 0) == "Rp 1.234.567.890");
  CHECK(FormatMoney(150000, "IDR", 2) == "Rp 1.500,00");
  CHECK(FormatMoney(5, "EUR", 2) == "€0.05");
  CHECK(FormatMoney(123456789, "EUR", 2) == "€1,234,567.89");
  CHECK(FormatMoney(1250, "USD", 2) == "$12.50");
  CHECK(FormatMoney(1250, "GBP", 2) == "£12.50");
  CHECK(FormatMoney(1250, "SGD", 2) == "SGD 12.50");
  CHECK(FormatMoney(1500, "JPY", 0) == "JPY 1,500");
  CHECK(FormatMoney(-1500, "EUR", 2) == "-€15.00");
  CHECK(FormatMoney(INT64_MIN, "IDR", 0) == "-Rp 9.223.372.036.854.775.808");
  nlohmann::json settings = {{"currency", "IDR"}, {"currency_minor_digits", 0}};
  CHECK(FormatMoney(75000, settings) == "Rp 75.000");
  settings = {{"currency", "EUR"}, {"currency_minor_digits", 2}};
  CHECK(FormatMoney(7500, settings) == "€75.00");
}

TEST_CASE("orders::NewOrderCode: 8 characters of the unambiguous alphabet, unique") {
  const std::string alphabet = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789";
  REQUIRE(alphabet.size() == 32);
  std::set<std::string> seen;
  std::map<char, int> counts;
  constexpr int kCodes = 20000;
  for (int i = 0; i < kCodes; ++i) {
    const std::string code = orders::NewOrderCode();
    REQUIRE(code.size() == 8);
    for (char ch : code) {
      INFO("code ", code);
      REQUIRE(alphabet.find(ch) != std::string::npos);
      ++counts[ch];
    }
    seen.insert(code);
  }
  // 20,000 draws from 32^8 codes collide with probability ~2e-4.
  CHECK(seen.size() == kCodes);
  // Every symbol is used, roughly evenly (expected 5,000 each; bounds are > 10 sigma away).
  CHECK(counts.size() == 32);
  for (const auto& entry : counts) {
    const char ch = entry.first;
    const auto n = entry.second;
    INFO("symbol ", ch);
    CHECK(n > 4200);
    CHECK(n < 5800);
  }
  for (char never : std::string("IO01")) CHECK(counts.count(never) == 0);
}
