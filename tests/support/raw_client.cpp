#include "tests/support/raw_client.h"

#include <arpa/inet.h>
#include <doctest/doctest.h>
#include <netinet/in.h>
#include <openssl/err.h>
#include <openssl/ssl.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <fstream>
#include <stdexcept>

#include "tests/support/test_server.h"

namespace lanyard::testing {

namespace {

SSL_CTX* ClientContext() {
  static SSL_CTX* ctx = [] {
    SSL_CTX* c = SSL_CTX_new(TLS_client_method());
    SSL_CTX_set_verify(c, SSL_VERIFY_NONE, nullptr);
    return c;
  }();
  return ctx;
}

SSL* Ssl(void* p) { return static_cast<SSL*>(p); }

}  // namespace

RawClient::RawClient(int port, bool tls) {
  fd_ = ::socket(AF_INET, SOCK_STREAM, 0);
  if (fd_ < 0) throw std::runtime_error("socket");
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(static_cast<uint16_t>(port));
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (::connect(fd_, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0) {
    ::close(fd_);
    throw std::runtime_error("connect");
  }
  if (!tls) return;
  SSL* ssl = SSL_new(ClientContext());
  ssl_ = ssl;
  SSL_set_fd(ssl, fd_);
  if (SSL_connect(ssl) != 1) {
    ERR_clear_error();
    throw std::runtime_error("TLS handshake failed");
  }
}

RawClient::~RawClient() {
  if (ssl_) SSL_free(Ssl(ssl_));
  ::close(fd_);
}

bool RawClient::Answered() {
  if (ssl_ && SSL_pending(Ssl(ssl_)) > 0) return true;
  pollfd p{fd_, POLLIN, 0};
  return ::poll(&p, 1, 0) > 0;
}

bool RawClient::Send(std::string_view bytes, bool stop_on_answer) {
  size_t sent = 0;
  while (sent < bytes.size()) {
    if (stop_on_answer && Answered()) return false;
    const size_t piece = std::min<size_t>(bytes.size() - sent, 1 << 16);
    ssize_t n;
    if (ssl_) {
      n = SSL_write(Ssl(ssl_), bytes.data() + sent, static_cast<int>(piece));
      if (n <= 0) ERR_clear_error();
    } else {
      n = ::send(fd_, bytes.data() + sent, piece, MSG_NOSIGNAL);
    }
    if (n <= 0) return false;
    sent += static_cast<size_t>(n);
  }
  return true;
}

std::string RawClient::ReadAll() {
  std::string out;
  char buf[8192];
  const auto until = std::chrono::steady_clock::now() + std::chrono::seconds(3);
  while (std::chrono::steady_clock::now() < until) {
    const bool pending = ssl_ && SSL_pending(Ssl(ssl_)) > 0;
    pollfd p{fd_, POLLIN, 0};
    if (!pending && ::poll(&p, 1, 100) <= 0) {
      const size_t head_end = out.find("\r\n\r\n");
      if (head_end != std::string::npos) {
        // A complete reply with its body: stop waiting for the close.
        const size_t cl = out.find("Content-Length: ");
        if (cl != std::string::npos && out.size() >= head_end + 4 + std::stoul(out.substr(cl + 16))) break;
      }
      continue;
    }
    ssize_t n;
    if (ssl_) {
      n = SSL_read(Ssl(ssl_), buf, sizeof buf);
      if (n <= 0) ERR_clear_error();
    } else {
      n = ::recv(fd_, buf, sizeof buf, 0);
    }
    if (n <= 0) break;
    out.append(buf, static_cast<size_t>(n));
  }
  return out;
}

std::string Flood(int port, bool tls, const std::string& head, const std::string& piece, size_t max_bytes) {
  RawClient client(port, tls);
  bool going = client.Send(head, true);
  for (size_t total = 0; going && !piece.empty() && total < max_bytes; total += piece.size()) {
    going = client.Send(piece, true);
  }
  return client.ReadAll();
}

int StatusOf(const std::string& reply) {
  if (reply.rfind("HTTP/1.1 ", 0) != 0 || reply.size() < 12) return 0;
  return std::stoi(reply.substr(9, 3));
}

nlohmann::json BodyOf(const std::string& reply) {
  const size_t at = reply.find("\r\n\r\n");
  return at == std::string::npos ? nlohmann::json() : nlohmann::json::parse(reply.substr(at + 4), nullptr, false);
}

long RssKiB() {
  std::ifstream status("/proc/self/status");
  std::string line;
  while (std::getline(status, line)) {
    if (line.rfind("VmRSS:", 0) == 0) return std::stol(line.substr(6));
  }
  return 0;
}

RssPeak::RssPeak() : baseline_(RssKiB()), peak_(baseline_), thread_([this] {
  while (!stop_) {
    const long now = RssKiB();
    if (now > peak_) peak_ = now;
    std::this_thread::sleep_for(std::chrono::milliseconds(2));
  }
}) {}

RssPeak::~RssPeak() { Stop(); }

long RssPeak::GrowthKiB() {
  Stop();
  return peak_.load() - baseline_;
}

void RssPeak::Stop() {
  stop_ = true;
  if (thread_.joinable()) thread_.join();
}

bool Healthy(TestServer& s) {
  auto client = s.MakeClient();
  client->set_connection_timeout(1, 0);
  client->set_read_timeout(1, 0);
  const auto started = std::chrono::steady_clock::now();
  auto r = client->Get("/api/v1/health");
  const auto took = std::chrono::steady_clock::now() - started;
  return r && r->status == 200 && took < std::chrono::seconds(1);
}

void Warm(TestServer& s) {
  for (int i = 0; i < 4; ++i) CHECK(s.Get("/api/v1/health").status == 200);
  CHECK(s.Post("/api/v1/auth/login", {{"email", "a@example.org"}, {"password", "x"}}).status == 401);
}

}  // namespace lanyard::testing
