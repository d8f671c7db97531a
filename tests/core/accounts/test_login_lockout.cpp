// The login lockout counts atomically: reserved attempts count before their outcome is known.
#include <doctest/doctest.h>

#include <atomic>
#include <thread>
#include <vector>

#include "core/accounts/login_lockout.h"

using lanyard::accounts::LoginLockout;

TEST_CASE("login lockout: wrong passwords lock the account, other outcomes give the slot back") {
  LoginLockout lockout;
  int retry_after = 0;
  const int64_t t0 = 1'800'000'000;
  for (int i = 0; i < 5; ++i) {
    auto attempt = lockout.Begin("a@example.com", 5, t0 + i, &retry_after);
    REQUIRE(attempt.ok());
    lockout.Finish(*attempt, /*failed=*/i < 4);  // four wrong passwords, then a right one
  }
  // Four failures counted: one more attempt is admitted, and a wrong one locks.
  auto fifth = lockout.Begin("a@example.com", 5, t0 + 10, &retry_after);
  REQUIRE(fifth.ok());
  lockout.Finish(*fifth, true);
  auto refused = lockout.Begin("a@example.com", 5, t0 + 11, &retry_after);
  CHECK_FALSE(refused.ok());
  CHECK(refused.error().code == "rate_limited");
  CHECK(retry_after == LoginLockout::kWindowSeconds - 11);
  // Another account is not affected; the window's end unlocks.
  CHECK(lockout.Begin("b@example.com", 5, t0 + 11, &retry_after).ok());
  CHECK(lockout.Begin("a@example.com", 5, t0 + LoginLockout::kWindowSeconds, &retry_after).ok());
}

TEST_CASE("login lockout: parallel attempts never pass the limit before they are counted") {
  LoginLockout lockout;
  std::atomic<int> admitted{0};
  std::vector<std::thread> threads;
  for (int i = 0; i < 32; ++i) {
    threads.emplace_back([&] {
      int retry_after = 0;
      // All in flight at once: none has finished (failed) yet when the others begin.
      if (lockout.Begin("a@example.com", 5, 1'800'000'000, &retry_after).ok()) ++admitted;
    });
  }
  for (auto& t : threads) t.join();
  CHECK(admitted.load() == 5);
}

TEST_CASE("login lockout: switched off, it admits everything") {
  LoginLockout lockout;
  lockout.set_enabled(false);
  int retry_after = 0;
  for (int i = 0; i < 20; ++i) {
    auto attempt = lockout.Begin("a@example.com", 5, 1'800'000'000, &retry_after);
    REQUIRE(attempt.ok());
    lockout.Finish(*attempt, true);
  }
}
