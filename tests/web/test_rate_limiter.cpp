// The rate limiter's fixed-window counter (web/rate_limit.h), on its own: windows, waiting
// times, and concurrent callers (this file also runs under ThreadSanitizer, tests/tsan).
#include <doctest/doctest.h>

#include <atomic>
#include <chrono>
#include <thread>
#include <vector>

#include "web/rate_limit.h"

using lanyard::web::RateLimiter;

TEST_CASE("rate limiter: allows up to the limit in a window, then tells how long to wait") {
  RateLimiter limits(true);
  int retry_after = -1;
  for (int i = 0; i < 3; ++i) CHECK(limits.Allow("k", 3, 60, &retry_after));
  CHECK_FALSE(limits.Allow("k", 3, 60, &retry_after));
  CHECK(retry_after >= 1);
  CHECK(retry_after <= 60);
  CHECK_FALSE(limits.Allow("k", 3, 60, &retry_after));
  // Keys are independent.
  CHECK(limits.Allow("other", 3, 60, &retry_after));
  // Reset forgets a key.
  limits.Reset("k");
  CHECK(limits.Allow("k", 3, 60, &retry_after));
}

TEST_CASE("rate limiter: a new window starts after the old one ends") {
  RateLimiter limits(true);
  int retry_after = 0;
  CHECK(limits.Allow("w", 2, 1, &retry_after));
  CHECK(limits.Allow("w", 2, 1, &retry_after));
  CHECK_FALSE(limits.Allow("w", 2, 1, &retry_after));
  CHECK(retry_after == 1);
  std::this_thread::sleep_for(std::chrono::milliseconds(2100));
  CHECK(limits.Allow("w", 2, 1, &retry_after));
  CHECK(limits.Allow("w", 2, 1, &retry_after));
  CHECK_FALSE(limits.Allow("w", 2, 1, &retry_after));
}

TEST_CASE("rate limiter: Exhausted looks without counting") {
  RateLimiter limits(true);
  int retry_after = 0;
  CHECK_FALSE(limits.Exhausted("f", 2, 900, &retry_after));
  CHECK_FALSE(limits.Exhausted("f", 2, 900, &retry_after));
  CHECK(limits.Allow("f", 2, 900, &retry_after));
  CHECK_FALSE(limits.Exhausted("f", 2, 900, &retry_after));
  CHECK(limits.Allow("f", 2, 900, &retry_after));
  CHECK(limits.Exhausted("f", 2, 900, &retry_after));
  CHECK(retry_after >= 1);
  CHECK(retry_after <= 900);
}

TEST_CASE("rate limiter: disabled allows everything") {
  RateLimiter limits(false);
  CHECK_FALSE(limits.enabled());
  int retry_after = 0;
  for (int i = 0; i < 100; ++i) CHECK(limits.Allow("k", 1, 60, &retry_after));
  CHECK_FALSE(limits.Exhausted("k", 1, 60, &retry_after));
  limits.set_enabled(true);
  CHECK(limits.Allow("k", 1, 60, &retry_after));
  CHECK_FALSE(limits.Allow("k", 1, 60, &retry_after));
}

TEST_CASE("rate limiter: concurrent callers never exceed the limit") {
  RateLimiter limits(true);
  std::atomic<int> allowed{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < 8; ++t) {
    threads.emplace_back([&] {
      int retry_after = 0;
      for (int i = 0; i < 100; ++i) {
        if (limits.Allow("shared", 250, 3600, &retry_after)) ++allowed;
      }
    });
  }
  for (auto& t : threads) t.join();
  CHECK(allowed.load() == 250);
}
