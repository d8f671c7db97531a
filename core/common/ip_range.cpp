#include "core/common/ip_range.h"

#include <arpa/inet.h>

#include <charconv>
#include <cstring>
#include <string>

namespace lanyard {

namespace {

// The address as bytes, IPv4-mapped IPv6 folded to IPv4.
std::optional<IpRange> ParseAddress(std::string_view text) {
  if (text.empty() || text.size() > 45) return std::nullopt;
  const std::string s(text);
  IpRange r;
  if (inet_pton(AF_INET, s.c_str(), r.bytes.data()) == 1) {
    r.prefix = 32;
    return r;
  }
  in6_addr a6{};
  if (inet_pton(AF_INET6, s.c_str(), &a6) != 1) return std::nullopt;
  static const uint8_t kMapped[12] = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff};
  if (std::memcmp(a6.s6_addr, kMapped, 12) == 0) {
    std::memcpy(r.bytes.data(), a6.s6_addr + 12, 4);
    r.prefix = 32;
    return r;
  }
  r.v6 = true;
  std::memcpy(r.bytes.data(), a6.s6_addr, 16);
  r.prefix = 128;
  return r;
}

}  // namespace

std::optional<IpRange> ParseIpRange(std::string_view text) {
  const size_t slash = text.find('/');
  auto range = ParseAddress(text.substr(0, slash));
  if (!range || slash == std::string_view::npos) return range;
  const std::string_view bits = text.substr(slash + 1);
  int prefix = -1;
  auto [end, ec] = std::from_chars(bits.data(), bits.data() + bits.size(), prefix);
  if (bits.empty() || bits.size() > 3 || ec != std::errc() || end != bits.data() + bits.size()) {
    return std::nullopt;
  }
  if (prefix < 0 || prefix > (range->v6 ? 128 : 32)) return std::nullopt;
  range->prefix = prefix;
  return range;
}

bool InIpRange(const IpRange& range, std::string_view address) {
  auto a = ParseAddress(address);
  if (!a || a->v6 != range.v6) return false;
  const int full = range.prefix / 8;
  if (std::memcmp(a->bytes.data(), range.bytes.data(), static_cast<size_t>(full)) != 0) return false;
  const int rest = range.prefix % 8;
  if (rest == 0) return true;
  const auto mask = static_cast<uint8_t>(0xff << (8 - rest));
  return (a->bytes[static_cast<size_t>(full)] & mask) == (range.bytes[static_cast<size_t>(full)] & mask);
}

std::optional<std::vector<IpRange>> ParseIpRangeList(std::string_view list, std::string_view* bad) {
  std::vector<IpRange> out;
  size_t start = 0;
  while (start < list.size()) {
    size_t end = list.find_first_of(", \t", start);
    if (end == std::string_view::npos) end = list.size();
    if (end > start) {
      const std::string_view entry = list.substr(start, end - start);
      auto range = ParseIpRange(entry);
      if (!range) {
        if (bad) *bad = entry;
        return std::nullopt;
      }
      out.push_back(*range);
    }
    start = end + 1;
  }
  return out;
}

bool InAnyIpRange(const std::vector<IpRange>& ranges, std::string_view address) {
  for (const IpRange& r : ranges) {
    if (InIpRange(r, address)) return true;
  }
  return false;
}

}  // namespace lanyard
