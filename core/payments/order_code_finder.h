#pragma once
// Finding order codes (core/orders/order_code.h) in the free text of a
// bank transfer's description, which people type as they like: `k7qx2m9a`, `K7QX 2M9A`,
// `BAYARK7QX2M9A`, `TRSF E-BANKING CR 0511/FTSCY/WS95031 150000.00 K7QX2M9A BUDI`.
// Pure, thread-safe.
#include <functional>
#include <string>
#include <string_view>
#include <vector>

namespace lanyard::payments {

// Every distinct 8-character window of the description's letters and digits (upper-cased, all
// other characters removed) that uses only the code alphabet, in order of first appearance.
// Most are not codes: the caller keeps those that name an order.
std::vector<std::string> CodeCandidates(std::string_view description);

// The distinct candidates for which `is_code` says true, in order of first appearance.
std::vector<std::string> FindOrderCodes(std::string_view description,
                                        const std::function<bool(const std::string&)>& is_code);

}  // namespace lanyard::payments
