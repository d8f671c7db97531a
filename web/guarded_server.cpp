#include "web/guarded_server.h"

#include <fcntl.h>
#include <netdb.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstring>
#include <thread>
#include <type_traits>

#include "web/errors.h"

namespace lanyard::web {

namespace {

using Clock = std::chrono::steady_clock;

constexpr size_t kMaxRequestsPerConnection = 10000;
constexpr uint64_t kChunkFramingSlack = 64 * 1024;  // chunk sizes and line ends
constexpr std::chrono::seconds kBodyDeadline{60};   // the whole body, however it trickles

thread_local bool t_body_overflow = false;

void SocketAddress(int fd, bool peer, std::string* ip, int* port) {
  sockaddr_storage addr{};
  socklen_t len = sizeof addr;
  const int rc = peer ? ::getpeername(fd, reinterpret_cast<sockaddr*>(&addr), &len)
                      : ::getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len);
  if (rc != 0) return;
  char host[NI_MAXHOST];
  char serv[NI_MAXSERV];
  if (::getnameinfo(reinterpret_cast<sockaddr*>(&addr), len, host, sizeof host, serv, sizeof serv,
                    NI_NUMERICHOST | NI_NUMERICSERV) == 0) {
    *ip = host;
    *port = std::atoi(serv);
  }
}

// Waits until `fd` is ready for `events`, at most `timeout` and never past `deadline`.
bool WaitFor(int fd, short events, std::chrono::milliseconds timeout, Clock::time_point deadline) {
  const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now());
  const auto wait = std::min(timeout, left);
  if (wait.count() <= 0) return false;
  pollfd p{fd, events, 0};
  for (;;) {
    const int rc = ::poll(&p, 1, static_cast<int>(wait.count()));
    if (rc < 0 && errno == EINTR) continue;
    return rc > 0 && (p.revents & (events | POLLHUP | POLLERR)) != 0;
  }
}

// The stream httplib reads one request from: first the bytes the gate already holds (the
// checked head, then anything read ahead), then the socket, never more body than `budget`.
// Some of the stream's overrides cannot say `override` (see is_writable); clang warns of that.
#if defined(__clang__)
#pragma clang diagnostic push
#pragma clang diagnostic ignored "-Winconsistent-missing-override"
#endif
class GuardedStream : public httplib::Stream {
 public:
  GuardedStream(Connection& c, size_t head_bytes, uint64_t budget, std::chrono::milliseconds read_timeout,
                std::chrono::milliseconds write_timeout)
      : c_(c), head_bytes_(head_bytes), budget_(budget), read_timeout_(read_timeout),
        write_timeout_(write_timeout), started_(Clock::now()), body_deadline_(started_ + kBodyDeadline) {}
  ~GuardedStream() override { c_.buffer.erase(0, pos_); }  // keep only what was not consumed

  bool is_readable() const override { return pos_ < c_.buffer.size() || c_.HasBuffered(); }
  // The library's virtual until 0.19, replaced by wait_writable in 0.20+ (hence no `override`,
  // on this and the next three: each overrides where the library declares it).
  bool is_writable() const {
    return WaitFor(c_.fd, POLLOUT, write_timeout_, Clock::now() + write_timeout_);
  }
  bool wait_readable() const {
    return is_readable() || WaitFor(c_.fd, POLLIN, read_timeout_, body_deadline_);
  }
  bool wait_writable() const { return is_writable(); }
  time_t duration() const {
    return std::chrono::duration_cast<std::chrono::seconds>(Clock::now() - started_).count();
  }

  ssize_t read(char* ptr, size_t size) override {
    const uint64_t allowed = head_bytes_ + budget_ - delivered_;
    if (allowed == 0) {
      t_body_overflow = true;
      return -1;
    }
    size = static_cast<size_t>(std::min<uint64_t>(size, allowed));
    if (pos_ < c_.buffer.size()) {
      const size_t n = std::min(size, c_.buffer.size() - pos_);
      std::memcpy(ptr, c_.buffer.data() + pos_, n);
      pos_ += n;
      delivered_ += n;
      return static_cast<ssize_t>(n);
    }
    short wait_for = c_.HasBuffered() ? 0 : POLLIN;
    for (;;) {
      if (wait_for != 0 && !WaitFor(c_.fd, wait_for, read_timeout_, body_deadline_)) return -1;
      size_t got = 0;
      switch (c_.Receive(ptr, size, &got)) {
        case ConnIo::kData:
          delivered_ += got;
          return static_cast<ssize_t>(got);
        case ConnIo::kClosed: return 0;
        case ConnIo::kWantRead: wait_for = POLLIN; break;
        case ConnIo::kWantWrite: wait_for = POLLOUT; break;
        case ConnIo::kFailed: return -1;
      }
    }
  }

  ssize_t write(const char* ptr, size_t size) override {
    if (size == 0) return 0;
    for (;;) {
      size_t put = 0;
      short wait_for = 0;
      switch (c_.Send(ptr, size, &put)) {
        case ConnIo::kData: return static_cast<ssize_t>(put);
        case ConnIo::kWantRead: wait_for = POLLIN; break;
        case ConnIo::kWantWrite: wait_for = POLLOUT; break;
        case ConnIo::kClosed:
        case ConnIo::kFailed: return -1;
      }
      if (!WaitFor(c_.fd, wait_for, write_timeout_, Clock::now() + write_timeout_)) return -1;
    }
  }

  void get_remote_ip_and_port(std::string& ip, int& port) const override {
    ip = c_.remote_addr;
    port = c_.remote_port;
  }
  void get_local_ip_and_port(std::string& ip, int& port) const override {
    ip = c_.local_addr;
    port = c_.local_port;
  }
  // httplib 0.11 uses this only to refuse sockets past FD_SETSIZE, a select() limit; this stream
  // polls, so a higher descriptor is reported as one that passes that check.
  socket_t socket() const override { return c_.fd < FD_SETSIZE ? c_.fd : 0; }

  uint64_t body_read() const { return delivered_ > head_bytes_ ? delivered_ - head_bytes_ : 0; }

 private:
  Connection& c_;
  const size_t head_bytes_;
  const uint64_t budget_;
  const std::chrono::milliseconds read_timeout_;
  const std::chrono::milliseconds write_timeout_;
  const Clock::time_point started_;
  const Clock::time_point body_deadline_;
  size_t pos_ = 0;          // next unread byte of c_.buffer
  uint64_t delivered_ = 0;  // bytes handed to the library, head included
};
#if defined(__clang__)
#pragma clang diagnostic pop
#endif

std::chrono::milliseconds Millis(time_t sec, time_t usec) {
  return std::chrono::milliseconds(sec * 1000 + usec / 1000);
}

}  // namespace

GuardedServer::GuardedServer(GateOptions gate, BodyLimitFn body_limit, HeadGate::Refused refused,
                             std::unique_ptr<TlsServerContext> tls)
    : body_limit_(std::move(body_limit)), tls_(std::move(tls)) {
  gate_ = std::make_unique<HeadGate>(
      gate, body_limit_,
      [this](std::unique_ptr<Connection> c, RequestHead head) {
        httplib::TaskQueue* queue = queue_.load();
        if (!queue) return;  // not listening: drop the connection
        // std::function needs a copyable callable: the connection rides in a shared_ptr.
        auto shared = std::make_shared<std::unique_ptr<Connection>>(std::move(c));
        auto job = [this, shared, head = std::move(head)]() mutable {
          Serve(std::move(*shared), std::move(head));
        };
        queue->enqueue(std::move(job));
      },
      std::move(refused));
}

GuardedServer::~GuardedServer() { StopGate(); }

void GuardedServer::StopGate() {
  stopping_ = true;
  gate_->Stop();
}

bool GuardedServer::BodyOverflowed() { return t_body_overflow; }

bool GuardedServer::process_and_close_socket(socket_t sock) {
  auto c = std::make_unique<Connection>(sock);
  if (tls_) {
    // The gate runs the handshake with epoll: the socket must never block it.
    const int flags = ::fcntl(sock, F_GETFL, 0);
    if (flags < 0 || ::fcntl(sock, F_SETFL, flags | O_NONBLOCK) != 0) return true;  // closes it
    c->tls = tls_->NewSession(sock);
    if (!c->tls) return true;
  }
  SocketAddress(sock, true, &c->remote_addr, &c->remote_port);
  SocketAddress(sock, false, &c->local_addr, &c->local_port);
  gate_->Admit(std::move(c));
  return true;
}

template <typename Self>
bool GuardedServer::ProcessRequest(Self& self, httplib::Stream& stream, const Connection& c,
                                   bool close, bool& closed) {
  if constexpr (requires {
                  self.process_request(stream, c.remote_addr, c.remote_port, c.local_addr,
                                       c.local_port, close, closed, nullptr);
                }) {
    // httplib 0.18+: the caller passes the addresses.
    return self.process_request(stream, c.remote_addr, c.remote_port, c.local_addr, c.local_port,
                                close, closed, nullptr);
  } else {
    return self.process_request(stream, close, closed, nullptr);
  }
}

void GuardedServer::Serve(std::unique_ptr<Connection> c, RequestHead head) {
  t_body_overflow = false;
  const uint64_t budget = head.chunked ? body_limit_(head.method, head.path) + kChunkFramingSlack
                                       : head.content_length.value_or(0);
  // A chunked body's end is not known here: its connection closes after the reply.
  const bool close = head.close || head.chunked || c->served + 1 >= kMaxRequestsPerConnection ||
                     stopping_.load();
  bool closed = false;
  bool ok = false;
  bool body_complete = false;
  {
    GuardedStream stream(*c, head.forward.size(), budget, Millis(read_timeout_sec_, read_timeout_usec_),
                         Millis(write_timeout_sec_, write_timeout_usec_));
    ok = ProcessRequest(*this, stream, *c, close, closed);
    body_complete = !head.chunked && stream.body_read() == head.content_length.value_or(0);
  }
  ++c->served;
  if (ok && !close && !closed && body_complete && !stopping_.load()) {
    gate_->Admit(std::move(c));
  } else if (!body_complete && !stopping_.load()) {
    // A reply sent before its body was read (a refusal) leaves the body on the wire: let the
    // gate drain it so the client reads the reply rather than a reset.
    c->CloseWrite();
    c->draining = true;
    gate_->Admit(std::move(c));
  }
}

std::string GuardedServer::Answer(std::string_view request) {
  auto refused = [](int status) { return "HTTP/1.1 " + std::to_string(status) + "\r\n\r\n"; };
  std::string buffer(request);
  auto head = TakeRequestHead(buffer, body_limit_);
  if (!head) return refused(408);  // an incomplete head: the gate would wait, then refuse
  if (!*head) return refused(HttpStatusFor(head->error().code));
  int fds[2];
  if (::socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, fds) != 0) return refused(503);
  // The client's side: everything it sends is already in the buffer, so it only reads the
  // reply (on its own thread: a reply larger than the socket buffer would block the worker).
  ::shutdown(fds[1], SHUT_WR);
  std::string reply;
  std::thread client([&reply, fd = fds[1]] {
    char chunk[16384];
    ssize_t n;
    while ((n = ::read(fd, chunk, sizeof chunk)) > 0) reply.append(chunk, static_cast<size_t>(n));
  });
  auto c = std::make_unique<Connection>(fds[0]);
  c->remote_addr = c->local_addr = "127.0.0.1";
  c->buffer = std::move(buffer);
  head->value().close = true;
  Serve(std::move(c), std::move(head->value()));  // closes our side, or hands it to the gate to drain
  client.join();
  ::close(fds[1]);
  return reply;
}

}  // namespace lanyard::web
