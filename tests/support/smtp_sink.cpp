#include "tests/support/smtp_sink.h"

#include <arpa/inet.h>
#include <doctest/doctest.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <cctype>

namespace lanyard::testing {

namespace {

bool SendAll(int fd, const std::string& text) {
  size_t done = 0;
  while (done < text.size()) {
    const ssize_t n = ::send(fd, text.data() + done, text.size() - done, MSG_NOSIGNAL);
    if (n <= 0) return false;
    done += static_cast<size_t>(n);
  }
  return true;
}

std::string Upper(std::string s) {
  for (char& c : s) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return s;
}

// The address inside "<…>" of a MAIL/RCPT argument.
std::string Address(const std::string& line) {
  const size_t open = line.find('<');
  const size_t close = line.find('>', open == std::string::npos ? 0 : open);
  if (open == std::string::npos || close == std::string::npos) return "";
  return line.substr(open + 1, close - open - 1);
}

std::string HeaderValue(const std::string& data, const std::string& name) {
  const std::string lower_name = Upper(name) + ":";
  size_t pos = 0;
  while (pos < data.size()) {
    const size_t end = data.find("\r\n", pos);
    const std::string line = data.substr(pos, end == std::string::npos ? std::string::npos : end - pos);
    if (line.empty()) break;  // end of the header
    if (Upper(line.substr(0, lower_name.size())) == lower_name) {
      std::string value = line.substr(lower_name.size());
      value.erase(0, value.find_first_not_of(" \t"));
      return value;
    }
    if (end == std::string::npos) break;
    pos = end + 2;
  }
  return "";
}

}  // namespace

SmtpSink::SmtpSink() {
  REQUIRE(::pipe2(stop_pipe_, O_CLOEXEC) == 0);
  listen_fd_ = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  REQUIRE(listen_fd_ >= 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  addr.sin_port = 0;
  REQUIRE(::bind(listen_fd_, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0);
  REQUIRE(::listen(listen_fd_, 64) == 0);
  socklen_t len = sizeof addr;
  REQUIRE(::getsockname(listen_fd_, reinterpret_cast<sockaddr*>(&addr), &len) == 0);
  port_ = ntohs(addr.sin_port);
  acceptor_ = std::thread([this] { AcceptLoop(); });
}

SmtpSink::~SmtpSink() {
  const char stop = 'x';
  if (::write(stop_pipe_[1], &stop, 1) != 1) {
    // The pipe cannot be full: one byte is ever written.
  }
  acceptor_.join();
  std::vector<std::thread> connections;
  {
    std::lock_guard<std::mutex> lock(mutex_);
    connections.swap(connections_);
  }
  for (std::thread& t : connections) t.join();
  ::close(listen_fd_);
  ::close(stop_pipe_[0]);
  ::close(stop_pipe_[1]);
}

void SmtpSink::StallNext(const std::string& rcpt, Stall where) {
  std::lock_guard<std::mutex> lock(mutex_);
  stall_rcpt_ = rcpt;
  stall_where_ = where;
  stalled_ = false;
}

bool SmtpSink::WaitStalled(std::chrono::milliseconds timeout) {
  std::unique_lock<std::mutex> lock(mutex_);
  return changed_.wait_for(lock, timeout, [this] { return stalled_; });
}

std::vector<SmtpSink::Message> SmtpSink::Messages() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return messages_;
}

size_t SmtpSink::DataBytesReceived() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return data_bytes_;
}

void SmtpSink::AcceptLoop() {
  for (;;) {
    pollfd fds[2] = {{listen_fd_, POLLIN, 0}, {stop_pipe_[0], POLLIN, 0}};
    if (::poll(fds, 2, -1) < 0) continue;
    if (fds[1].revents) return;
    const int fd = ::accept4(listen_fd_, nullptr, nullptr, SOCK_CLOEXEC);
    if (fd < 0) continue;
    std::lock_guard<std::mutex> lock(mutex_);
    connections_.emplace_back([this, fd] {
      Serve(fd);
      ::close(fd);
    });
  }
}

bool SmtpSink::Keep(Message message) {
  std::lock_guard<std::mutex> lock(mutex_);
  const bool stall = !stall_rcpt_.empty() && stall_where_ == Stall::kAfterDataEnd &&
                     message.rcpt == stall_rcpt_;
  messages_.push_back(std::move(message));
  if (stall) {
    stall_rcpt_.clear();
    stalled_ = true;
  }
  changed_.notify_all();
  return stall;
}

void SmtpSink::Serve(int fd) {
  std::string buffer;
  bool in_data = false;  // between the 354 reply and the end of DATA
  // The next CRLF-terminated line; false when the client left or the sink stops.
  auto read_line = [&](std::string& line) {
    for (;;) {
      const size_t end = buffer.find("\r\n");
      if (end != std::string::npos) {
        line = buffer.substr(0, end);
        buffer.erase(0, end + 2);
        return true;
      }
      pollfd fds[2] = {{fd, POLLIN, 0}, {stop_pipe_[0], POLLIN, 0}};
      if (::poll(fds, 2, -1) < 0) continue;
      if (fds[1].revents) return false;
      char chunk[4096];
      const ssize_t n = ::recv(fd, chunk, sizeof chunk, 0);
      if (n <= 0) return false;
      buffer.append(chunk, static_cast<size_t>(n));
      if (in_data) {
        std::lock_guard<std::mutex> lock(mutex_);
        data_bytes_ += static_cast<size_t>(n);
      }
    }
  };
  // A stalled transfer: read (and drop) whatever comes until the client goes away.
  auto hold = [&] {
    std::string ignored;
    while (read_line(ignored)) {}
  };
  if (!SendAll(fd, "220 sink ESMTP\r\n")) return;
  std::string rcpt;
  std::string line;
  while (read_line(line)) {
    const std::string verb = Upper(line.substr(0, 4));
    if (verb == "EHLO" || verb == "HELO") {
      SendAll(fd, "250 sink\r\n");
    } else if (verb == "MAIL") {
      rcpt.clear();
      SendAll(fd, "250 OK\r\n");
    } else if (verb == "RCPT") {
      if (rcpt.empty()) rcpt = Address(line);
      SendAll(fd, "250 OK\r\n");
    } else if (verb == "DATA") {
      bool stall_here = false;
      {
        std::lock_guard<std::mutex> lock(mutex_);
        if (!stall_rcpt_.empty() && stall_where_ == Stall::kAtData && rcpt == stall_rcpt_) {
          stall_rcpt_.clear();
          stalled_ = true;
          stall_here = true;
          changed_.notify_all();
        }
      }
      if (stall_here) return hold();
      {
        std::lock_guard<std::mutex> lock(mutex_);
        data_bytes_ = buffer.size();  // nothing: the client waits for the 354
      }
      in_data = true;
      SendAll(fd, "354 go ahead\r\n");
      Message message;
      message.rcpt = rcpt;
      std::string body_line;
      bool complete = false;
      while (read_line(body_line)) {
        if (body_line == ".") {
          complete = true;
          break;
        }
        if (!body_line.empty() && body_line[0] == '.') body_line.erase(0, 1);
        message.data += body_line + "\r\n";
      }
      in_data = false;
      if (!complete) return;  // the client went away before the end of DATA: nothing kept
      message.message_id = HeaderValue(message.data, "Message-ID");
      if (message.message_id.size() > 2 && message.message_id.front() == '<' &&
          message.message_id.back() == '>') {
        message.message_id = message.message_id.substr(1, message.message_id.size() - 2);
      }
      if (Keep(std::move(message))) return hold();
      SendAll(fd, "250 accepted\r\n");
    } else if (verb == "QUIT") {
      SendAll(fd, "221 bye\r\n");
      return;
    } else {
      SendAll(fd, "250 OK\r\n");
    }
  }
}

}  // namespace lanyard::testing
