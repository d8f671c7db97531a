// SPEC §12 trusted_proxies: X-Forwarded-For counts only from a named proxy (rate limits, logs),
// and /metrics stops trusting loopback once a proxy is named.
#include <doctest/doctest.h>

#include "tests/support/test_server.h"
#include "web/client_address.h"

using lanyard::testing::Reply;
using lanyard::testing::TestServer;
using lanyard::testing::TestUser;
using nlohmann::json;

namespace {

httplib::Request From(const std::string& peer, const std::vector<std::string>& forwarded) {
  httplib::Request req;
  req.remote_addr = peer;
  for (const auto& f : forwarded) req.headers.emplace("X-Forwarded-For", f);
  return req;
}

// Signs in with a wrong password from `forwarded_for` until refused; returns the attempts made.
// Each attempt names another account, so only the per-address limit can refuse it.
int LoginsUntilLimited(TestServer& s, const std::string& forwarded_for, int max_attempts) {
  static int account = 0;
  for (int i = 1; i <= max_attempts; ++i) {
    const std::string email = "nobody" + std::to_string(++account) + "@example.org";
    Reply r = s.Call("POST", "/api/v1/auth/login", json{{"email", email}, {"password", "wrong!"}}.dump(),
                     "", {{"X-Forwarded-For", forwarded_for}});
    if (r.status == 429) return i;
  }
  return max_attempts + 1;
}

}  // namespace

TEST_CASE("proxies: the client address believes X-Forwarded-For only from a trusted proxy") {
  using lanyard::web::ClientAddress;
  CHECK(ClientAddress(From("203.0.113.5", {"198.51.100.7"}), "") == "203.0.113.5");
  CHECK(ClientAddress(From("203.0.113.5", {"198.51.100.7"}), "127.0.0.1") == "203.0.113.5");
  CHECK(ClientAddress(From("127.0.0.1", {"198.51.100.7"}), "127.0.0.1") == "198.51.100.7");
  CHECK(ClientAddress(From("::ffff:127.0.0.1", {"198.51.100.7"}), "127.0.0.1") == "198.51.100.7");
  // Read from the right: what the client wrote itself comes first and is not believed.
  CHECK(ClientAddress(From("127.0.0.1", {"1.1.1.1, 198.51.100.7"}), "127.0.0.1") == "198.51.100.7");
  CHECK(ClientAddress(From("127.0.0.1", {"1.1.1.1", "198.51.100.7"}), "127.0.0.1") == "198.51.100.7");
  // Chained proxies of ours are skipped.
  CHECK(ClientAddress(From("10.0.0.2", {"198.51.100.7, 10.0.0.1"}), "10.0.0.1, 10.0.0.2") == "198.51.100.7");
  // Garbage is no address; no header means the proxy itself.
  CHECK(ClientAddress(From("127.0.0.1", {"<script>"}), "127.0.0.1") == "127.0.0.1");
  CHECK(ClientAddress(From("127.0.0.1", {}), "127.0.0.1") == "127.0.0.1");
  // CIDR ranges name whole proxy networks, IPv4 and IPv6.
  CHECK(ClientAddress(From("10.1.2.3", {"198.51.100.7"}), "10.0.0.0/8") == "198.51.100.7");
  CHECK(ClientAddress(From("11.1.2.3", {"198.51.100.7"}), "10.0.0.0/8") == "11.1.2.3");
  CHECK(ClientAddress(From("10.0.0.2", {"198.51.100.7, 10.200.0.1"}), "10.0.0.0/8") == "198.51.100.7");
  CHECK(ClientAddress(From("172.16.0.9", {"198.51.100.7"}), "172.16.0.0/12") == "198.51.100.7");
  CHECK(ClientAddress(From("172.32.0.9", {"198.51.100.7"}), "172.16.0.0/12") == "172.32.0.9");
  CHECK(ClientAddress(From("2001:db8::5", {"198.51.100.7"}), "2001:db8::/32") == "198.51.100.7");
  CHECK(ClientAddress(From("2001:db9::5", {"198.51.100.7"}), "2001:db8::/32") == "2001:db9::5");
  CHECK(ClientAddress(From("::ffff:10.9.9.9", {"198.51.100.7"}), "10.0.0.0/8") == "198.51.100.7");
  CHECK(lanyard::web::IsLoopback("::ffff:127.0.0.1"));
  CHECK(!lanyard::web::IsLoopback("10.0.0.1"));
}

TEST_CASE("proxies: rate limits count the forwarded client only behind a trusted proxy") {
  TestServer s(/*rate_limits=*/true);
  s.PinTo(0);  // rate limits and the lockout are per instance (README)
  TestUser admin = s.MakeUser("admin");
  // No proxy named: every X-Forwarded-For is the same client, 127.0.0.1.
  const int per_minute = s.app().settings().Snapshot()->at("rate_login_per_minute").get<int>();
  int refused_at = 0;
  for (int i = 1; i <= per_minute + 2 && !refused_at; ++i) {
    if (LoginsUntilLimited(s, "198.51.100." + std::to_string(i), 1) == 1) refused_at = i;
  }
  CHECK(refused_at > 0);
  CHECK(refused_at <= per_minute + 1);

  REQUIRE(s.Patch("/api/v1/settings", {{"trusted_proxies", "127.0.0.1"}}, admin.token).status == 200);
  // Now each forwarded address has its own budget...
  CHECK(LoginsUntilLimited(s, "192.0.2.10", 2) == 3);
  CHECK(LoginsUntilLimited(s, "192.0.2.11", 2) == 3);
  // ...and one address is still limited.
  CHECK(LoginsUntilLimited(s, "192.0.2.12", per_minute + 2) <= per_minute + 1);

  // A malformed list is refused, naming the bad entry; CIDR ranges are taken.
  for (const char* wrong : {"127.0.0.1, proxy.local", "10.0.0.0/33", "10.0.0.0/", "10.0.0.0/8/8",
                            "2001:db8::/129", "256.0.0.1", "10.0.0.0/-1"}) {
    INFO(wrong);
    Reply bad = s.Patch("/api/v1/settings", {{"trusted_proxies", wrong}}, admin.token);
    CHECK(bad.status == 400);
    CHECK(bad.Json()["code"] == "validation_failed");
    CHECK(bad.Json()["fields"].contains("trusted_proxies"));
  }
  CHECK(s.Patch("/api/v1/settings", {{"trusted_proxies", "wrong"}}, admin.token).Json()["fields"]["trusted_proxies"]
            .get<std::string>()
            .find("'wrong'") != std::string::npos);
  Reply ranges = s.Patch("/api/v1/settings", {{"trusted_proxies", "127.0.0.1, 10.0.0.0/8 2001:db8::/32"}},
                         admin.token);
  CHECK(ranges.status == 200);
  CHECK(ranges.Json()["trusted_proxies"] == "127.0.0.1, 10.0.0.0/8 2001:db8::/32");
}

TEST_CASE("proxies: /metrics is open to loopback only while no proxy is named") {
  TestServer s;
  TestUser admin = s.MakeUser("admin");
  TestUser attendee = s.MakeUser("attendee");
  CHECK(s.Get("/api/v1/metrics").status == 200);
  REQUIRE(s.Patch("/api/v1/settings", {{"trusted_proxies", "127.0.0.1"}}, admin.token).status == 200);
  Reply anonymous = s.Get("/api/v1/metrics");
  CHECK(anonymous.status == 401);
  CHECK(anonymous.Json()["code"] == "unauthorized");
  CHECK(s.Get("/api/v1/metrics", attendee.token).status == 403);
  Reply as_admin = s.Get("/api/v1/metrics", admin.token);
  CHECK(as_admin.status == 200);
  CHECK(as_admin.body.find("lanyard_up 1") != std::string::npos);
}
