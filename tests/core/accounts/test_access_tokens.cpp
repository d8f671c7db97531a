// Access tokens (signed, short-lived, bound to a session) and refresh-token rotation with reuse
// detection (SPEC §3, §15).
#include <doctest/doctest.h>

#include <cctype>
#include <string>

#include "core/accounts/access_tokens.h"
#include "core/accounts/accounts.h"
#include "core/app.h"
#include "core/common/crypto.h"
#include "core/common/time_util.h"
#include "core/common/validation.h"
#include "storage/query.h"
#include "storage/users_repo.h"
#include "tests/support/temp_dir.h"

using lanyard::AccessClaims;
using lanyard::AccessTokens;
using lanyard::testing::TempDir;
namespace accounts = lanyard::accounts;
namespace storage = lanyard::storage;

namespace {

constexpr int64_t kNow = 1780000000;  // 2026-05-28

// Replaces the character at `pos` with a different one of the same alphabet.
std::string Flip(std::string s, size_t pos) {
  s[pos] = s[pos] == 'A' ? 'B' : (s[pos] == '1' ? '2' : (std::isdigit(s[pos]) ? '1' : 'A'));
  return s;
}

struct AccountsFixture {
  TempDir dir;
  lanyard::App app{lanyard::AppOptions{dir.path() + "/data", lanyard::crypto::KdfStrength::kFast,
                                       nlohmann::json::object()}};

  int64_t MakeUser(const std::string& email, const std::string& password, bool confirmed = true) {
    int64_t id = 0;
    app.db().Write([&](storage::Conn& c) {
      storage::UserRow row;
      row.email = email;
      row.password_hash = lanyard::crypto::HashPassword(password, lanyard::crypto::KdfStrength::kFast);
      row.name = "Token Tester";
      if (confirmed) row.email_confirmed_at = lanyard::NowRfc3339();
      row.created_at = lanyard::NowRfc3339();
      id = *storage::InsertUser(c, row, lanyard::NormalizeEmail(email));
      return true;
    });
    return id;
  }
  nlohmann::json Login(const std::string& email, const std::string& password) {
    auto r = accounts::Login(app, email, password);
    REQUIRE_MESSAGE(r.ok(), (r.ok() ? "" : r.error().code));
    return r.value();
  }
};

}  // namespace

TEST_CASE("access tokens: issue and parse round trip") {
  AccessTokens tokens(std::string(32, 'k'));
  const std::string t = tokens.Issue(41, 7, kNow);
  CHECK(t.rfind("v1.41.7.", 0) == 0);
  auto claims = tokens.Parse(t, kNow);
  REQUIRE(claims);
  CHECK(claims->session_id == 41);
  CHECK(claims->user_id == 7);
  CHECK(claims->expires_at == kNow + 15 * 60);
  CHECK(AccessTokens::kLifetimeSeconds == 900);
}

TEST_CASE("access tokens: expire after 15 minutes") {
  AccessTokens tokens(std::string(32, 'k'));
  const std::string t = tokens.Issue(1, 2, kNow);
  CHECK(tokens.Parse(t, kNow + 899));
  CHECK_FALSE(tokens.Parse(t, kNow + 900));
  CHECK_FALSE(tokens.Parse(t, kNow + 86400));
}

TEST_CASE("access tokens: any tampering is refused") {
  const std::string key(32, 'k');
  AccessTokens tokens(key);
  const std::string t = tokens.Issue(41, 7, kNow);
  // Every single-character change anywhere in the token.
  for (size_t i = 0; i < t.size(); ++i) {
    if (t[i] == '.') continue;
    INFO("position ", i, " of ", t);
    CHECK_FALSE(tokens.Parse(Flip(t, i), kNow));
  }
  // Claims rewritten: another user, another session, a later expiry; old signature kept.
  const std::string sig = t.substr(t.rfind('.'));
  CHECK_FALSE(tokens.Parse("v1.41.8." + std::to_string(kNow + 900) + sig, kNow));
  CHECK_FALSE(tokens.Parse("v1.42.7." + std::to_string(kNow + 900) + sig, kNow));
  CHECK_FALSE(tokens.Parse("v1.41.7." + std::to_string(kNow + 99999) + sig, kNow));
  // Re-signed with another key.
  AccessTokens other(std::string(32, 'x'));
  CHECK_FALSE(tokens.Parse(other.Issue(41, 7, kNow), kNow));
  // A correctly signed body of the wrong shape.
  auto sign = [&](const std::string& body) {
    return body + "." + lanyard::crypto::Base64UrlEncode(lanyard::crypto::HmacSha256(key, body));
  };
  CHECK(tokens.Parse(sign("v1.41.7." + std::to_string(kNow + 10)), kNow));  // the control
  CHECK_FALSE(tokens.Parse(sign("v2.41.7." + std::to_string(kNow + 10)), kNow));
  CHECK_FALSE(tokens.Parse(sign("v1.41.7"), kNow));
  CHECK_FALSE(tokens.Parse(sign("v1.41.7.8." + std::to_string(kNow + 10)), kNow));
  CHECK_FALSE(tokens.Parse(sign("v1.x.7." + std::to_string(kNow + 10)), kNow));
  CHECK_FALSE(tokens.Parse(sign("v1.41.7." + std::to_string(kNow + 10) + "z"), kNow));
  CHECK_FALSE(tokens.Parse(sign("v1.41.99999999999999999999." + std::to_string(kNow + 10)), kNow));
  // Junk.
  for (const char* junk : {"", ".", "v1", "v1....", "Bearer", "not a token at all"}) {
    CHECK_FALSE(tokens.Parse(junk, kNow));
  }
  CHECK_FALSE(tokens.Parse(t + std::string(300, 'A'), kNow));
  CHECK_FALSE(tokens.Parse(t.substr(0, t.size() - 1), kNow));
}

TEST_CASE("accounts: access tokens are bound to a live session") {
  AccountsFixture f;
  f.MakeUser("bound@example.org", "password one");
  auto pair = f.Login("bound@example.org", "password one");
  const std::string access = pair["access_token"];
  auto me = accounts::Authenticate(f.app, access);
  REQUIRE(me.ok());
  CHECK(me->email == "bound@example.org");
  auto verified = accounts::Verify(f.app, access);
  REQUIRE(verified.ok());
  CHECK(verified.value()["valid"] == true);
  CHECK(verified.value()["user_id"] == me->id);

  // An expired token of a live session is refused.
  const std::string old =
      f.app.access_tokens().Issue(me->session_id, me->id, lanyard::NowSeconds() - 901);
  CHECK_FALSE(accounts::Authenticate(f.app, old).ok());
  // A token naming a session that does not exist is refused.
  CHECK_FALSE(accounts::Authenticate(f.app, f.app.access_tokens().Issue(999999, me->id,
                                                                        lanyard::NowSeconds()))
                  .ok());

  accounts::Logout(f.app, *me, std::nullopt);
  auto after = accounts::Authenticate(f.app, access);
  REQUIRE_FALSE(after.ok());
  CHECK(after.error().code == "unauthorized");
  CHECK_FALSE(accounts::Verify(f.app, access).ok());
}

TEST_CASE("accounts: refresh tokens rotate, a rotated one presented again ends the session") {
  AccountsFixture f;
  f.MakeUser("rotate@example.org", "password one");
  auto first = f.Login("rotate@example.org", "password one");
  const std::string r1 = first["refresh_token"];
  CHECK(r1.size() >= 43);  // 256 bits

  auto second = accounts::Refresh(f.app, r1);
  REQUIRE(second.ok());
  const std::string r2 = second.value()["refresh_token"];
  const std::string a2 = second.value()["access_token"];
  CHECK(r2 != r1);
  CHECK(second.value()["token_type"] == "Bearer");
  CHECK(second.value()["expires_in"] == 900);
  CHECK(accounts::Authenticate(f.app, a2).ok());

  // The old one stops working...
  auto reused = accounts::Refresh(f.app, r1);
  REQUIRE_FALSE(reused.ok());
  CHECK(reused.error().code == "unauthorized");
  // ...and presenting it revoked the whole session: the newest refresh and access fail too.
  CHECK_FALSE(accounts::Refresh(f.app, r2).ok());
  CHECK_FALSE(accounts::Authenticate(f.app, a2).ok());
  CHECK_FALSE(accounts::Authenticate(f.app, first["access_token"].get<std::string>()).ok());

  // Only refresh tokens are stored, and only hashed.
  auto stored = storage::ScalarInt(f.app.db().Reader(),
                                   "SELECT COUNT(*) FROM refresh_tokens WHERE token_hash = ?", r1);
  CHECK(stored == 0);
  auto hashed = storage::ScalarInt(f.app.db().Reader(),
                                   "SELECT COUNT(*) FROM refresh_tokens WHERE token_hash = ?",
                                   lanyard::crypto::Sha256Hex(r1));
  CHECK(hashed == 1);
}

TEST_CASE("accounts: a rotation chain keeps working while each token is used once") {
  AccountsFixture f;
  f.MakeUser("chain@example.org", "password one");
  std::string refresh = f.Login("chain@example.org", "password one")["refresh_token"];
  for (int i = 0; i < 5; ++i) {
    auto next = accounts::Refresh(f.app, refresh);
    REQUIRE(next.ok());
    refresh = next.value()["refresh_token"];
    CHECK(accounts::Authenticate(f.app, next.value()["access_token"].get<std::string>()).ok());
  }
  // Another session of the same user is unaffected by reuse in this one.
  auto other = f.Login("chain@example.org", "password one");
  CHECK_FALSE(accounts::Refresh(f.app, "unknown-token").ok());
  CHECK(accounts::Refresh(f.app, other["refresh_token"].get<std::string>()).ok());
}

TEST_CASE("accounts: expired, unknown and malformed refresh tokens are refused") {
  AccountsFixture f;
  const int64_t id = f.MakeUser("expired@example.org", "password one");
  auto pair = f.Login("expired@example.org", "password one");
  const std::string refresh = pair["refresh_token"];
  f.app.db().Write([&](storage::Conn& c) {
    storage::Exec(c, "UPDATE refresh_tokens SET expires_at = ? WHERE token_hash = ?",
                  lanyard::FormatRfc3339(lanyard::NowSeconds() - 1),
                  lanyard::crypto::Sha256Hex(refresh));
    return true;
  });
  CHECK_FALSE(accounts::Refresh(f.app, refresh).ok());
  // Refused without being consumed: not mistaken for reuse, the session lives on.
  CHECK(accounts::Authenticate(f.app, pair["access_token"].get<std::string>()).ok());

  CHECK_FALSE(accounts::Refresh(f.app, "").ok());
  CHECK_FALSE(accounts::Refresh(f.app, std::string(500, 'a')).ok());
  CHECK_FALSE(accounts::Refresh(f.app, lanyard::crypto::RandomToken()).ok());

  // A deactivated user cannot refresh.
  auto fresh = f.Login("expired@example.org", "password one");
  f.app.db().Write([&](storage::Conn& c) {
    storage::SetUserRoleActive(c, id, "attendee", false);
    return true;
  });
  CHECK_FALSE(accounts::Refresh(f.app, fresh["refresh_token"].get<std::string>()).ok());
  CHECK_FALSE(accounts::Authenticate(f.app, fresh["access_token"].get<std::string>()).ok());
}

TEST_CASE("accounts: logout with a refresh token of the session ends that refresh token") {
  AccountsFixture f;
  f.MakeUser("logout@example.org", "password one");
  auto pair = f.Login("logout@example.org", "password one");
  auto me = accounts::Authenticate(f.app, pair["access_token"].get<std::string>());
  REQUIRE(me.ok());
  accounts::Logout(f.app, *me, pair["refresh_token"].get<std::string>());
  CHECK_FALSE(accounts::Refresh(f.app, pair["refresh_token"].get<std::string>()).ok());
}
