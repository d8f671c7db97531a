#include "core/accounts/session_cache.h"

namespace lanyard::accounts {

std::optional<AuthUser> SessionCache::Find(std::string_view token, uint64_t generation) {
  std::lock_guard<std::mutex> lock(mutex_);
  StartIfNewerLocked(generation);
  if (generation != generation_) return std::nullopt;
  auto it = callers_.find(std::string(token));
  if (it == callers_.end()) return std::nullopt;
  return it->second;
}

void SessionCache::Store(std::string_view token, const AuthUser& user, uint64_t generation) {
  std::lock_guard<std::mutex> lock(mutex_);
  StartIfNewerLocked(generation);
  if (generation != generation_) return;
  if (callers_.size() >= kMaxEntries) callers_.clear();
  callers_.insert_or_assign(std::string(token), user);
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
