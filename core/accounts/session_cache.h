#pragma once
// The callers whose access token was checked against the database (session live, account
// active, role, name...) since the last commit that touched an account or a session: a request
// with such a token costs no database read and no signature check. Keyed by the token's text,
// by the verifier that checked its signature (AccessTokens::id(): one deployment's key) and by
// storage::AuthGeneration() read before the database is: a logout, a role change, a
// deactivation or any other change of users or auth_sessions rows empties the cache before its
// commit is answered, so the next request of that caller is checked again. The same bytes
// verified by the same key carry the same signature, so a found token is not verified again;
// its expiry is checked on every Find.
// Memory: at most kMaxEntries callers (a token and an AuthUser, about 300 bytes each); when
// full it starts again empty. Thread safety: every member may be called from any thread at
// once (one mutex, held only for the lookup or the insertion).
#include <cstdint>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>

#include "core/accounts/auth_user.h"

namespace lanyard::accounts {

class SessionCache {
 public:
  static constexpr size_t kMaxEntries = 50000;

  // The caller `token` named when `verifier` (AccessTokens::id()) checked it under
  // `generation`; nullopt when not cached, checked by another verifier, expired at `now` (unix
  // seconds), or the generation moved on (then the cache empties).
  std::optional<AuthUser> Find(std::string_view token, uint64_t generation, uint64_t verifier,
                               int64_t now);
  // Remembers the caller of `token` (valid until `expires_at`, unix seconds) as checked by
  // `verifier` under `generation`; ignored when the cache has seen a newer generation since (a
  // commit landed during the check).
  void Store(std::string_view token, const AuthUser& user, uint64_t generation,
             uint64_t verifier, int64_t expires_at);

 private:
  struct Caller {
    AuthUser user;
    uint64_t verifier = 0;
    int64_t expires_at = 0;
  };
  void StartIfNewerLocked(uint64_t generation);

  std::mutex mutex_;
  uint64_t generation_ = 0;                           // GUARDED_BY(mutex_)
  std::unordered_map<std::string, Caller> callers_;   // GUARDED_BY(mutex_), by token
};

// The process's session cache, shared by every App: tokens are signed with each deployment's
// own key, so a token only ever passes the signature check of the deployment that issued it.
SessionCache& SharedSessionCache();

}  // namespace lanyard::accounts
