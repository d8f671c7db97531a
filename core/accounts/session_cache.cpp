#include "core/accounts/session_cache.h"

namespace lanyard::accounts {

std::optional<AuthUser> SessionCache::Find(std::string_view token, uint64_t generation,
                                           uint64_t verifier, int64_t now) {
  const std::string key(token);  // built before the lock: an allocation
  std::lock_guard<std::mutex> lock(mutex_);
  StartIfNewerLocked(generation);
  if (generation != generation_) return std::nullopt;
  auto it = callers_.find(key);
  if (it == callers_.end() || it->second.verifier != verifier || it->second.expires_at <= now) {
    return std::nullopt;
  }
  return it->second.user;
}

void SessionCache::Store(std::string_view token, const AuthUser& user, uint64_t generation,
                         uint64_t verifier, int64_t expires_at) {
  std::string key(token);
  std::lock_guard<std::mutex> lock(mutex_);
  StartIfNewerLocked(generation);
  if (generation != generation_) return;
  if (callers_.size() >= kMaxEntries) callers_.clear();
  callers_.insert_or_assign(std::move(key), Caller{user, verifier, expires_at});
}

void SessionCache::StartIfNewerLocked(uint64_t generation) {
  if (generation <= generation_) return;
  callers_.clear();
  generation_ = generation;
}

SessionCache& SharedSessionCache() {
  static SessionCache cache;
  return cache;
}

}  // namespace lanyard::accounts
