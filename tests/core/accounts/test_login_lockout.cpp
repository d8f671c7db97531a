// The sign-in lockout: per (account, address) locks, per account slows, counted atomically,
// cleared by a sign-in on its pair or a password reset, bounded in memory.
#include <doctest/doctest.h>

#include <atomic>
#include <string>
#include <thread>
#include <vector>

#include "core/accounts/login_lockout.h"

using lanyard::accounts::LoginLimits;
using lanyard::accounts::LoginLockout;
using lanyard::accounts::LoginOutcome;

namespace {

constexpr int64_t kT0 = 1'800'000'000;

// One finished attempt: true when admitted.
bool Try(LoginLockout& lockout, const std::string& address, int64_t now, LoginOutcome outcome,
         const LoginLimits& limits = {}, int* retry_after = nullptr) {
  int wait = 0;
  auto attempt = lockout.Begin("a@example.com", address, limits, now, retry_after ? retry_after : &wait);
  if (!attempt) return false;
  lockout.Finish(*attempt, outcome, now);
  return true;
}

}  // namespace

TEST_CASE("login lockout: wrong passwords lock the pair only, other outcomes give the slot back") {
  LoginLockout lockout;
  for (int i = 0; i < 5; ++i) {
    // Four wrong passwords and one other outcome (email_not_confirmed, say).
    REQUIRE(Try(lockout, "198.51.100.1", kT0 + i, i < 4 ? LoginOutcome::kWrongPassword : LoginOutcome::kOther));
  }
  REQUIRE(Try(lockout, "198.51.100.1", kT0 + 10, LoginOutcome::kWrongPassword));  // the fifth wrong one
  int retry_after = 0;
  auto refused = lockout.Begin("a@example.com", "198.51.100.1", {}, kT0 + 11, &retry_after);
  REQUIRE_FALSE(refused.ok());
  CHECK(refused.error().code == "rate_limited");
  CHECK(refused.error().extra.at("lockout") == "address");
  CHECK(retry_after == LoginLockout::kWindowSeconds - 11);
  CHECK(refused.error().extra.at("retry_after") == std::to_string(retry_after));
  // The same account from another address, and another account from this one, are let in.
  CHECK(Try(lockout, "198.51.100.2", kT0 + 11, LoginOutcome::kSignedIn));
  CHECK(lockout.Begin("b@example.com", "198.51.100.1", {}, kT0 + 11, &retry_after).ok());
  // The window's end unlocks the pair.
  CHECK(Try(lockout, "198.51.100.1", kT0 + LoginLockout::kWindowSeconds, LoginOutcome::kSignedIn));
}

TEST_CASE("login lockout: many addresses slow the account with growing waits, never lock it") {
  LoginLockout lockout;
  const LoginLimits limits{5, 4, 8};
  // A known address: the owner signed in from it before.
  REQUIRE(Try(lockout, "192.0.2.1", kT0, LoginOutcome::kSignedIn, limits));
  int address = 10;
  auto stranger = [&](int64_t now, int* retry_after) {
    return Try(lockout, "203.0.113." + std::to_string(address++), now, LoginOutcome::kWrongPassword, limits,
               retry_after);
  };
  int retry_after = 0;
  for (int i = 0; i < 4; ++i) REQUIRE(stranger(kT0 + 1, &retry_after));  // the account's 4 failures
  REQUIRE(stranger(kT0 + 1, &retry_after));                              // 5th: admitted, waits 1 s after
  CHECK_FALSE(stranger(kT0 + 1, &retry_after));
  CHECK(retry_after == 1);
  REQUIRE(stranger(kT0 + 2, &retry_after));  // 6th: waits 2 s after
  CHECK_FALSE(stranger(kT0 + 3, &retry_after));
  CHECK(retry_after == 1);
  REQUIRE(stranger(kT0 + 4, &retry_after));  // 7th: 4 s
  REQUIRE(stranger(kT0 + 8, &retry_after));  // 8th: 8 s (the most)
  REQUIRE(stranger(kT0 + 16, &retry_after)); // 9th: still 8 s, not more
  CHECK_FALSE(stranger(kT0 + 23, &retry_after));
  CHECK(retry_after == 1);
  // The owner's known address does not wait; a new address of the owner waits its turn only.
  CHECK(Try(lockout, "192.0.2.1", kT0 + 23, LoginOutcome::kSignedIn, limits));
  CHECK(Try(lockout, "198.51.100.77", kT0 + 24, LoginOutcome::kSignedIn, limits));
  // A password reset clears the account's failures: nobody waits.
  lockout.Forget("a@example.com");
  CHECK(stranger(kT0 + 24, &retry_after));
  CHECK(stranger(kT0 + 24, &retry_after));
}

TEST_CASE("login lockout: a sign-in clears its pair, a reset clears every pair") {
  LoginLockout lockout;
  for (int i = 0; i < 4; ++i) REQUIRE(Try(lockout, "198.51.100.1", kT0, LoginOutcome::kWrongPassword));
  REQUIRE(Try(lockout, "198.51.100.1", kT0, LoginOutcome::kSignedIn));
  for (int i = 0; i < 5; ++i) REQUIRE(Try(lockout, "198.51.100.1", kT0, LoginOutcome::kWrongPassword));
  CHECK_FALSE(Try(lockout, "198.51.100.1", kT0, LoginOutcome::kSignedIn));
  lockout.Forget("a@example.com");
  CHECK(lockout.tracked_pairs() == 0);
  CHECK(Try(lockout, "198.51.100.1", kT0, LoginOutcome::kSignedIn));
}

TEST_CASE("login lockout: parallel attempts never pass the limit before they are counted") {
  LoginLockout lockout;
  std::atomic<int> admitted{0};
  std::vector<std::thread> threads;
  for (int i = 0; i < 32; ++i) {
    threads.emplace_back([&] {
      int retry_after = 0;
      // All in flight at once: none has finished (failed) yet when the others begin.
      if (lockout.Begin("a@example.com", "198.51.100.1", {}, kT0, &retry_after).ok()) ++admitted;
    });
  }
  for (auto& t : threads) t.join();
  CHECK(admitted.load() == 5);
}

TEST_CASE("login lockout: memory stays bounded, and ended windows are pruned") {
  LoginLockout lockout;
  int retry_after = 0;
  for (size_t i = 0; i < LoginLockout::kMaxAccounts + 100; ++i) {
    auto a = lockout.Begin("user" + std::to_string(i) + "@example.com", "198.51.100.1", {}, kT0, &retry_after);
    REQUIRE(a.ok());  // past the bound: admitted, not tracked
    lockout.Finish(*a, LoginOutcome::kWrongPassword, kT0);
  }
  CHECK(lockout.tracked_accounts() == LoginLockout::kMaxAccounts);
  for (size_t i = 0; i < LoginLockout::kMaxPairs - LoginLockout::kMaxAccounts + 100; ++i) {
    auto a = lockout.Begin("user0@example.com", "10.0." + std::to_string(i / 256) + "." + std::to_string(i % 256),
                           {5, 1000000, 60}, kT0, &retry_after);
    REQUIRE(a.ok());
    lockout.Finish(*a, LoginOutcome::kWrongPassword, kT0);
  }
  CHECK(lockout.tracked_pairs() == LoginLockout::kMaxPairs);
  // Once the windows ended, a new account makes room by pruning them.
  REQUIRE(lockout.Begin("late@example.com", "198.51.100.1", {}, kT0 + LoginLockout::kWindowSeconds, &retry_after).ok());
  CHECK(lockout.tracked_accounts() == 1);
  CHECK(lockout.tracked_pairs() == 1);
}

TEST_CASE("login lockout: switched off, it admits everything") {
  LoginLockout lockout;
  lockout.set_enabled(false);
  for (int i = 0; i < 20; ++i) CHECK(Try(lockout, "198.51.100.1", kT0, LoginOutcome::kWrongPassword));
}
