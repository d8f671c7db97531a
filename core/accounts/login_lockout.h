#pragma once
// The sign-in lockout policy (SPEC §15, issue 11 item 12): strangers who know an address cannot
// keep its owner out.
//
// - Per (account, client address): `failures_per_address` wrong passwords within a 15-minute
//   window lock only that pair until the window ends (refusal `lockout` "address").
// - Per account, from all addresses together: past `failures_per_account` failures in the
//   window the account is slowed, never locked: each further try must wait a growing delay
//   (1, 2, 4 ... s, at most `max_delay_seconds`) after the previous one (refusal `lockout`
//   "account"). Addresses the account signed in from within the last 30 days are not slowed.
// - A signed-in attempt clears its pair and remembers the address; a password reset by mail
//   (Forget) clears the account's counters.
//
// Counted atomically: Begin() reserves a failure on the pair and on the account before the
// password is checked, so parallel wrong guesses can never pass a limit before they are
// counted; Finish() keeps the reservation for a wrong password and gives it back otherwise.
// Account keys are opaque strings (the normalized e-mail address), addresses as
// Ctx::ClientIp() gives them. Kept in memory, bounded: at most kMaxAccounts accounts and
// kMaxPairs pairs (ended windows are pruned first; past the bound an attempt is not tracked,
// the per-address request limit still holds). A restart forgets the counts.
//
// Thread-safe: one mutex guards the state.
#include <cstddef>
#include <cstdint>
#include <mutex>
#include <string>
#include <unordered_map>

#include "core/common/result.h"

namespace lanyard::accounts {

// The settings of the policy (rate_login_failures_per_15min, rate_login_account_failures_per_15min,
// rate_login_slow_max_seconds).
struct LoginLimits {
  int failures_per_address = 5;
  int failures_per_account = 20;
  int max_delay_seconds = 60;
};

// How an attempt ended, for Finish.
enum class LoginOutcome { kWrongPassword, kSignedIn, kOther };

class LoginLockout {
 public:
  static constexpr int64_t kWindowSeconds = 15 * 60;
  static constexpr int64_t kKnownAddressSeconds = 30 * 24 * 3600;
  static constexpr size_t kMaxAccounts = 50000;
  static constexpr size_t kMaxPairs = 100000;
  static constexpr size_t kMaxKnownPerAccount = 16;

  // A reserved attempt; pass it to Finish exactly once. An empty account = not tracked.
  struct Attempt {
    std::string account, address;
    int64_t account_window = 0;
    int64_t pair_window = -1;  // -1: the pair is not tracked
  };

  // Reserves one failure for (`account`, `address`) at `now` (Unix seconds), or refuses with
  // rate_limited, extra {lockout: "address"|"account", retry_after: seconds as text}, and the
  // seconds to wait in *retry_after.
  Result<Attempt> Begin(const std::string& account, const std::string& address, const LoginLimits& limits,
                        int64_t now, int* retry_after);
  // Ends an attempt at `now`: a wrong password stays counted, anything else is given back; a
  // sign-in also clears the pair and remembers the address as the account's.
  void Finish(const Attempt& attempt, LoginOutcome outcome, int64_t now);
  // Clears the account's failures and pairs (its password was reset by mail).
  void Forget(const std::string& account);

  // Tests and servers started without rate limits switch the policy off (Begin always admits).
  void set_enabled(bool on);
  // Accounts and pairs held now (tests of the bound).
  size_t tracked_accounts() const;
  size_t tracked_pairs() const;

 private:
  struct Window {
    int64_t start = 0;
    int count = 0;  // failures counted plus attempts reserved, in this window
  };
  struct Account {
    Window window;        // all addresses
    int64_t next_at = 0;  // slowed: the earliest next try from an address not known
    std::unordered_map<std::string, Window> pairs;    // by client address
    std::unordered_map<std::string, int64_t> known;   // address → last sign-in (Unix seconds)
  };
  void Prune(int64_t now);
  void Remember(Account& a, const std::string& address, int64_t now);

  mutable std::mutex mutex_;
  bool enabled_ = true;                               // GUARDED_BY(mutex_)
  std::unordered_map<std::string, Account> accounts_;  // GUARDED_BY(mutex_)
  size_t pairs_ = 0;                                  // GUARDED_BY(mutex_): sum of pairs.size()
};

}  // namespace lanyard::accounts
