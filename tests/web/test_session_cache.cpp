// The session check's cache (core/accounts/session_cache.h): a caller checked once is served
// without a database read until an account or session changes; a role change, a deactivation
// and a logout apply to the very next request of a cached caller.
#include <doctest/doctest.h>

#include <string>

#include "core/accounts/session_cache.h"
#include "core/common/time_util.h"
#include "tests/support/test_server.h"

using namespace lanyard;
using namespace lanyard::testing;
using nlohmann::json;

namespace {

json EventBody() {
  const int64_t start = NowSeconds() + 30 * 86400;
  return {{"title", "Cache Test"}, {"description", "x"}, {"category", "tech"}, {"venue", "Aula"},
          {"city", "Bandung"}, {"address", "Jl. 1"}, {"starts_at", FormatRfc3339(start)},
          {"ends_at", FormatRfc3339(start + 3600)}};
}

void SetRole(TestServer& s, const TestUser& admin, const TestUser& user, const std::string& role) {
  Reply r = s.Patch("/api/v1/users/" + std::to_string(user.id), {{"role", role}}, admin.token);
  REQUIRE_MESSAGE(r.status == 200, r.body);
}

}  // namespace

TEST_CASE("session cache: a newer generation empties it, a caller is found by its token") {
  accounts::SessionCache cache;
  AuthUser u;
  u.id = 7;
  u.session_id = 70;
  u.role = Role::kStaff;
  const uint64_t verifier = 5;
  const int64_t now = 1000;
  const int64_t expires = now + 60;
  cache.Store("token-a", u, 3, verifier, expires);
  auto found = cache.Find("token-a", 3, verifier, now);
  REQUIRE(found.has_value());
  CHECK(found->id == 7);
  CHECK(found->role == Role::kStaff);
  CHECK_FALSE(cache.Find("token-b", 3, verifier, now).has_value());
  CHECK_FALSE(cache.Find("token-a", 4, verifier, now).has_value());  // an account or session changed
  cache.Store("token-a", u, 3, verifier, expires);  // checked before that change: not kept
  CHECK_FALSE(cache.Find("token-a", 4, verifier, now).has_value());
  cache.Store("token-a", u, 4, verifier, expires);
  CHECK(cache.Find("token-a", 4, verifier, now).has_value());
}

TEST_CASE("session cache: another deployment's key or an expired token is not found") {
  accounts::SessionCache cache;
  AuthUser u;
  u.id = 8;
  cache.Store("token-a", u, 1, 11, 2000);
  CHECK(cache.Find("token-a", 1, 11, 1999).has_value());
  CHECK_FALSE(cache.Find("token-a", 1, 12, 1999).has_value());  // verified by another key
  CHECK_FALSE(cache.Find("token-a", 1, 11, 2000).has_value());  // expired at 2000
  CHECK_FALSE(cache.Find("token-a", 1, 11, 2001).has_value());
}

TEST_CASE("session cache over HTTP: a token of another deployment is refused though cached") {
  TestServer first;
  TestServer second;
  TestUser user = first.MakeUser("attendee");
  REQUIRE(first.Get("/api/v1/me", user.token).status == 200);  // now cached
  CHECK(second.Get("/api/v1/me", user.token).status == 401);
  CHECK(first.Get("/api/v1/me", user.token).status == 200);
}

TEST_CASE("session cache over HTTP: role changes, deactivation and logout apply at once") {
  TestServer s;
  TestUser admin = s.MakeUser("admin");
  TestUser user = s.MakeUser("attendee");
  // Checked (and cached) a few times as an attendee.
  for (int i = 0; i < 3; ++i) REQUIRE(s.Get("/api/v1/me", user.token).status == 200);
  CHECK(s.Post("/api/v1/events", EventBody(), user.token).status == 403);

  SetRole(s, admin, user, "organizer");
  CHECK(s.Get("/api/v1/me", user.token).Json()["role"] == "organizer");
  CHECK(s.Post("/api/v1/events", EventBody(), user.token).status == 201);

  SetRole(s, admin, user, "attendee");
  CHECK(s.Post("/api/v1/events", EventBody(), user.token).status == 403);

  // Deactivated: the cached caller is refused on the next request.
  REQUIRE(s.Get("/api/v1/me", user.token).status == 200);
  Reply off = s.Patch("/api/v1/users/" + std::to_string(user.id), {{"active", false}}, admin.token);
  REQUIRE_MESSAGE(off.status == 200, off.body);
  CHECK(s.Get("/api/v1/me", user.token).status == 401);

  // Logout of a cached session.
  TestUser other = s.MakeUser("attendee");
  REQUIRE(s.Get("/api/v1/me", other.token).status == 200);
  REQUIRE(s.Post("/api/v1/auth/logout", json::object(), other.token).status == 204);
  CHECK(s.Get("/api/v1/me", other.token).status == 401);
  CHECK(s.Get("/api/v1/me", admin.token).status == 200);
}
