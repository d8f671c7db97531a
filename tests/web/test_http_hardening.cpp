// SPEC §15, what it must withstand: attacks on the HTTP layer from a client without an account.
// Each memory attack runs against the real server while a sampler watches this process's RSS
// (the server runs in it); the figures are printed so a run shows them.
#include <doctest/doctest.h>
#include <zlib.h>

#include <chrono>
#include <cstdio>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "tests/support/raw_client.h"
#include "tests/support/test_server.h"
#include "web/access_log.h"

using lanyard::testing::Exchange;
using lanyard::testing::Flood;
using lanyard::testing::Healthy;
using lanyard::testing::kFewMiB;
using lanyard::testing::RawClient;
using lanyard::testing::Reply;
using lanyard::testing::RssPeak;
using lanyard::testing::StatusOf;
using lanyard::testing::BodyOf;
using lanyard::testing::TestServer;
using lanyard::testing::Warm;
using nlohmann::json;

namespace {

// gzip of `zeros` zero bytes, made in pieces so the test itself stays small.
std::string GzipOfZeros(size_t zeros) {
  z_stream zs{};
  REQUIRE(deflateInit2(&zs, 9, Z_DEFLATED, 15 + 16, 9, Z_DEFAULT_STRATEGY) == Z_OK);
  const std::string block(1 << 20, '\0');
  std::string out;
  char buf[1 << 16];
  for (size_t done = 0; done <= zeros; done += block.size()) {
    const bool last = done + block.size() > zeros;
    zs.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(block.data()));
    zs.avail_in = static_cast<uInt>(last ? zeros - done : block.size());
    do {
      zs.next_out = reinterpret_cast<Bytef*>(buf);
      zs.avail_out = sizeof buf;
      deflate(&zs, last ? Z_FINISH : Z_NO_FLUSH);
      out.append(buf, sizeof buf - zs.avail_out);
    } while (zs.avail_out == 0);
    if (last) break;
  }
  deflateEnd(&zs);
  return out;
}

// Both listeners go through the same gate and limits: every attack runs on plain HTTP and on
// TLS (`serve --tls auto`).
constexpr bool kListeners[] = {false, true};
std::string ListenerName(bool tls) { return tls ? "TLS" : "plain HTTP"; }

// Sends `head`, then `body` again and again up to `bytes` (Flood), and checks what every memory
// attack must leave behind: RSS within a few MiB of before, and /health answering. The reply.
std::string FloodWithinMemory(TestServer& s, bool tls, const std::string& what, const std::string& head,
                              const std::string& body, size_t bytes) {
  RssPeak rss;
  const std::string reply = Flood(s.port(), tls, head, body, bytes);
  const long growth = rss.GrowthKiB();
  MESSAGE(ListenerName(tls), ": ", what, ": RSS growth ", growth, " KiB");
  CHECK(growth < kFewMiB);
  CHECK(Healthy(s));
  return reply;
}

}  // namespace

TEST_CASE("hardening: a gzip request body is refused (415) before it is inflated") {
  const std::string bomb = GzipOfZeros(400u << 20);  // 400 MiB of zeros in about 400 KB
  for (bool tls : kListeners) {
    INFO(ListenerName(tls));
    TestServer s(false, tls);
    Warm(s);
    const std::string reply = FloodWithinMemory(
        s, tls, "gzip bomb of " + std::to_string(bomb.size()) + " bytes",
        "POST /api/v1/auth/login HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
        "Content-Encoding: gzip\r\nContent-Length: " + std::to_string(bomb.size()) + "\r\n\r\n",
        bomb, bomb.size());
    CHECK(StatusOf(reply) == 415);
    CHECK(BodyOf(reply)["code"] == "unsupported_media_type");
  }
}

TEST_CASE("hardening: a chunked body is cut at the route's limit with 413") {
  const std::string chunk = "10000\r\n" + std::string(0x10000, 'a') + "\r\n";  // 64 KiB chunks
  for (bool tls : kListeners) {
    INFO(ListenerName(tls));
    TestServer s(false, tls);
    Warm(s);
    const std::string reply = FloodWithinMemory(
        s, tls, "chunked body (up to 300 MiB offered)",
        "POST /api/v1/auth/login HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
        "Transfer-Encoding: chunked\r\n\r\n",
        chunk, 300u << 20);
    CHECK(StatusOf(reply) == 413);
    CHECK(BodyOf(reply)["code"] == "payload_too_large");

    // Within the limit a chunked body is read as usual.
    const std::string small = R"({"email":"a@example.org","password":"x"})";
    char size_line[16];
    std::snprintf(size_line, sizeof size_line, "%zx\r\n", small.size());
    const std::string ok = Exchange(
        s.port(), tls,
        "POST /api/v1/auth/login HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
        "Transfer-Encoding: chunked\r\n\r\n" + std::string(size_line) + small + "\r\n0\r\n\r\n");
    CHECK(StatusOf(ok) == 401);
  }
}

TEST_CASE("hardening: impossible Content-Length values are refused at once") {
  for (bool tls : kListeners) {
    INFO(ListenerName(tls));
    TestServer s(false, tls);
    Warm(s);
    auto with_length = [&](const std::string& value) {
      return Exchange(s.port(), tls,
                      "POST /api/v1/auth/login HTTP/1.1\r\nHost: x\r\nContent-Length: " + value + "\r\n\r\n");
    };
    RssPeak rss;
    CHECK(StatusOf(with_length("-1")) == 400);
    CHECK(StatusOf(with_length("18446744073709551616")) == 400);
    CHECK(StatusOf(with_length("1e3")) == 400);
    const std::string big = with_length("9999999999");
    CHECK(StatusOf(big) == 413);
    CHECK(BodyOf(big)["code"] == "payload_too_large");
    // Over the JSON limit but under the upload limit: still 413 on a JSON route.
    CHECK(StatusOf(with_length(std::to_string(2 << 20))) == 413);
    const long growth = rss.GrowthKiB();
    MESSAGE(ListenerName(tls), ": impossible Content-Length values: RSS growth ", growth, " KiB");
    CHECK(growth < kFewMiB);
    CHECK(Healthy(s));
  }
}

TEST_CASE("hardening: many or overlapping ranges get 416, and JSON routes ignore Range") {
  std::string ranges = "bytes=0-";
  for (int i = 0; i < 1500; ++i) ranges += ",0-";
  for (bool tls : kListeners) {
    INFO(ListenerName(tls));
    TestServer s(false, tls);
    Warm(s);
    RssPeak rss;
    for (const char* path : {"/assets/js/app.js", "/api/v1/openapi.json", "/"}) {
      const std::string reply = Exchange(
          s.port(), tls, std::string("GET ") + path + " HTTP/1.1\r\nHost: x\r\nRange: " + ranges + "\r\n\r\n");
      INFO(path);
      CHECK(StatusOf(reply) == 416);
      CHECK(reply.size() < 4096);
    }
    const long growth = rss.GrowthKiB();
    MESSAGE(ListenerName(tls), ": 1,500 overlapping ranges on three paths: RSS growth ", growth, " KiB");
    CHECK(growth < kFewMiB);
    CHECK(Healthy(s));

    // One range on a JSON route: the whole document, 200.
    Reply health = s.Call("GET", "/api/v1/health", "", "", {{"Range", "bytes=0-9"}});
    CHECK(health.status == 200);
    CHECK(health.Json()["status"] == "ok");
    CHECK(health.Header("Content-Range").empty());
    // One range on a static file: a 206 with Content-Range.
    Reply part = s.Call("GET", "/assets/js/app.js", "", "", {{"Range", "bytes=0-9"}});
    CHECK(part.status == 206);
    CHECK(part.body.size() == 10);
    CHECK(part.Header("Content-Range").rfind("bytes 0-9/", 0) == 0);
  }
}

TEST_CASE("hardening: request heads are bounded (431) whatever their shape") {
  for (bool tls : kListeners) {
    INFO(ListenerName(tls));
    TestServer s(false, tls);
    Warm(s);
    {
      RssPeak rss;
      const std::string reply =
          Flood(s.port(), tls, "GET /api/v1/health HTTP/1.1\r\nHost: x\r\n", "X-A: b\r\n", 400000 * 8);
      const long growth = rss.GrowthKiB();
      MESSAGE(ListenerName(tls), ": 400,000 header lines offered: RSS growth ", growth, " KiB");
      CHECK(StatusOf(reply) == 431);
      CHECK(BodyOf(reply)["code"] == "header_fields_too_large");
      CHECK(growth < kFewMiB);
    }
    {
      RssPeak rss;
      const std::string reply = Flood(s.port(), tls, "GET /api/v1/health HTTP/1.1\r\nHost: x\r\nX-Long: ",
                                      std::string(65536, 'a'), 64u << 20);
      const long growth = rss.GrowthKiB();
      MESSAGE(ListenerName(tls), ": a 64 MiB header line without a line end offered: RSS growth ", growth,
              " KiB");
      CHECK(StatusOf(reply) == 431);
      CHECK(growth < kFewMiB);
    }
    // 101 small fields are too many; 100 are fine.
    std::string fields;
    for (int i = 0; i < 99; ++i) fields += "X-F" + std::to_string(i) + ": v\r\n";
    CHECK(StatusOf(Exchange(s.port(), tls, "GET /api/v1/health HTTP/1.1\r\nHost: x\r\n" + fields + "\r\n")) ==
          200);
    CHECK(StatusOf(Exchange(s.port(), tls,
                            "GET /api/v1/health HTTP/1.1\r\nHost: x\r\nX-More: 1\r\n" + fields + "\r\n")) == 431);
    CHECK(Healthy(s));
  }
}

TEST_CASE("hardening: smuggling shapes and control characters in heads get 400") {
  const std::vector<std::pair<std::string, std::string>> heads = {
      {"CL with TE",
       "POST /api/v1/auth/login HTTP/1.1\r\nHost: x\r\nContent-Length: 4\r\n"
       "Transfer-Encoding: chunked\r\n\r\n0\r\n\r\n"},
      {"two different CL",
       "POST /api/v1/auth/login HTTP/1.1\r\nHost: x\r\nContent-Length: 2\r\nContent-Length: 3\r\n\r\n{}"},
      {"TE other than chunked",
       "POST /api/v1/auth/login HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: gzip, chunked\r\n\r\n"},
      {"CR inside a value",
       "POST /api/v1/orders HTTP/1.1\r\nHost: x\r\nIdempotency-Key: ab\rcd\r\nContent-Length: 2\r\n\r\n{}"},
      {"NUL inside a value",
       [] {
         const char raw[] = "GET /api/v1/health HTTP/1.1\r\nHost: x\r\nX-A: a\0b\r\n\r\n";
         return std::string(raw, sizeof raw - 1);  // the NUL inside, not the one at the end
       }()},
      {"obs-fold", "GET /api/v1/health HTTP/1.1\r\nHost: x\r\nX-A: a\r\n  folded\r\n\r\n"},
      {"bare LF line end", "GET /api/v1/health HTTP/1.1\nHost: x\r\n\r\n"},
      {"space before the colon", "GET /api/v1/health HTTP/1.1\r\nHost : x\r\n\r\n"},
  };
  for (bool tls : kListeners) {
    INFO(ListenerName(tls));
    TestServer s(false, tls);
    Warm(s);
    RssPeak rss;
    for (const auto& entry : heads) {
      const auto& name = std::get<0>(entry);
      const auto& head = std::get<1>(entry);
      INFO(name);
      const std::string reply = Exchange(s.port(), tls, head);
      CHECK(StatusOf(reply) == 400);
      CHECK(BodyOf(reply)["code"] == "bad_request");
    }
    const long growth = rss.GrowthKiB();
    MESSAGE(ListenerName(tls), ": smuggling shapes: RSS growth ", growth, " KiB");
    CHECK(growth < kFewMiB);
    CHECK(Healthy(s));
  }
}

TEST_CASE("hardening: /health answers within 1 s while 300 slow connections are held") {
  for (bool tls : kListeners) {
    INFO(ListenerName(tls));
    TestServer s(false, tls);
    Warm(s);
    RssPeak rss;
    std::vector<std::unique_ptr<RawClient>> slow;
    for (int i = 0; i < 300; ++i) {
      slow.push_back(std::make_unique<RawClient>(s.port(), tls));
      REQUIRE(slow.back()->Send("GET /api/v1/health HTTP/1.1\r\nHost: x\r\n"));
    }
    // Under TLS, connections that never finish their handshake wait in the gate too.
    std::vector<std::unique_ptr<RawClient>> silent;
    if (tls) {
      for (int i = 0; i < 100; ++i) silent.push_back(std::make_unique<RawClient>(s.port(), false));
    }
    int answered = 0;
    for (int round = 0; round < 4; ++round) {
      for (auto& c : slow) (void)c->Send("X-Slow: 1\r\n");  // one line each
      if (Healthy(s)) ++answered;
      std::this_thread::sleep_for(std::chrono::milliseconds(500));
    }
    CHECK(answered == 4);
    CHECK(s.server().waiting_connections() >= 300);
    // Each slow head still gets its answer once it completes.
    REQUIRE(slow.front()->Send("\r\n"));
    CHECK(StatusOf(slow.front()->ReadAll()) == 200);
    const long growth = rss.GrowthKiB();
    MESSAGE(ListenerName(tls), ": 300 slow connections", std::string(tls ? " and 100 silent ones" : ""),
            ": RSS growth ", growth, " KiB");
    // The connections themselves cost memory: a TLS session about 35 KiB (400 of them: 14 MiB).
    CHECK(growth < 4 * kFewMiB);
  }
}

TEST_CASE("hardening: JSON nested deeper than 64 levels is a 400 and the server lives") {
  TestServer s;
  lanyard::testing::TestUser admin = s.MakeUser("admin");
  Warm(s);
  const std::string deep = std::string(200000, '[') + std::string(200000, ']');
  RssPeak rss;
  for (const char* path : {"/api/v1/auth/login", "/api/v1/mail/templates/order_placed/preview"}) {
    Reply r = s.Call("POST", path, deep, admin.token);
    INFO(path, " ", r.status, " ", r.body.substr(0, 200));
    CHECK(r.status == 400);
    CHECK(r.Json()["code"] == "bad_request");
  }
  const std::string object_deep = R"({"a":)" + std::string(65, '[') + std::string(65, ']') + "}";
  CHECK(s.Call("POST", "/api/v1/auth/login", object_deep).status == 400);
  // Brackets inside strings do not count.
  const std::string in_string = R"({"email":")" + std::string(100, '[') + R"(","password":"x"})";
  CHECK(s.Call("POST", "/api/v1/auth/login", in_string).status != 400);
  const long growth = rss.GrowthKiB();
  MESSAGE("200,000-deep JSON: RSS growth ", growth, " KiB");
  CHECK(growth < kFewMiB);
  CHECK(Healthy(s));
}

TEST_CASE("access log: a load balancer's successful health checks get no line, anything else does") {
  CHECK_FALSE(lanyard::web::LogsRequest("GET", "/api/v1/health", 200));
  CHECK_FALSE(lanyard::web::LogsRequest("HEAD", "/api/v1/health", 200));
  CHECK(lanyard::web::LogsRequest("GET", "/api/v1/health", 503));  // the database is gone: say so
  CHECK(lanyard::web::LogsRequest("GET", "/api/v1/events", 200));
  CHECK(lanyard::web::LogsRequest("POST", "/api/v1/health", 405));
  CHECK(lanyard::web::LogsRequest("GET", "/api/v1/health/x", 404));
  CHECK(lanyard::web::LogsRequest("GET", "/api/v1/health?probe=ready", 200));  // serve's own
}

TEST_CASE("hardening: the access log escapes the raw request target") {
  CHECK(lanyard::web::EscapeForLog("/a%0d%0aFAKE 200") == "/a%0d%0aFAKE\\x20200");
  CHECK(lanyard::web::EscapeForLog("/x\r\ny\"\\") == "/x\\x0d\\x0ay\\x22\\x5c");
  CHECK(lanyard::web::EscapeForLog("/api/v1/health?x=1") == "/api/v1/health?x=1");
}
