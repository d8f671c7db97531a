#include "core/accounts/login_lockout.h"

#include <algorithm>

namespace lanyard::accounts {

namespace {
constexpr size_t kPurgeAbove = 10000;  // windows kept before ended ones are dropped
}  // namespace

Result<LoginLockout::Attempt> LoginLockout::Begin(const std::string& key, int max_failures, int64_t now,
                                                  int* retry_after) {
  std::lock_guard<std::mutex> lock(mutex_);
  if (!enabled_) return Attempt{};
  if (windows_.size() > kPurgeAbove) Purge(now);
  Window& w = windows_[key];
  if (now - w.start >= kWindowSeconds) w = Window{now, 0};
  if (w.count >= max_failures) {
    *retry_after = std::max(1, static_cast<int>(w.start + kWindowSeconds - now));
    return Error::Make(codes::kRateLimited, "Too many failed sign-ins for this account; try later.");
  }
  ++w.count;
  return Attempt{key, w.start};
}

void LoginLockout::Finish(const Attempt& attempt, bool failed) {
  if (failed || attempt.key.empty()) return;
  std::lock_guard<std::mutex> lock(mutex_);
  auto it = windows_.find(attempt.key);
  // A window that restarted meanwhile no longer holds this reservation.
  if (it != windows_.end() && it->second.start == attempt.window_start && it->second.count > 0) {
    --it->second.count;
  }
}

void LoginLockout::set_enabled(bool on) {
  std::lock_guard<std::mutex> lock(mutex_);
  enabled_ = on;
}

void LoginLockout::Purge(int64_t now) {
  for (auto it = windows_.begin(); it != windows_.end();) {
    it = now - it->second.start >= kWindowSeconds ? windows_.erase(it) : std::next(it);
  }
}

}  // namespace lanyard::accounts
