#include "core/payments/order_code_finder.h"

#include <unordered_set>

#include "core/orders/order_code.h"

namespace lanyard::payments {

std::vector<std::string> CodeCandidates(std::string_view description) {
  std::string compact;
  for (char c : description) {
    if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
    if ((c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')) compact += c;
  }
  std::vector<std::string> out;
  std::unordered_set<std::string> seen;
  size_t run = 0;  // length of the alphabet-only run ending at i
  for (size_t i = 0; i < compact.size(); ++i) {
    run = IsOrderCodeChar(compact[i]) ? run + 1 : 0;
    if (run < kOrderCodeLength) continue;
    std::string window = compact.substr(i + 1 - kOrderCodeLength, kOrderCodeLength);
    if (seen.insert(window).second) out.push_back(std::move(window));
  }
  return out;
}

std::vector<std::string> FindOrderCodes(std::string_view description,
                                        const std::function<bool(const std::string&)>& is_code) {
  std::vector<std::string> out;
  for (auto& candidate : CodeCandidates(description)) {
    if (is_code(candidate)) out.push_back(std::move(candidate));
  }
  return out;
}

}  // namespace lanyard::payments
