#include "web/client_address.h"

#include <string_view>
#include <vector>

#include "core/common/ip_range.h"

namespace lanyard::web {

namespace {

// "::ffff:192.0.2.1" (an IPv4 peer on a dual-stack socket) is "192.0.2.1".
std::string_view Unmapped(std::string_view a) {
  constexpr std::string_view kMapped = "::ffff:";
  if (a.size() > kMapped.size() && a.substr(0, kMapped.size()) == kMapped &&
      a.find('.') != std::string_view::npos) {
    a.remove_prefix(kMapped.size());
  }
  return a;
}

std::vector<std::string_view> Split(std::string_view list) {
  std::vector<std::string_view> out;
  size_t start = 0;
  while (start < list.size()) {
    size_t end = list.find_first_of(", \t", start);
    if (end == std::string_view::npos) end = list.size();
    if (end > start) out.push_back(list.substr(start, end - start));
    start = end + 1;
  }
  return out;
}

// Only what an address can look like is used as one (a forged hop is just a string otherwise).
bool LooksLikeAddress(std::string_view a) {
  if (a.empty() || a.size() > 45) return false;
  for (char c : a) {
    const bool ok = (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F') ||
                    c == '.' || c == ':';
    if (!ok) return false;
  }
  return true;
}

}  // namespace

bool IsLoopback(const std::string& address) {
  const std::string_view a = Unmapped(address);
  return a == "::1" || a.substr(0, 4) == "127.";
}

std::string ClientAddress(const httplib::Request& req, const std::string& trusted_proxies) {
  const std::string peer(Unmapped(req.remote_addr));
  if (trusted_proxies.empty()) return peer;
  // Validated when stored (Settings); an entry that still does not parse names no proxy.
  std::vector<IpRange> proxies;
  for (std::string_view entry : Split(trusted_proxies)) {
    if (auto range = ParseIpRange(entry)) proxies.push_back(*range);
  }
  if (!InAnyIpRange(proxies, peer)) return peer;
  // Several X-Forwarded-For fields count as one list, in order.
  std::string forwarded;
  const size_t count = req.get_header_value_count("X-Forwarded-For");
  for (size_t i = 0; i < count; ++i) {
    if (!forwarded.empty()) forwarded += ',';
    forwarded += req.get_header_value("X-Forwarded-For", i);
  }
  const std::vector<std::string_view> hops = Split(forwarded);
  for (auto it = hops.rbegin(); it != hops.rend(); ++it) {
    if (InAnyIpRange(proxies, Unmapped(*it))) continue;
    return LooksLikeAddress(*it) ? std::string(Unmapped(*it)) : peer;
  }
  return peer;  // every hop is a proxy of ours (or none was named)
}

}  // namespace lanyard::web
