#pragma once
// Money is an integer in the currency's minor unit; this formats it for people
// ("Rp 150.000", "€15.00", "USD 12.50"), as mails and CSV exports show it.
#include <cstdint>
#include <string>

#include <nlohmann/json.hpp>

namespace lanyard {

std::string FormatMoney(int64_t amount, const std::string& currency, int minor_digits);
// With the deployment's currency settings.
std::string FormatMoney(int64_t amount, const nlohmann::json& settings);

}  // namespace lanyard
