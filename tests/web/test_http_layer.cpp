// The HTTP layer itself (SPEC §2, §15): security headers, body and path limits, the error body
// for routing misses, access checks of every route in the table, health, and robustness
// against malformed requests.
#include <arpa/inet.h>
#include <doctest/doctest.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>

#include <regex>

#include "storage/query.h"
#include "tests/support/test_server.h"
#include "web/server.h"

using lanyard::testing::Reply;
using lanyard::testing::RunScenarios;
using lanyard::testing::Scenario;
using lanyard::testing::TestServer;
using lanyard::testing::TestUser;
using lanyard::web::Access;
using nlohmann::json;

namespace {

void CheckSecurityHeaders(const Reply& r) {
  INFO("status ", r.status);
  CHECK(r.Header("X-Content-Type-Options") == "nosniff");
  CHECK(r.Header("X-Frame-Options") == "DENY");
  const std::string csp = r.Header("Content-Security-Policy");
  CHECK(csp.find("default-src 'self'") != std::string::npos);
  CHECK(csp.find("frame-ancestors 'none'") != std::string::npos);
  CHECK(csp.find("script-src 'self'") != std::string::npos);
  CHECK(r.Header("Referrer-Policy") == "no-referrer");
  CHECK(r.Header("Strict-Transport-Security").empty());  // plain HTTP: no HSTS
  CHECK(r.Header("Access-Control-Allow-Origin").empty());  // CORS off
}

void CheckErrorBody(const Reply& r, int status, const std::string& code) {
  INFO("reply: ", r.status, " ", r.body.substr(0, 300));
  CHECK(r.status == status);
  CHECK(r.Header("Content-Type").find("application/json") == 0);
  json body = r.Json();
  REQUIRE(body.is_object());
  CHECK(body["status"] == status);
  CHECK(body["code"] == code);
  CHECK(body["message"].is_string());
}

// Sends raw bytes and returns whatever the server answers before closing (or a 3 s timeout).
std::string RawExchange(int port, const std::string& bytes) {
  int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  REQUIRE(fd >= 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(static_cast<uint16_t>(port));
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  REQUIRE(::connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0);
  timeval tv{3, 0};
  setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
  size_t sent = 0;
  while (sent < bytes.size()) {
    ssize_t n = ::send(fd, bytes.data() + sent, bytes.size() - sent, MSG_NOSIGNAL);
    if (n <= 0) break;
    sent += static_cast<size_t>(n);
  }
  ::shutdown(fd, SHUT_WR);
  std::string out;
  char buf[4096];
  for (;;) {
    ssize_t n = ::recv(fd, buf, sizeof buf, 0);
    if (n <= 0) break;
    out.append(buf, static_cast<size_t>(n));
  }
  ::close(fd);
  return out;
}

int RawStatus(const std::string& response) {
  if (response.rfind("HTTP/1.1 ", 0) != 0 || response.size() < 12) return 0;
  return std::stoi(response.substr(9, 3));
}

// A concrete path for a route pattern: ids become a number that names nothing.
std::string Concrete(const std::string& pattern) {
  static const std::regex param("\\{([a-z_]+)\\}");
  std::string out;
  auto begin = std::sregex_iterator(pattern.begin(), pattern.end(), param);
  size_t last = 0;
  for (auto it = begin; it != std::sregex_iterator(); ++it) {
    out += pattern.substr(last, it->position() - last);
    const std::string name = (*it)[1];
    const bool id = name == "id" || (name.size() > 3 && name.substr(name.size() - 3) == "_id");
    out += id ? "987654" : "no-such-thing";
    last = it->position() + it->length();
  }
  return "/api/v1" + out + pattern.substr(last);
}

}  // namespace

TEST_CASE("http: security headers on API replies, errors and pages") {
  TestServer s;
  TestUser u = s.MakeUser("attendee");
  CheckSecurityHeaders(s.Get("/api/v1/me", u.token));
  CheckSecurityHeaders(s.Get("/api/v1/me"));
  CheckSecurityHeaders(s.Get("/api/v1/no/such/route"));
  CheckSecurityHeaders(s.Post("/api/v1/auth/login", {{"email", "x@example.org"}, {"password", "wrong pw!"}}));
  CheckSecurityHeaders(s.Get("/"));
  CheckSecurityHeaders(s.Get("/docs"));
  CheckSecurityHeaders(s.Get("/api/v1/" + std::string(5000, 'a')));
  // CORS stays off even when a browser asks.
  Reply cors = s.Call("GET", "/api/v1/health", "", "", {{"Origin", "https://evil.example"}});
  CHECK(cors.Header("Access-Control-Allow-Origin").empty());
  CHECK(cors.Header("Access-Control-Allow-Credentials").empty());
}

TEST_CASE("http: JSON replies are UTF-8 JSON") {
  TestServer s;
  Reply r = s.Get("/api/v1/health");
  CHECK(r.Header("Content-Type") == "application/json; charset=utf-8");
}

TEST_CASE("http: GET /health") {
  TestServer s;
  RunScenarios(s, {{"healthy", "GET", "/api/v1/health", "", "", 200,
                    {"\"status\":\"ok\"", "\"database\":\"ok\"", "\"version\":\"" LANYARD_VERSION "\""}}});
}

TEST_CASE("http: GET /health answers 503 with the error body when the database cannot be read") {
  TestServer s;
  auto break_schema = [&](const char* sql) {
    s.app().db().Write([&](lanyard::storage::Conn& c) {
      lanyard::storage::Exec(c, sql);
      return true;
    });
  };
  // The readers' statements can no longer be prepared: what a damaged file looks like to them.
  break_schema("ALTER TABLE users RENAME TO users_away");
  RunScenarios(s, {{"database unreadable", "GET", "/api/v1/health", "", "", 503,
                    {"\"code\":\"unavailable\"", "\"database\":\"unavailable\"", "\"version\""}}});
  break_schema("ALTER TABLE users_away RENAME TO users");
  CHECK(s.Get("/api/v1/health").status == 200);
}

TEST_CASE("http: a JSON body over 1 MiB is refused with 413 and the error body") {
  TestServer s;
  TestUser u = s.MakeUser("attendee");
  const std::string big = json{{"name", std::string(1024 * 1024 + 10, 'n')}}.dump();
  CheckErrorBody(s.Call("PATCH", "/api/v1/me", big, u.token), 413, "payload_too_large");
  CheckErrorBody(s.Call("POST", "/api/v1/auth/login", big), 413, "payload_too_large");
  CheckErrorBody(s.Call("POST", "/api/v1/auth/register", big), 413, "payload_too_large");
  // Nothing changed.
  CHECK(s.Get("/api/v1/me", u.token).Json()["name"] == "Test User");
  // Just under the limit is read (and refused on its merits).
  const std::string under = json{{"name", std::string(1024 * 1024 - 100, 'n')}}.dump();
  REQUIRE(under.size() < 1024 * 1024);
  Reply ok = s.Call("PATCH", "/api/v1/me", under, u.token);
  CHECK(ok.status == 400);
  CHECK(ok.Json()["code"] == "validation_failed");
  // Over the 10 MiB transport limit, any route.
  CheckErrorBody(s.Call("POST", "/api/v1/auth/login", std::string(11 * 1024 * 1024, ' ')), 413,
                 "payload_too_large");
  CHECK(s.Get("/api/v1/health").status == 200);
}

TEST_CASE("http: unknown API paths answer 404 and wrong methods 405, with the error body") {
  TestServer s;
  TestUser u = s.MakeUser("attendee");
  CheckErrorBody(s.Get("/api/v1/nothing-here"), 404, "not_found");
  CheckErrorBody(s.Get("/api/v1/nothing/here/either", u.token), 404, "not_found");
  CheckErrorBody(s.Post("/api/v1/nothing-here", json::object()), 404, "not_found");
  CheckErrorBody(s.Get("/api/v1"), 404, "not_found");
  CheckErrorBody(s.Get("/api/v2/health"), 404, "not_found");
  CheckErrorBody(s.Get("/api/v1/users/abc", u.token), 404, "not_found");
  CheckErrorBody(s.Call("DELETE", "/api/v1/me", "", u.token), 405, "method_not_allowed");
  CheckErrorBody(s.Call("PUT", "/api/v1/auth/login", "{}"), 405, "method_not_allowed");
  CheckErrorBody(s.Get("/api/v1/auth/login"), 405, "method_not_allowed");
}

TEST_CASE("http: very long paths answer 414 and the server keeps running") {
  TestServer s;
  CheckErrorBody(s.Get("/api/v1/" + std::string(5000, 'a')), 414, "uri_too_long");
  CheckErrorBody(s.Get("/api/v1/users/" + std::string(5000, '1')), 414, "uri_too_long");
  CheckErrorBody(s.Get("/" + std::string(5000, 'x')), 414, "uri_too_long");
  // A long query string is not a long path: answered on its merits.
  Reply long_query = s.Get("/api/v1/health?q=" + std::string(5000, 'q'));
  CHECK(long_query.status == 200);
  // Past the library's own request-line limit too.
  Reply huge = s.Get("/api/v1/" + std::string(9000, 'a'));
  CHECK(huge.status == 414);
  // A path of many segments, each matched against the table.
  std::string segments = "/api/v1";
  for (int i = 0; i < 900; ++i) segments += "/a";
  CHECK(s.Get(segments).status >= 400);
  CHECK(s.Get("/api/v1/health").status == 200);
}

TEST_CASE("http: malformed requests get a 4xx and never take the server down") {
  TestServer s;
  const std::vector<std::string> attacks = {
      "GARBAGE\r\n\r\n",
      "GET\r\n\r\n",
      "GET /api/v1/health HTTP/9.9\r\n\r\n",
      "GET /api/v1/health HTTP/1.1\r\nHost: x\r\nContent-Length: -5\r\n\r\n",
      "POST /api/v1/auth/login HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\nContent-Length: 50\r\n\r\n{}",
      "POST /api/v1/auth/login HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n",
      "POST /api/v1/auth/login HTTP/1.1\r\nHost: x\r\nContent-Length: 99999999999999999999\r\n\r\n",
      "GET /api/v1/%zz%00%ff HTTP/1.1\r\nHost: x\r\n\r\n",
      "GET /api/v1/me HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer \xff\xfe\x00\x01\r\n\r\n",
      std::string("GET /api/v1/health HTTP/1.1\r\nHost: x\r\nX-Long: ") + std::string(20000, 'h') + "\r\n\r\n",
      "POST /api/v1/me/documents HTTP/1.1\r\nHost: x\r\nContent-Type: multipart/form-data; boundary=\r\n"
      "Content-Length: 10\r\n\r\n--\r\n--\r\n--",
  };
  for (const std::string& attack : attacks) {
    INFO("request: ", attack.substr(0, 80));
    const std::string answer = RawExchange(s.port(), attack);
    const int status = RawStatus(answer);
    // Either refused with a client error or the connection closed; never a 5xx.
    CHECK((status == 0 || (status >= 400 && status < 500)));
    CHECK(s.Get("/api/v1/health").status == 200);
  }
}

TEST_CASE("http: every route of the table enforces its access level") {
  TestServer s;
  TestUser attendee = s.MakeUser("attendee");
  TestUser staff = s.MakeUser("staff");
  TestUser organizer = s.MakeUser("organizer");
  const lanyard::web::RouteTable table = lanyard::web::BuildRouteTable();
  std::vector<Scenario> scenarios;
  for (const auto& route : table.routes()) {
    const std::string path = Concrete(route.path);
    const std::string body = route.method == "GET" || route.method == "DELETE" ? "" : "{}";
    const std::string what = route.method + " " + route.path;
    if (route.access == Access::kPublic || route.access == Access::kOptional) continue;
    scenarios.push_back({what + ": no token", route.method, path, body, "", 401, {"\"code\":\"unauthorized\""}});
    scenarios.push_back({what + ": bad token", route.method, path, body, "v1.1.1.9999999999.AAAA", 401,
                         {"\"code\":\"unauthorized\""}});
    std::vector<const TestUser*> refused;
    if (route.access == Access::kStaff) refused = {&attendee};
    if (route.access == Access::kOrganizer) refused = {&attendee, &staff};
    if (route.access == Access::kAdmin) refused = {&attendee, &staff, &organizer};
    for (const TestUser* u : refused) {
      scenarios.push_back({what + ": refused for " + u->email, route.method, path, body, u->token, 403,
                           {"\"code\":\"forbidden\""}});
    }
  }
  CHECK(scenarios.size() > 20);
  RunScenarios(s, scenarios);
}

TEST_CASE("http: no route answers a client mistake with a 5xx") {
  TestServer s;
  TestUser admin = s.MakeUser("admin");
  const lanyard::web::RouteTable table = lanyard::web::BuildRouteTable();
  const std::vector<std::string> bodies = {"{", "[]", "{\"x\":1}", "null", "\"text\"", "{\"id\":\"abc\",\"name\":[]}"};
  for (const auto& route : table.routes()) {
    if (route.path == "/auth/logout") continue;  // would end the admin's session
    const std::string path = Concrete(route.path);
    for (const std::string& body : bodies) {
      INFO(route.method, " ", path, " body ", body);
      Reply r = route.upload ? s.Upload(path, body, "x.bin", admin.token, {}, route.method)
                             : s.Call(route.method, path, route.method == "GET" ? "" : body, admin.token);
      CHECK(r.status > 0);
      CHECK(r.status < 500);
      if (r.status >= 400) {
        json e = r.Json();
        CHECK(e.is_object());
        if (e.is_object()) CHECK(e["status"] == r.status);
      }
      if (route.method == "GET") break;  // the body does not matter
    }
    // Query strings that do not parse.
    if (route.method == "GET") {
      Reply q = s.Call("GET", path + "?limit=-1&offset=abc&status=%ff&q=%00&from=x&to=y&date=z", "", admin.token);
      INFO(route.method, " ", path, " with a bad query: ", q.body.substr(0, 200));
      CHECK(q.status < 500);
    }
  }
  CHECK(s.Get("/api/v1/health").status == 200);
  CHECK(s.Get("/api/v1/me", admin.token).status == 200);
}

TEST_CASE("http: pages are served from the binary, unknown pages are 404") {
  TestServer s;
  Reply home = s.Get("/");
  CHECK(home.status == 200);
  CHECK(home.Header("Content-Type").find("text/html") == 0);
  Reply account = s.Get("/account/login");
  CHECK(account.status == 200);
  CHECK(account.Header("Content-Type").find("text/html") == 0);
  CHECK(s.Get("/definitely-not-a-page").status == 404);
  CHECK(s.Get("/assets/../lanyard.db").status >= 400);
  CHECK(s.Get("/assets/%2e%2e/%2e%2e/etc/passwd").status >= 400);
}
