#include "web/rate_limit.h"

#include "core/common/time_util.h"

namespace lanyard::web {

namespace {
constexpr size_t kPurgeAbove = 50000;  // bound memory under a flood of distinct keys
constexpr int64_t kLongestWindow = 3600;
}  // namespace

RateLimiter::Shard& RateLimiter::ShardFor(const std::string& key) {
  return shards_[std::hash<std::string>{}(key) % shards_.size()];
}

void RateLimiter::Purge(Shard& shard, int64_t now) {
  for (auto it = shard.windows.begin(); it != shard.windows.end();) {
    it = now - it->second.start > kLongestWindow ? shard.windows.erase(it) : std::next(it);
  }
}

bool RateLimiter::Allow(const std::string& key, int limit, int window_seconds, int* retry_after) {
  if (!enabled_) return true;
  const int64_t now = NowSeconds();
  Shard& shard = ShardFor(key);
  std::lock_guard<std::mutex> lock(shard.mutex);
  if (shard.windows.size() > kPurgeAbove) Purge(shard, now);
  Window& w = shard.windows[key];
  if (now - w.start >= window_seconds) w = Window{now, 0};
  if (w.count >= limit) {
    *retry_after = static_cast<int>(w.start + window_seconds - now);
    if (*retry_after < 1) *retry_after = 1;
    return false;
  }
  ++w.count;
  return true;
}

bool RateLimiter::Exhausted(const std::string& key, int limit, int window_seconds,
                            int* retry_after) {
  if (!enabled_) return false;
  const int64_t now = NowSeconds();
  Shard& shard = ShardFor(key);
  std::lock_guard<std::mutex> lock(shard.mutex);
  auto it = shard.windows.find(key);
  if (it == shard.windows.end() || now - it->second.start >= window_seconds ||
      it->second.count < limit) {
    return false;
  }
  *retry_after = static_cast<int>(std::max<int64_t>(1, it->second.start + window_seconds - now));
  return true;
}

void RateLimiter::Reset(const std::string& key) {
  Shard& shard = ShardFor(key);
  std::lock_guard<std::mutex> lock(shard.mutex);
  shard.windows.erase(key);
}

}  // namespace lanyard::web
