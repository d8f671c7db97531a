// SPEC §15, what it must withstand: attacks on the HTTP layer from a client without an account.
// Each memory attack runs against the real server while a sampler watches this process's RSS
// (the server runs in it); the figures are printed so a run shows them.
#include <arpa/inet.h>
#include <doctest/doctest.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>
#include <zlib.h>

#include <atomic>
#include <chrono>
#include <cstdio>
#include <fstream>
#include <thread>

#include "tests/support/test_server.h"
#include "web/access_log.h"

using lanyard::testing::Reply;
using lanyard::testing::TestServer;
using nlohmann::json;

namespace {

long RssKiB() {
  std::ifstream status("/proc/self/status");
  std::string line;
  while (std::getline(status, line)) {
    if (line.rfind("VmRSS:", 0) == 0) return std::stol(line.substr(6));
  }
  return 0;
}

// Samples RSS every 2 ms from construction to Peak().
class RssPeak {
 public:
  RssPeak() : baseline_(RssKiB()), peak_(baseline_), thread_([this] { Run(); }) {}
  ~RssPeak() { Stop(); }
  long GrowthKiB() {
    Stop();
    return peak_.load() - baseline_;
  }

 private:
  void Run() {
    while (!stop_) {
      const long now = RssKiB();
      if (now > peak_) peak_ = now;
      std::this_thread::sleep_for(std::chrono::milliseconds(2));
    }
  }
  void Stop() {
    stop_ = true;
    if (thread_.joinable()) thread_.join();
  }
  const long baseline_;
  std::atomic<long> peak_;
  std::atomic<bool> stop_{false};
  std::thread thread_;
};

constexpr long kFewMiB = 8 * 1024;  // "within a few MB of its baseline"

int Connect(int port) {
  int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  REQUIRE(fd >= 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(static_cast<uint16_t>(port));
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  REQUIRE(::connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0);
  return fd;
}

// Reads what the server sends until it closes or 3 s pass.
std::string ReadAll(int fd) {
  std::string out;
  char buf[8192];
  const auto until = std::chrono::steady_clock::now() + std::chrono::seconds(3);
  while (std::chrono::steady_clock::now() < until) {
    pollfd p{fd, POLLIN, 0};
    if (::poll(&p, 1, 100) <= 0) {
      if (out.find("\r\n\r\n") != std::string::npos) {
        // A complete reply with its body: stop waiting for the close.
        const size_t cl = out.find("Content-Length: ");
        const size_t head_end = out.find("\r\n\r\n") + 4;
        if (cl != std::string::npos && out.size() >= head_end + std::stoul(out.substr(cl + 16))) break;
      }
      continue;
    }
    const ssize_t n = ::recv(fd, buf, sizeof buf, 0);
    if (n <= 0) break;
    out.append(buf, static_cast<size_t>(n));
  }
  return out;
}

// Sends `head`, then `piece` up to `max_bytes` times its size, stopping as soon as the server
// answers; returns the reply (empty when none came).
std::string Flood(int port, const std::string& head, const std::string& piece, size_t max_bytes) {
  const int fd = Connect(port);
  std::string reply;
  bool answered = false;
  auto send_all = [&](const std::string& bytes) {
    size_t sent = 0;
    while (sent < bytes.size()) {
      pollfd p{fd, POLLIN, 0};
      if (::poll(&p, 1, 0) > 0) {
        answered = true;
        return;
      }
      const ssize_t n = ::send(fd, bytes.data() + sent, bytes.size() - sent, MSG_NOSIGNAL);
      if (n <= 0) return;
      sent += static_cast<size_t>(n);
    }
  };
  send_all(head);
  for (size_t total = 0; !answered && total < max_bytes; total += piece.size()) send_all(piece);
  reply = ReadAll(fd);
  ::close(fd);
  return reply;
}

int StatusOf(const std::string& reply) {
  if (reply.rfind("HTTP/1.1 ", 0) != 0 || reply.size() < 12) return 0;
  return std::stoi(reply.substr(9, 3));
}

json BodyOf(const std::string& reply) {
  const size_t at = reply.find("\r\n\r\n");
  return at == std::string::npos ? json() : json::parse(reply.substr(at + 4), nullptr, false);
}

std::string Exchange(int port, const std::string& bytes) { return Flood(port, bytes, "", 0); }

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

bool Healthy(TestServer& s) {
  httplib::Client client("127.0.0.1", s.port());
  client.set_connection_timeout(1, 0);
  client.set_read_timeout(1, 0);
  const auto started = std::chrono::steady_clock::now();
  auto r = client.Get("/api/v1/health");
  const auto took = std::chrono::steady_clock::now() - started;
  return r && r->status == 200 && took < std::chrono::seconds(1);
}

void Warm(TestServer& s) {
  // Threads, thread-local connections and caches exist before the baseline is taken.
  for (int i = 0; i < 4; ++i) CHECK(s.Get("/api/v1/health").status == 200);
  CHECK(s.Post("/api/v1/auth/login", {{"email", "a@example.org"}, {"password", "x"}}).status == 401);
}

}  // namespace

TEST_CASE("hardening: a gzip request body is refused (415) before it is inflated") {
  TestServer s;
  Warm(s);
  const std::string bomb = GzipOfZeros(400u << 20);  // 400 MiB of zeros in about 400 KB
  RssPeak rss;
  const std::string reply = Flood(
      s.port(),
      "POST /api/v1/auth/login HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
      "Content-Encoding: gzip\r\nContent-Length: " + std::to_string(bomb.size()) + "\r\n\r\n",
      bomb, bomb.size());
  const long growth = rss.GrowthKiB();
  MESSAGE("gzip bomb of ", bomb.size(), " bytes: RSS growth ", growth, " KiB");
  CHECK(StatusOf(reply) == 415);
  CHECK(BodyOf(reply)["code"] == "unsupported_media_type");
  CHECK(growth < kFewMiB);
  CHECK(Healthy(s));
}

TEST_CASE("hardening: a chunked body is cut at the route's limit with 413") {
  TestServer s;
  Warm(s);
  const std::string chunk = "10000\r\n" + std::string(0x10000, 'a') + "\r\n";  // 64 KiB chunks
  RssPeak rss;
  const std::string reply = Flood(
      s.port(),
      "POST /api/v1/auth/login HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
      "Transfer-Encoding: chunked\r\n\r\n",
      chunk, 300u << 20);
  const long growth = rss.GrowthKiB();
  MESSAGE("chunked body (up to 300 MiB offered): RSS growth ", growth, " KiB");
  CHECK(StatusOf(reply) == 413);
  CHECK(BodyOf(reply)["code"] == "payload_too_large");
  CHECK(growth < kFewMiB);
  CHECK(Healthy(s));

  // Within the limit a chunked body is read as usual.
  const std::string small = R"({"email":"a@example.org","password":"x"})";
  char size_line[16];
  std::snprintf(size_line, sizeof size_line, "%zx\r\n", small.size());
  const std::string ok = Exchange(
      s.port(), "POST /api/v1/auth/login HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                "Transfer-Encoding: chunked\r\n\r\n" + std::string(size_line) + small + "\r\n0\r\n\r\n");
  CHECK(StatusOf(ok) == 401);
}

TEST_CASE("hardening: impossible Content-Length values are refused at once") {
  TestServer s;
  auto with_length = [&](const std::string& value) {
    return Exchange(s.port(), "POST /api/v1/auth/login HTTP/1.1\r\nHost: x\r\nContent-Length: " +
                                  value + "\r\n\r\n");
  };
  CHECK(StatusOf(with_length("-1")) == 400);
  CHECK(StatusOf(with_length("18446744073709551616")) == 400);
  CHECK(StatusOf(with_length("1e3")) == 400);
  const std::string big = with_length("9999999999");
  CHECK(StatusOf(big) == 413);
  CHECK(BodyOf(big)["code"] == "payload_too_large");
  // Over the JSON limit but under the upload limit: still 413 on a JSON route.
  CHECK(StatusOf(with_length(std::to_string(2 << 20))) == 413);
  CHECK(Healthy(s));
}

TEST_CASE("hardening: many or overlapping ranges get 416; JSON routes ignore Range") {
  TestServer s;
  Warm(s);
  std::string ranges = "bytes=0-";
  for (int i = 0; i < 1500; ++i) ranges += ",0-";
  RssPeak rss;
  for (const char* path : {"/assets/js/app.js", "/api/v1/openapi.json", "/"}) {
    const std::string reply = Exchange(s.port(), std::string("GET ") + path +
                                                     " HTTP/1.1\r\nHost: x\r\nRange: " + ranges + "\r\n\r\n");
    INFO(path);
    CHECK(StatusOf(reply) == 416);
    CHECK(reply.size() < 4096);
  }
  const long growth = rss.GrowthKiB();
  MESSAGE("1,500 overlapping ranges on three paths: RSS growth ", growth, " KiB");
  CHECK(growth < kFewMiB);

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

TEST_CASE("hardening: request heads are bounded (431) whatever their shape") {
  TestServer s;
  Warm(s);
  {
    RssPeak rss;
    const std::string reply =
        Flood(s.port(), "GET /api/v1/health HTTP/1.1\r\nHost: x\r\n", "X-A: b\r\n", 400000 * 8);
    const long growth = rss.GrowthKiB();
    MESSAGE("400,000 header lines offered: RSS growth ", growth, " KiB");
    CHECK(StatusOf(reply) == 431);
    CHECK(BodyOf(reply)["code"] == "header_fields_too_large");
    CHECK(growth < kFewMiB);
  }
  {
    RssPeak rss;
    const std::string reply = Flood(s.port(), "GET /api/v1/health HTTP/1.1\r\nHost: x\r\nX-Long: ",
                                    std::string(65536, 'a'), 64u << 20);
    const long growth = rss.GrowthKiB();
    MESSAGE("a 64 MiB header line without a line end offered: RSS growth ", growth, " KiB");
    CHECK(StatusOf(reply) == 431);
    CHECK(growth < kFewMiB);
  }
  // 101 small fields are too many; 100 are fine.
  std::string fields;
  for (int i = 0; i < 99; ++i) fields += "X-F" + std::to_string(i) + ": v\r\n";
  CHECK(StatusOf(Exchange(s.port(), "GET /api/v1/health HTTP/1.1\r\nHost: x\r\n" + fields + "\r\n")) == 200);
  CHECK(StatusOf(Exchange(s.port(), "GET /api/v1/health HTTP/1.1\r\nHost: x\r\nX-More: 1\r\n" + fields +
                                        "\r\n")) == 431);
  CHECK(Healthy(s));
}

TEST_CASE("hardening: smuggling shapes and control characters in heads get 400") {
  TestServer s;
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
       std::string("GET /api/v1/health HTTP/1.1\r\nHost: x\r\nX-A: a\0b\r\n\r\n", 52)},
      {"obs-fold", "GET /api/v1/health HTTP/1.1\r\nHost: x\r\nX-A: a\r\n  folded\r\n\r\n"},
      {"bare LF line end", "GET /api/v1/health HTTP/1.1\nHost: x\r\n\r\n"},
      {"space before the colon", "GET /api/v1/health HTTP/1.1\r\nHost : x\r\n\r\n"},
  };
  for (const auto& [name, head] : heads) {
    INFO(name);
    const std::string reply = Exchange(s.port(), head);
    CHECK(StatusOf(reply) == 400);
    CHECK(BodyOf(reply)["code"] == "bad_request");
  }
  CHECK(Healthy(s));
}

TEST_CASE("hardening: /health answers within 1 s while 300 slow connections are held") {
  TestServer s;
  std::vector<int> slow;
  for (int i = 0; i < 300; ++i) {
    const int fd = Connect(s.port());
    const std::string start = "GET /api/v1/health HTTP/1.1\r\nHost: x\r\n";
    REQUIRE(::send(fd, start.data(), start.size(), MSG_NOSIGNAL) > 0);
    slow.push_back(fd);
  }
  int answered = 0;
  for (int round = 0; round < 4; ++round) {
    for (int fd : slow) (void)::send(fd, "X-Slow: 1\r\n", 11, MSG_NOSIGNAL);  // one line each
    if (Healthy(s)) ++answered;
    std::this_thread::sleep_for(std::chrono::milliseconds(500));
  }
  CHECK(answered == 4);
  CHECK(s.server().waiting_connections() >= 300);
  // Each slow head still gets its answer once it completes.
  (void)::send(slow.front(), "\r\n", 2, 0);
  CHECK(StatusOf(ReadAll(slow.front())) == 200);
  for (int fd : slow) ::close(fd);
}

TEST_CASE("hardening: JSON nested deeper than 64 levels is a 400 and the server lives") {
  TestServer s;
  lanyard::testing::TestUser admin = s.MakeUser("admin");
  const std::string deep = std::string(200000, '[') + std::string(200000, ']');
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
  CHECK(Healthy(s));
}

TEST_CASE("hardening: the access log escapes the raw request target") {
  CHECK(lanyard::web::EscapeForLog("/a%0d%0aFAKE 200") == "/a%0d%0aFAKE\\x20200");
  CHECK(lanyard::web::EscapeForLog("/x\r\ny\"\\") == "/x\\x0d\\x0ay\\x22\\x5c");
  CHECK(lanyard::web::EscapeForLog("/api/v1/health?x=1") == "/api/v1/health?x=1");
}
