#include "core/accounts/login_lockout.h"

#include <algorithm>
#include <iterator>

namespace lanyard::accounts {

namespace {

// The wait before the next try once `over` failures passed the account's limit: 1, 2, 4 ... s.
int64_t SlowDelay(int over, int max_delay_seconds) {
  const int64_t grown = int64_t{1} << std::clamp(over - 1, 0, 30);
  return std::min<int64_t>(grown, std::max(1, max_delay_seconds));
}

Error LockoutError(const char* lockout, const char* sentence, int wait, int* retry_after) {
  *retry_after = std::max(1, wait);
  Error e = Error::Make(codes::kRateLimited, sentence);
  e.extra["lockout"] = lockout;
  e.extra["retry_after"] = std::to_string(*retry_after);
  return e;
}

}  // namespace

Result<LoginLockout::Attempt> LoginLockout::Begin(const std::string& account, const std::string& address,
                                                  const LoginLimits& limits, int64_t now, int* retry_after) {
  std::lock_guard<std::mutex> lock(mutex_);
  if (!enabled_) return Attempt{};
  auto it = accounts_.find(account);
  if (it == accounts_.end()) {
    if (accounts_.size() >= kMaxAccounts) Prune(now);
    if (accounts_.size() >= kMaxAccounts) return Attempt{};
    it = accounts_.emplace(account, Account{}).first;
  }
  Account& a = it->second;
  if (now - a.window.start >= kWindowSeconds) {
    a.window = Window{now, 0};
    a.next_at = 0;
  }
  auto pair = a.pairs.find(address);
  if (pair != a.pairs.end() && now - pair->second.start >= kWindowSeconds) pair->second = Window{now, 0};
  if (pair != a.pairs.end() && pair->second.count >= limits.failures_per_address) {
    return LockoutError("address",
                   "Too many wrong passwords for this account from this address; try later or reset "
                   "the password.",
                   static_cast<int>(pair->second.start + kWindowSeconds - now), retry_after);
  }
  auto known = a.known.find(address);
  const bool known_address = known != a.known.end() && now - known->second < kKnownAddressSeconds;
  if (!known_address && a.window.count >= limits.failures_per_account && now < a.next_at) {
    return LockoutError("account",
                   "Many wrong passwords were tried for this account; wait a moment before the next try.",
                   static_cast<int>(a.next_at - now), retry_after);
  }
  if (pair == a.pairs.end()) {
    if (pairs_ >= kMaxPairs) Prune(now);
    if (pairs_ < kMaxPairs) {
      pair = a.pairs.emplace(address, Window{now, 0}).first;
      ++pairs_;
    }
  }
  Attempt attempt{account, address, a.window.start, -1};
  if (pair != a.pairs.end()) {
    ++pair->second.count;
    attempt.pair_window = pair->second.start;
  }
  ++a.window.count;
  // Tries from the owner's known addresses count, but do not make strangers wait longer.
  if (!known_address && a.window.count > limits.failures_per_account) {
    a.next_at = now + SlowDelay(a.window.count - limits.failures_per_account, limits.max_delay_seconds);
  }
  return attempt;
}

void LoginLockout::Finish(const Attempt& attempt, LoginOutcome outcome, int64_t now) {
  if (attempt.account.empty() || outcome == LoginOutcome::kWrongPassword) return;
  std::lock_guard<std::mutex> lock(mutex_);
  auto it = accounts_.find(attempt.account);
  if (it == accounts_.end()) return;  // forgotten or pruned meanwhile
  Account& a = it->second;
  // A window that restarted meanwhile no longer holds this reservation.
  if (a.window.start == attempt.account_window && a.window.count > 0) --a.window.count;
  auto pair = a.pairs.find(attempt.address);
  if (outcome == LoginOutcome::kSignedIn) {
    if (pair != a.pairs.end()) {
      a.pairs.erase(pair);
      --pairs_;
    }
    Remember(a, attempt.address, now);
  } else if (pair != a.pairs.end() && pair->second.start == attempt.pair_window && pair->second.count > 0) {
    --pair->second.count;
  }
}

void LoginLockout::Forget(const std::string& account) {
  std::lock_guard<std::mutex> lock(mutex_);
  auto it = accounts_.find(account);
  if (it == accounts_.end()) return;
  pairs_ -= it->second.pairs.size();
  it->second.pairs.clear();
  it->second.window = Window{};
  it->second.next_at = 0;
}

void LoginLockout::set_enabled(bool on) {
  std::lock_guard<std::mutex> lock(mutex_);
  enabled_ = on;
}

size_t LoginLockout::tracked_accounts() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return accounts_.size();
}

size_t LoginLockout::tracked_pairs() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return pairs_;
}

void LoginLockout::Remember(Account& a, const std::string& address, int64_t now) {
  a.known[address] = now;
  if (a.known.size() <= kMaxKnownPerAccount) return;
  auto oldest = std::min_element(a.known.begin(), a.known.end(),
                                 [](const auto& x, const auto& y) { return x.second < y.second; });
  a.known.erase(oldest);
}

// Drops ended windows, old known addresses, and accounts left with nothing.
void LoginLockout::Prune(int64_t now) {
  for (auto it = accounts_.begin(); it != accounts_.end();) {
    Account& a = it->second;
    for (auto p = a.pairs.begin(); p != a.pairs.end();) {
      if (now - p->second.start >= kWindowSeconds) {
        p = a.pairs.erase(p);
        --pairs_;
      } else {
        ++p;
      }
    }
    for (auto k = a.known.begin(); k != a.known.end();) {
      k = now - k->second >= kKnownAddressSeconds ? a.known.erase(k) : std::next(k);
    }
    const bool ended = now - a.window.start >= kWindowSeconds;
    it = ended && a.pairs.empty() && a.known.empty() ? accounts_.erase(it) : std::next(it);
  }
}

}  // namespace lanyard::accounts
