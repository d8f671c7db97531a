#include "core/common/money.h"

namespace lanyard {

std::string FormatMoney(int64_t amount, const std::string& currency, int minor_digits) {
  const bool negative = amount < 0;
  uint64_t value = negative ? static_cast<uint64_t>(-(amount + 1)) + 1 : static_cast<uint64_t>(amount);
  uint64_t scale = 1;
  for (int i = 0; i < minor_digits; ++i) scale *= 10;
  // Indonesian style groups with '.' and uses ',' for decimals; others the other way round.
  const bool rupiah = currency == "IDR";
  const char group = rupiah ? '.' : ',';
  const char decimal = rupiah ? ',' : '.';
  std::string whole = std::to_string(value / scale);
  std::string grouped;
  for (size_t i = 0; i < whole.size(); ++i) {
    if (i > 0 && (whole.size() - i) % 3 == 0) grouped += group;
    grouped += whole[i];
  }
  if (minor_digits > 0) {
    std::string fraction = std::to_string(value % scale);
    fraction.insert(0, static_cast<size_t>(minor_digits) - fraction.size(), '0');
    grouped += decimal + fraction;
  }
  std::string symbol = currency + " ";
  if (rupiah) symbol = "Rp ";
  else if (currency == "EUR") symbol = "€";
  else if (currency == "USD") symbol = "$";
  else if (currency == "GBP") symbol = "£";
  return (negative ? "-" : "") + symbol + grouped;
}

std::string FormatMoney(int64_t amount, const nlohmann::json& settings) {
  return FormatMoney(amount, settings["currency"].get<std::string>(),
                     settings["currency_minor_digits"].get<int>());
}

}  // namespace lanyard
