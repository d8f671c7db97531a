// Rate limits (SPEC §15) the server applies with rate limiting on (login 10/min/IP, 5 failures
// per 15 min per account, password mails 5/h, everything 600/min/IP), each answering 429 with
// Retry-After and the error body. The counter itself: test_rate_limiter.cpp.
#include <doctest/doctest.h>

#include <thread>

#include "tests/support/test_server.h"

using lanyard::testing::Reply;
using lanyard::testing::TestServer;
using lanyard::testing::TestUser;

namespace {

void CheckRateLimited(const Reply& r, int max_retry_after) {
  INFO("reply: ", r.status, " ", r.body);
  CHECK(r.status == 429);
  auto body = r.Json();
  CHECK(body["status"] == 429);
  CHECK(body["code"] == "rate_limited");
  CHECK(body["message"].is_string());
  const std::string retry = r.Header("Retry-After");
  REQUIRE_FALSE(retry.empty());
  const int seconds = std::stoi(retry);
  CHECK(seconds >= 1);
  CHECK(seconds <= max_retry_after);
}

}  // namespace

TEST_CASE("rate limits on: login is limited to 10 per minute per IP") {
  TestServer server(true);
  server.PinTo(0);  // rate limits and the lockout are per instance (README)
  TestUser u = server.MakeUser("attendee");  // its sign-in is the first of the ten
  for (int i = 2; i <= 10; ++i) {
    INFO("login ", i);
    Reply r = server.Post("/api/v1/auth/login", {{"email", u.email}, {"password", u.password}});
    CHECK(r.status == 200);
  }
  Reply limited = server.Post("/api/v1/auth/login", {{"email", u.email}, {"password", u.password}});
  CheckRateLimited(limited, 60);
  // Other routes are not affected by the login limit.
  CHECK(server.Get("/api/v1/me", u.token).status == 200);
}

TEST_CASE("rate limits on: 5 failed sign-ins lock the account from that address for a while, not others") {
  TestServer server(true);
  server.PinTo(0);  // rate limits and the lockout are per instance (README)
  TestUser victim = server.MakeUser("attendee");
  TestUser bystander = server.MakeUser("attendee");
  for (int i = 1; i <= 5; ++i) {
    INFO("wrong try ", i);
    Reply r = server.Post("/api/v1/auth/login", {{"email", victim.email}, {"password", "wrong password!"}});
    CHECK(r.status == 401);
    CHECK(r.Json()["code"] == "invalid_credentials");
  }
  // The sixth try is refused even with the right password, and the e-mail's case or spaces do
  // not get around it.
  CheckRateLimited(
      server.Post("/api/v1/auth/login", {{"email", victim.email}, {"password", victim.password}}),
      15 * 60);
  std::string shouted = victim.email;
  for (char& c : shouted) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  CheckRateLimited(server.Post("/api/v1/auth/login",
                               {{"email", "  " + shouted + " "}, {"password", victim.password}}),
                   15 * 60);
  // Another account from the same address still signs in (the tenth sign-in this minute).
  Reply other = server.Post("/api/v1/auth/login", {{"email", bystander.email}, {"password", bystander.password}});
  CHECK(other.status == 200);
  // The locked account's existing session keeps working.
  CHECK(server.Get("/api/v1/me", victim.token).status == 200);
}

TEST_CASE("rate limits on: password mails are limited to 5 per hour per address") {
  TestServer server(true);
  server.PinTo(0);  // rate limits and the lockout are per instance (README)
  TestUser u = server.MakeUser("attendee");
  for (int i = 1; i <= 5; ++i) {
    INFO("forgot ", i);
    CHECK(server.Post("/api/v1/auth/password/forgot", {{"email", u.email}}).status == 202);
  }
  CheckRateLimited(server.Post("/api/v1/auth/password/forgot", {{"email", u.email}}), 3600);
  CHECK(server.Mails("password_reset", u.email).size() == 5);
  // Confirmation resends share the per-address budget.
  CheckRateLimited(server.Post("/api/v1/auth/confirm/resend", {{"email", u.email}}), 3600);
}

TEST_CASE("rate limits on: every route is limited to 600 requests per minute per IP") {
  TestServer server(true);  // its start-up probe is one request of the 600
  server.PinTo(0);  // rate limits and the lockout are per instance (README)
  int ok = 0;
  Reply first_refusal;
  for (int i = 0; i < 601 && first_refusal.status == 0; ++i) {
    Reply r = server.Get("/api/v1/health");
    if (r.status == 200) {
      ++ok;
    } else {
      first_refusal = r;
    }
  }
  CHECK(ok >= 590);
  CHECK(ok < 600);
  CheckRateLimited(first_refusal, 60);
  CheckRateLimited(server.Get("/api/v1/health"), 60);
  // Pages too.
  CHECK(server.Get("/").status == 429);
}

TEST_CASE("rate limits off: many sign-ins from one address all pass") {
  TestServer server;  // off, as the test suites run
  TestUser u = server.MakeUser("attendee");
  for (int i = 0; i < 25; ++i) {
    Reply r = server.Post("/api/v1/auth/login", {{"email", u.email}, {"password", i % 2 ? "wrong password" : u.password}});
    CHECK(r.status == (i % 2 ? 401 : 200));
  }
}
