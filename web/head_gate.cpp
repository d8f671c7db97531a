#include "web/head_gate.h"

#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <string_view>

#include "web/client_address.h"
#include "web/errors.h"

namespace lanyard::web {

namespace {

constexpr std::chrono::milliseconds kScanInterval{200};

const char* ReasonPhrase(int status) {
  switch (status) {
    case 400: return "Bad Request";
    case 408: return "Request Timeout";
    case 411: return "Length Required";
    case 413: return "Payload Too Large";
    case 414: return "URI Too Long";
    case 415: return "Unsupported Media Type";
    case 416: return "Range Not Satisfiable";
    case 431: return "Request Header Fields Too Large";
    case 503: return "Service Unavailable";
    default: return "Error";
  }
}

}  // namespace

void WriteErrorReply(Connection& c, int status) {
  if (!c.ready()) return;  // no TLS session yet to speak in
  const std::string text = ErrorBody(ErrorForStatus(status)).dump();
  std::string reply = "HTTP/1.1 " + std::to_string(status) + " " + ReasonPhrase(status) +
                      "\r\nContent-Type: application/json; charset=utf-8\r\nContent-Length: " +
                      std::to_string(text.size()) +
                      "\r\nConnection: close\r\nX-Content-Type-Options: nosniff\r\n\r\n" + text;
  // Non-blocking: what does not fit in the send buffer now is dropped with the client.
  size_t sent = 0;
  while (sent < reply.size()) {
    size_t put = 0;
    if (c.Send(reply.data() + sent, reply.size() - sent, &put) != ConnIo::kData) break;
    sent += put;
  }
}

HeadGate::HeadGate(GateOptions options, BodyLimitFn body_limit, Dispatch dispatch, Refused refused)
    : options_(options), body_limit_(std::move(body_limit)), dispatch_(std::move(dispatch)),
      refused_(std::move(refused)) {
  epoll_fd_ = ::epoll_create1(EPOLL_CLOEXEC);
  wake_fd_ = ::eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);
  if (epoll_fd_ < 0 || wake_fd_ < 0) throw std::runtime_error("cannot create the head gate");
  epoll_event ev{};
  ev.events = EPOLLIN;
  ev.data.fd = wake_fd_;
  ::epoll_ctl(epoll_fd_, EPOLL_CTL_ADD, wake_fd_, &ev);
  thread_ = std::thread([this] { Loop(); });
}

HeadGate::~HeadGate() {
  Stop();
  ::close(epoll_fd_);
  ::close(wake_fd_);
}

void HeadGate::Admit(std::unique_ptr<Connection> connection) {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    if (stopping_) return;  // closes it
    incoming_.push_back(std::move(connection));
  }
  const uint64_t one = 1;
  (void)::write(wake_fd_, &one, sizeof one);
}

void HeadGate::Stop() {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    if (stopping_) return;
    stopping_ = true;
  }
  const uint64_t one = 1;
  (void)::write(wake_fd_, &one, sizeof one);
  if (thread_.joinable()) thread_.join();
}

size_t HeadGate::waiting() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return waiting_;
}

void HeadGate::Loop() {
  auto next_scan = std::chrono::steady_clock::now() + kScanInterval;
  epoll_event events[128];
  for (;;) {
    const int n = ::epoll_wait(epoll_fd_, events, 128, static_cast<int>(kScanInterval.count()));
    std::vector<std::unique_ptr<Connection>> admitted;
    bool stopping = false;
    {
      std::lock_guard<std::mutex> lock(mutex_);
      admitted.swap(incoming_);
      stopping = stopping_;
    }
    if (stopping) break;
    for (auto& c : admitted) Accept(std::move(c));
    for (int i = 0; i < n; ++i) {
      if (events[i].data.fd == wake_fd_) {
        uint64_t count;
        (void)::read(wake_fd_, &count, sizeof count);
        continue;
      }
      OnReadable(events[i].data.fd);
    }
    const auto now = std::chrono::steady_clock::now();
    if (now >= next_scan) {
      ExpireDeadlines();
      next_scan = now + kScanInterval;
    }
    std::lock_guard<std::mutex> lock(mutex_);
    waiting_ = connections_.size();
  }
  connections_.clear();  // closes them
  std::lock_guard<std::mutex> lock(mutex_);
  incoming_.clear();
  waiting_ = 0;
}

void HeadGate::Accept(std::unique_ptr<Connection> c) {
  if (c->draining) {
    c->deadline = std::chrono::steady_clock::now() + options_.drain_timeout;
    const int fd = c->fd;
    connections_[fd] = std::move(c);
    epoll_event ev{};
    ev.events = EPOLLIN | EPOLLRDHUP;
    ev.data.fd = fd;
    if (::epoll_ctl(epoll_fd_, EPOLL_CTL_ADD, fd, &ev) != 0) connections_.erase(fd);
    return;
  }
  size_t& from_address = per_address_[c->remote_addr];
  // Loopback is the machine itself or the reverse proxy in front of it (which carries every
  // client, and limits them itself): only the overall cap applies to it.
  const bool over_address_cap = from_address >= options_.max_per_address && !IsLoopback(c->remote_addr);
  if (over_address_cap || connections_.size() >= options_.max_waiting) {
    if (from_address == 0) per_address_.erase(c->remote_addr);
    WriteErrorReply(*c, 503);
    if (refused_) refused_(*c, 503);
    return;  // closes it
  }
  ++from_address;
  c->deadline = std::chrono::steady_clock::now() + options_.head_timeout;
  const int fd = c->fd;
  connections_[fd] = std::move(c);
  if (TryHead(fd)) return;  // a pipelined request was already complete
  epoll_event ev{};
  ev.events = EPOLLIN | EPOLLRDHUP;
  ev.data.fd = fd;
  if (::epoll_ctl(epoll_fd_, EPOLL_CTL_ADD, fd, &ev) != 0) {
    Drop(fd, 0);
    return;
  }
  // A TLS session may hold the next request already decrypted, where epoll cannot see it.
  if (connections_.at(fd)->HasBuffered()) OnReadable(fd);
}

void HeadGate::Watch(int fd, bool writable) {
  epoll_event ev{};
  ev.events = EPOLLIN | EPOLLRDHUP | (writable ? static_cast<uint32_t>(EPOLLOUT) : 0u);
  ev.data.fd = fd;
  ::epoll_ctl(epoll_fd_, EPOLL_CTL_MOD, fd, &ev);
}

bool HeadGate::Handshake(int fd, Connection& c) {
  switch (c.tls->Handshake()) {
    case TlsIo::kDone:
      Watch(fd, false);
      return true;
    case TlsIo::kWantRead:
      Watch(fd, false);
      return true;
    case TlsIo::kWantWrite:
      Watch(fd, true);
      return true;
    case TlsIo::kClosed:
    case TlsIo::kFailed:
      break;
  }
  Drop(fd, 0);
  return false;
}

void HeadGate::OnReadable(int fd) {
  auto it = connections_.find(fd);
  if (it == connections_.end()) return;
  Connection& c = *it->second;
  char chunk[16384];
  if (c.draining) {
    // Raw bytes (TLS records too): they are discarded unread.
    for (;;) {
      const ssize_t n = ::recv(fd, chunk, sizeof chunk, MSG_DONTWAIT);
      if (n > 0) {
        c.drained += static_cast<size_t>(n);
        if (c.drained > options_.drain_bytes) break;
        continue;
      }
      if (n < 0 && errno == EINTR) continue;
      if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) return;
      break;
    }
    Forget(fd);  // closed by the client, an error, or enough discarded
    return;
  }
  if (!c.ready()) {
    if (!Handshake(fd, c) || !c.ready()) return;
  }
  for (;;) {
    size_t got = 0;
    const ConnIo io = c.Receive(chunk, sizeof chunk, &got);
    if (io == ConnIo::kData) {
      c.buffer.append(chunk, got);
      if (c.buffer.size() > kMaxHeadBytes) break;
      // A short plain read emptied the socket; a TLS session is read until it wants more.
      if (!c.tls && got < sizeof chunk) break;
      continue;
    }
    if (io == ConnIo::kWantRead) {
      if (c.tls) Watch(fd, false);  // a write it waited for went through
      break;
    }
    if (io == ConnIo::kWantWrite) {  // TLS wants to write before it reads on
      Watch(fd, true);
      break;
    }
    Drop(fd, 0);  // closed by the client, or an error
    return;
  }
  TryHead(fd);
}

bool HeadGate::TryHead(int fd) {
  Connection& c = *connections_.at(fd);
  auto head = TakeRequestHead(c.buffer, body_limit_);
  if (!head) return false;
  if (!*head) {
    Drop(fd, HttpStatusFor(head->error().code));
    return true;
  }
  std::unique_ptr<Connection> owned = std::move(connections_.at(fd));
  connections_.erase(fd);
  ::epoll_ctl(epoll_fd_, EPOLL_CTL_DEL, fd, nullptr);
  if (--per_address_[owned->remote_addr] == 0) per_address_.erase(owned->remote_addr);
  dispatch_(std::move(owned), std::move(head->value()));
  return true;
}

void HeadGate::Forget(int fd) {
  ::epoll_ctl(epoll_fd_, EPOLL_CTL_DEL, fd, nullptr);
  connections_.erase(fd);  // closes it
}

void HeadGate::Drop(int fd, int status) {
  auto it = connections_.find(fd);
  if (it == connections_.end()) return;
  Connection& c = *it->second;
  if (c.draining) {
    Forget(fd);
    return;
  }
  if (--per_address_[c.remote_addr] == 0) per_address_.erase(c.remote_addr);
  if (status == 0) {
    Forget(fd);
    return;
  }
  WriteErrorReply(c, status);
  if (refused_) refused_(c, status);
  c.CloseWrite();
  c.draining = true;
  c.deadline = std::chrono::steady_clock::now() + options_.drain_timeout;
}

void HeadGate::ExpireDeadlines() {
  const auto now = std::chrono::steady_clock::now();
  std::vector<std::pair<int, bool>> expired;  // fd, had started a request
  for (const auto& [fd, c] : connections_) {
    if (c->deadline <= now) expired.emplace_back(fd, !c->buffer.empty());
  }
  // An idle keep-alive connection just closes; a request that started too slowly gets a 408.
  for (const auto& [fd, started] : expired) {
    if (connections_.at(fd)->draining) {
      Forget(fd);
    } else {
      Drop(fd, started ? 408 : 0);
    }
  }
}

}  // namespace lanyard::web
