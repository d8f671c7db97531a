#pragma once
// Access tokens: short-lived (15 min), HMAC-SHA256 signed with the deployment's token key, bound
// to a login session row so that ending the session kills them at once.
// Format: "v1.<session_id>.<user_id>.<expires_unix>.<base64url signature>".
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace lanyard {

struct AccessClaims {
  int64_t session_id = 0;
  int64_t user_id = 0;
  int64_t expires_at = 0;
};

class AccessTokens {
 public:
  static constexpr int64_t kLifetimeSeconds = 15 * 60;
  explicit AccessTokens(std::string key);
  std::string Issue(int64_t session_id, int64_t user_id, int64_t now) const;
  // Checks format, signature (constant time) and expiry; not the session (see accounts).
  std::optional<AccessClaims> Parse(std::string_view token, int64_t now) const;
  // Names this verifier (its key) in the process, never reused: a cache of tokens it verified
  // (core/accounts/session_cache.h) is never consulted for another deployment's tokens.
  uint64_t id() const { return id_; }

 private:
  const std::string key_;
  const uint64_t id_;
};

}  // namespace lanyard
