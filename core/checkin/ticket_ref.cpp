#include "core/checkin/ticket_ref.h"

#include "core/orders/order_code.h"

namespace lanyard {

namespace {

std::string_view Trimmed(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

char Upper(char ch) { return (ch >= 'a' && ch <= 'z') ? static_cast<char>(ch - 'a' + 'A') : ch; }

}  // namespace

std::string FormatTicketRef(std::string_view order_code, int64_t number) {
  return std::string(order_code) + "-" + std::to_string(number);
}

std::optional<std::string> ParseOrderCode(std::string_view typed) {
  const std::string_view s = Trimmed(typed);
  if (s.size() != kOrderCodeLength) return std::nullopt;
  std::string code;
  for (char ch : s) {
    const char up = Upper(ch);
    if (!IsOrderCodeChar(up)) return std::nullopt;
    code += up;
  }
  return code;
}

std::optional<TicketRef> ParseTicketRef(std::string_view typed) {
  const std::string_view s = Trimmed(typed);
  if (s.size() < kOrderCodeLength + 2 || s.size() > kOrderCodeLength + 5) return std::nullopt;
  const char sep = s[kOrderCodeLength];
  if (sep != '-' && sep != ' ' && sep != '#') return std::nullopt;
  auto code = ParseOrderCode(s.substr(0, kOrderCodeLength));
  if (!code) return std::nullopt;
  const std::string_view digits = s.substr(kOrderCodeLength + 1);
  int64_t number = 0;
  for (char ch : digits) {
    if (ch < '0' || ch > '9') return std::nullopt;
    number = number * 10 + (ch - '0');
  }
  if (number < 1 || digits[0] == '0') return std::nullopt;
  return TicketRef{*code, number};
}

}  // namespace lanyard
