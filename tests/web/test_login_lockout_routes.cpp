// POST /auth/login under the lockout policy (core/accounts/login_lockout.h) against the real
// server: wrong passwords from one client address lock only that (account, address) pair; many
// addresses slow the account, never lock it; a password reset by mail clears the counts; parallel
// wrong passwords are counted before any passes the limit. Client addresses come from
// X-Forwarded-For behind a trusted proxy (trusted_proxies = 127.0.0.1).
#include <doctest/doctest.h>

#include <atomic>
#include <chrono>
#include <string>
#include <thread>
#include <vector>

#include "tests/support/test_server.h"

using lanyard::testing::Reply;
using lanyard::testing::TestServer;
using lanyard::testing::TestUser;
using nlohmann::json;

namespace {

Reply LoginFrom(TestServer& s, const std::string& address, const std::string& email, const std::string& password) {
  return s.Call("POST", "/api/v1/auth/login", json{{"email", email}, {"password", password}}.dump(), "",
                {{"X-Forwarded-For", address}});
}

// A server with rate limits, behind a proxy on loopback, with `settings` changed by an admin.
void Configure(TestServer& s, const TestUser& admin, json settings) {
  settings["trusted_proxies"] = "127.0.0.1";
  REQUIRE(s.Patch("/api/v1/settings", settings, admin.token).status == 200);
}

void CheckLockout(const Reply& r, const std::string& kind, int max_wait) {
  INFO("reply: ", r.status, " ", r.body);
  REQUIRE(r.status == 429);
  CHECK(r.Json()["code"] == "rate_limited");
  CHECK(r.Json()["lockout"] == kind);
  const std::string header = r.Header("Retry-After");
  REQUIRE_FALSE(header.empty());
  CHECK(std::stoi(header) >= 1);
  CHECK(std::stoi(header) <= max_wait);
  CHECK(r.Json()["retry_after"] == header);
}

}  // namespace

TEST_CASE("login lockout: wrong passwords from one address lock that address only") {
  TestServer s(/*rate_limits=*/true);
  s.PinTo(0);  // rate limits and the lockout are per instance (README)
  TestUser admin = s.MakeUser("admin");
  TestUser victim = s.MakeUser("attendee");
  Configure(s, admin, json::object());
  for (int i = 1; i <= 5; ++i) {
    INFO("wrong try ", i);
    CHECK(LoginFrom(s, "203.0.113.9", victim.email, "wrong password!").status == 401);
  }
  // That pair waits out the 15 minutes, even with the right password...
  CheckLockout(LoginFrom(s, "203.0.113.9", victim.email, victim.password), "address", 15 * 60);
  // ...while the owner signs in from anywhere else, and others from the stranger's address.
  CHECK(LoginFrom(s, "198.51.100.20", victim.email, victim.password).status == 200);
  CHECK(LoginFrom(s, "203.0.113.9", admin.email, admin.password).status == 200);
}

TEST_CASE("login lockout: many addresses slow the account, and the owner still gets in") {
  TestServer s(/*rate_limits=*/true);
  s.PinTo(0);  // rate limits and the lockout are per instance (README)
  TestUser admin = s.MakeUser("admin");
  TestUser victim = s.MakeUser("attendee");
  Configure(s, admin, {{"rate_login_account_failures_per_15min", 3}, {"rate_login_slow_max_seconds", 2}});
  // The owner's usual address.
  REQUIRE(LoginFrom(s, "192.0.2.1", victim.email, victim.password).status == 200);
  // Strangers, one wrong password each from four addresses: the fourth passes the account's 3.
  for (int i = 1; i <= 4; ++i) {
    CHECK(LoginFrom(s, "203.0.113." + std::to_string(i), victim.email, "guess " + std::to_string(i)).status == 401);
  }
  // Now each try waits 1, 2, 2 ... s after the previous one: strangers trying at once are told
  // to wait (not locked for long; a try may land just after a wait ended, hence the loop).
  Reply slowed;
  for (int i = 5; i <= 12 && slowed.status != 429; ++i) {
    slowed = LoginFrom(s, "203.0.113." + std::to_string(i), victim.email, "guess " + std::to_string(i));
  }
  CheckLockout(slowed, "account", 2);
  // The owner's known address is not slowed.
  CHECK(LoginFrom(s, "192.0.2.1", victim.email, victim.password).status == 200);
  // From a new address the owner gets in after the short wait.
  std::this_thread::sleep_for(std::chrono::milliseconds(2100));
  CHECK(LoginFrom(s, "198.51.100.30", victim.email, victim.password).status == 200);
}

TEST_CASE("login lockout: a locked-out user resets the password by mail and signs in at once") {
  TestServer s(/*rate_limits=*/true);
  s.PinTo(0);  // rate limits and the lockout are per instance (README)
  TestUser admin = s.MakeUser("admin");
  TestUser victim = s.MakeUser("attendee");
  Configure(s, admin, json::object());
  for (int i = 1; i <= 5; ++i) LoginFrom(s, "203.0.113.9", victim.email, "wrong password!");
  CheckLockout(LoginFrom(s, "203.0.113.9", victim.email, victim.password), "address", 15 * 60);
  // Password reset is not affected by the lockout...
  REQUIRE(s.Call("POST", "/api/v1/auth/password/forgot", json{{"email", victim.email}}.dump(), "",
                 {{"X-Forwarded-For", "203.0.113.9"}})
              .status == 202);
  const auto mails = s.Mails("password_reset", victim.email);
  REQUIRE(mails.size() == 1);
  const json reset = {{"email", victim.email}, {"code", mails[0]["code"]}, {"password", "a brand new password"}};
  REQUIRE(s.Call("POST", "/api/v1/auth/password/reset", reset.dump(), "", {{"X-Forwarded-For", "203.0.113.9"}})
              .status == 200);
  // ...and clears the counts: the same address signs in with the new password.
  CHECK(LoginFrom(s, "203.0.113.9", victim.email, "a brand new password").status == 200);
}

TEST_CASE("login lockout: parallel wrong passwords from one address are counted before any passes") {
  TestServer s(/*rate_limits=*/true);
  s.PinTo(0);  // rate limits and the lockout are per instance (README)
  TestUser admin = s.MakeUser("admin");
  TestUser victim = s.MakeUser("attendee");
  Configure(s, admin, {{"rate_login_per_minute", 1000}});
  const int limit = s.app().settings().Snapshot()->at("rate_login_failures_per_15min").get<int>();
  std::atomic<int> wrong{0}, refused{0}, other{0};
  std::vector<std::thread> threads;
  for (int i = 0; i < 24; ++i) {
    threads.emplace_back([&, i] {
      const int status = LoginFrom(s, "203.0.113.50", victim.email, "parallel guess " + std::to_string(i)).status;
      (status == 401 ? wrong : status == 429 ? refused : other)++;
    });
  }
  for (auto& t : threads) t.join();
  CHECK(wrong.load() == limit);
  CHECK(refused.load() == 24 - limit);
  CHECK(other.load() == 0);
}

TEST_CASE("login lockout: the per-address limit answers as a lockout too (lockout rate)") {
  TestServer s(/*rate_limits=*/true);
  s.PinTo(0);  // rate limits and the lockout are per instance (README)
  TestUser admin = s.MakeUser("admin");
  TestUser user = s.MakeUser("attendee");
  Configure(s, admin, {{"rate_login_per_minute", 3}});
  for (int i = 1; i <= 3; ++i) {
    INFO("try ", i);
    CHECK(LoginFrom(s, "203.0.113.77", user.email, "wrong password!").status == 401);
  }
  // The fourth try within the minute meets the address limit before the password is looked at:
  // the reply says so, with the wait, as the lockouts do.
  CheckLockout(LoginFrom(s, "203.0.113.77", user.email, user.password), "rate", 60);
  CHECK(LoginFrom(s, "198.51.100.21", user.email, user.password).status == 200);
}

TEST_CASE("login lockout: its settings are validated") {
  TestServer s;
  TestUser admin = s.MakeUser("admin");
  for (const char* key : {"rate_login_account_failures_per_15min", "rate_login_slow_max_seconds"}) {
    INFO(key);
    Reply bad = s.Patch("/api/v1/settings", {{key, 0}}, admin.token);
    CHECK(bad.status == 400);
    CHECK(bad.Json()["fields"].contains(key));
    CHECK(s.Patch("/api/v1/settings", {{key, 7}}, admin.token).Json()[key] == 7);
  }
}
