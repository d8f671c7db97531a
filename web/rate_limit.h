#pragma once
// Fixed-window request counters per key ("login-ip:1.2.3.4", "login-fail:a@b.c", ...), kept in
// memory and sharded so request threads rarely contend. Thread-safe.
#include <array>
#include <cstdint>
#include <mutex>
#include <string>
#include <unordered_map>

namespace lanyard::web {

class RateLimiter {
 public:
  explicit RateLimiter(bool enabled) : enabled_(enabled) {}
  void set_enabled(bool on) { enabled_ = on; }
  bool enabled() const { return enabled_; }

  // Counts one event under `key`; false (with the seconds until the window ends) when the key
  // has used up `limit` events in the current window.
  bool Allow(const std::string& key, int limit, int window_seconds, int* retry_after);
  // True when `key` already reached `limit` in its window; counts nothing.
  bool Exhausted(const std::string& key, int limit, int window_seconds, int* retry_after);
  void Reset(const std::string& key);

 private:
  struct Window {
    int64_t start = 0;
    int count = 0;
  };
  struct Shard {
    std::mutex mutex;
    std::unordered_map<std::string, Window> windows;  // GUARDED_BY(mutex)
  };
  Shard& ShardFor(const std::string& key);
  static void Purge(Shard& shard, int64_t now);

  bool enabled_;
  std::array<Shard, 16> shards_;
};

}  // namespace lanyard::web
