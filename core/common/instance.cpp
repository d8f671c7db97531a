#include "core/common/instance.h"

#include <unistd.h>

#include <atomic>
#include <cstdio>

#include "core/common/crypto.h"

namespace lanyard {

namespace {
std::atomic<int64_t> g_lease_seconds{60};
}  // namespace

const std::string& InstanceId() {
  static const std::string id = [] {
    char host[256] = {0};
    if (::gethostname(host, sizeof host - 1) != 0 || host[0] == '\0') std::snprintf(host, sizeof host, "host");
    const std::string random = crypto::RandomBytes(4);
    char hex[9] = {0};
    for (size_t i = 0; i < 4; ++i) {
      std::snprintf(hex + 2 * i, 3, "%02x", static_cast<unsigned char>(random[i]));
    }
    return std::string(host) + ":" + std::to_string(::getpid()) + ":" + hex;
  }();
  return id;
}

int64_t LeaseSeconds() { return g_lease_seconds.load(); }

void SetLeaseSeconds(int64_t seconds) { g_lease_seconds.store(seconds < 1 ? 1 : seconds); }

}  // namespace lanyard
