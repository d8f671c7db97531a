#include "core/accounts/access_tokens.h"

#include <atomic>
#include <charconv>
#include <vector>

#include "core/common/crypto.h"

namespace lanyard {

namespace {
std::atomic<uint64_t> next_verifier_id{1};
}  // namespace

AccessTokens::AccessTokens(std::string key)
    : key_(std::move(key)), id_(next_verifier_id.fetch_add(1, std::memory_order_relaxed)) {}

std::string AccessTokens::Issue(int64_t session_id, int64_t user_id, int64_t now) const {
  const std::string body = "v1." + std::to_string(session_id) + "." + std::to_string(user_id) +
                           "." + std::to_string(now + kLifetimeSeconds);
  return body + "." + crypto::Base64UrlEncode(crypto::HmacSha256(key_, body));
}

std::optional<AccessClaims> AccessTokens::Parse(std::string_view token, int64_t now) const {
  if (token.size() > 200) return std::nullopt;
  const size_t last_dot = token.rfind('.');
  if (last_dot == std::string_view::npos) return std::nullopt;
  const std::string_view body = token.substr(0, last_dot);
  const std::string expected = crypto::Base64UrlEncode(crypto::HmacSha256(key_, body));
  if (!crypto::ConstantTimeEquals(expected, token.substr(last_dot + 1))) return std::nullopt;
  std::vector<std::string_view> parts;
  size_t start = 0;
  while (start <= body.size()) {
    size_t dot = body.find('.', start);
    if (dot == std::string_view::npos) dot = body.size();
    parts.push_back(body.substr(start, dot - start));
    start = dot + 1;
  }
  if (parts.size() != 4 || parts[0] != "v1") return std::nullopt;
  AccessClaims claims;
  int64_t* targets[] = {&claims.session_id, &claims.user_id, &claims.expires_at};
  for (int i = 0; i < 3; ++i) {
    const auto& p = parts[i + 1];
    auto [ptr, ec] = std::from_chars(p.data(), p.data() + p.size(), *targets[i]);
    if (ec != std::errc() || ptr != p.data() + p.size()) return std::nullopt;
  }
  if (claims.expires_at <= now) return std::nullopt;
  return claims;
}

}  // namespace lanyard
