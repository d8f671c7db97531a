#pragma once
// IP addresses and CIDR ranges ("10.0.0.1", "10.0.0.0/8", "2001:db8::/32") for the
// trusted_proxies setting (SPEC §12). An IPv4-mapped IPv6 address (::ffff:10.0.0.1) is the IPv4
// address it maps. Pure functions; thread-safe.
#include <array>
#include <cstdint>
#include <optional>
#include <string_view>
#include <vector>

namespace lanyard {

struct IpRange {
  bool v6 = false;
  std::array<uint8_t, 16> bytes{};  // network order; the first 4 for IPv4
  int prefix = 0;                   // bits that must match: 0..32 (IPv4) or 0..128 (IPv6)
};

// One address (a full-length prefix) or address/prefix; nullopt for anything else.
std::optional<IpRange> ParseIpRange(std::string_view text);
// Whether `address` (a plain address, no prefix) lies in `range`; false when it is no address.
bool InIpRange(const IpRange& range, std::string_view address);

// A list separated by commas, spaces or tabs. On a bad entry returns nullopt and sets `*bad` to it.
std::optional<std::vector<IpRange>> ParseIpRangeList(std::string_view list, std::string_view* bad = nullptr);
// Whether `address` lies in any of `ranges`.
bool InAnyIpRange(const std::vector<IpRange>& ranges, std::string_view address);

}  // namespace lanyard
