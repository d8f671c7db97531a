#pragma once
// Raw client sockets for the attack tests (tests/web/test_http_hardening.cpp,
// test_tls_hardening.cpp): bytes exactly as written, over plain TCP or TLS (no certificate
// check), plus the probes every attack test repeats: the server's RSS while an attack runs, and
// whether /health still answers within a second.
#include <atomic>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <thread>

namespace lanyard::testing {

class TestServer;

// One connection to 127.0.0.1:port; TLS handshakes in the constructor. Throws
// std::runtime_error when it cannot connect. Not thread-safe.
class RawClient {
 public:
  RawClient(int port, bool tls);
  ~RawClient();
  RawClient(const RawClient&) = delete;
  RawClient& operator=(const RawClient&) = delete;

  // Sends every byte; false when the server closed or answered first (with `stop_on_answer`).
  bool Send(std::string_view bytes, bool stop_on_answer = false);
  // Bytes from the server are waiting.
  bool Answered();
  // Reads until the server closes, a complete reply (head and Content-Length body) arrived,
  // or 3 s passed.
  std::string ReadAll();
  int fd() const { return fd_; }

 private:
  int fd_ = -1;
  void* ssl_ = nullptr;  // SSL*
};

// Sends `head`, then `piece` until `max_bytes` were offered or the server answered; returns the
// reply ("" when none came).
std::string Flood(int port, bool tls, const std::string& head, const std::string& piece, size_t max_bytes);
// Sends `bytes` and returns the reply.
inline std::string Exchange(int port, bool tls, const std::string& bytes) {
  return Flood(port, tls, bytes, "", 0);
}
// The status of a raw reply ("HTTP/1.1 413 ..."), 0 when there is none.
int StatusOf(const std::string& reply);
// The JSON body of a raw reply (discarded JSON when none).
nlohmann::json BodyOf(const std::string& reply);

// This process's resident set (the server runs inside the test process), in KiB.
long RssKiB();
// Samples RSS every 2 ms from construction until GrowthKiB().
class RssPeak {
 public:
  RssPeak();
  ~RssPeak();
  long GrowthKiB();  // peak minus the baseline at construction

 private:
  void Stop();
  const long baseline_;
  std::atomic<long> peak_;
  std::atomic<bool> stop_{false};
  std::thread thread_;
};
#if defined(__has_feature)
#if __has_feature(address_sanitizer)
#define LANYARD_TEST_ASAN 1
#endif
#endif
#if defined(__SANITIZE_ADDRESS__) && !defined(LANYARD_TEST_ASAN)
#define LANYARD_TEST_ASAN 1
#endif
#ifdef LANYARD_TEST_ASAN
// Under AddressSanitizer freed memory waits in a quarantine (256 MiB) and every allocation has
// shadow and red zones, so RSS growth says nothing about the server: the bound is checked in
// the plain build, and here only that the attack does not run away.
constexpr long kFewMiB = 1024 * 1024;
#else
constexpr long kFewMiB = 8 * 1024;  // "within a few MB of its baseline" (issue 11)
#endif

// GET /api/v1/health answers 200 within 1 s (over TLS when the server speaks it).
bool Healthy(TestServer& s);
// Threads, thread-local connections and caches exist before an RSS baseline is taken.
void Warm(TestServer& s);

}  // namespace lanyard::testing
