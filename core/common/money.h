#pragma once
// Money is an integer in the currency's minor unit; this formats it for people
// ("Rp 150.000", "€15.00", "USD 12.50"), as mails and CSV exports show it.
#include <cstdint>
#include <string>

#include <nlohmann/json.hpp>

namespace lanyard {

// The largest price or named amount accepted (10^12 minor units: a trillion rupiah, ten billion
// euros). Bounded so that totals (at most 20 items of at most 1000 units) and sums of them can
// never overflow int64 or SQLite's integers.
constexpr int64_t kMaxAmount = 1'000'000'000'000;

std::string FormatMoney(int64_t amount, const std::string& currency, int minor_digits);
// With the deployment's currency settings.
std::string FormatMoney(int64_t amount, const nlohmann::json& settings);

}  // namespace lanyard
