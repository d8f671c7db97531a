#include "storage/utc_now.h"

#include <ctime>

namespace lanyard::storage {

std::string UtcNowText() {
  const std::time_t now = std::time(nullptr);
  std::tm tm{};
  gmtime_r(&now, &tm);
  char buf[32];
  const size_t n = std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return std::string(buf, n);
}

std::string TextOrNow(const std::string& text) { return text.empty() ? UtcNowText() : text; }

}  // namespace lanyard::storage
