#include "web/connection.h"

#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>

namespace lanyard::web {

namespace {

ConnIo FromTls(TlsIo io) {
  switch (io) {
    case TlsIo::kDone: return ConnIo::kData;
    case TlsIo::kWantRead: return ConnIo::kWantRead;
    case TlsIo::kWantWrite: return ConnIo::kWantWrite;
    case TlsIo::kClosed: return ConnIo::kClosed;
    case TlsIo::kFailed: return ConnIo::kFailed;
  }
  return ConnIo::kFailed;
}

}  // namespace

Connection::Connection(int socket_fd) : fd(socket_fd) {}

Connection::~Connection() {
  if (tls) tls->Close();
  if (fd >= 0) {
    ::shutdown(fd, SHUT_RDWR);
    ::close(fd);
  }
}

ConnIo Connection::Receive(char* buf, size_t size, size_t* got) {
  *got = 0;
  if (tls) {
    const ConnIo io = FromTls(tls->Read(buf, size, got));
    return io == ConnIo::kData && *got == 0 ? ConnIo::kWantRead : io;
  }
  for (;;) {
    const ssize_t n = ::recv(fd, buf, size, MSG_DONTWAIT);
    if (n > 0) {
      *got = static_cast<size_t>(n);
      return ConnIo::kData;
    }
    if (n == 0) return ConnIo::kClosed;
    if (errno == EINTR) continue;
    return errno == EAGAIN || errno == EWOULDBLOCK ? ConnIo::kWantRead : ConnIo::kFailed;
  }
}

ConnIo Connection::Send(const char* buf, size_t size, size_t* put) {
  *put = 0;
  if (tls) {
    const ConnIo io = FromTls(tls->Write(buf, size, put));
    return io == ConnIo::kClosed ? ConnIo::kFailed : io;
  }
  for (;;) {
    const ssize_t n = ::send(fd, buf, size, MSG_NOSIGNAL | MSG_DONTWAIT);
    if (n >= 0) {
      *put = static_cast<size_t>(n);
      return n > 0 || size == 0 ? ConnIo::kData : ConnIo::kWantWrite;
    }
    if (errno == EINTR) continue;
    return errno == EAGAIN || errno == EWOULDBLOCK ? ConnIo::kWantWrite : ConnIo::kFailed;
  }
}

void Connection::CloseWrite() {
  if (tls) tls->Close();
  ::shutdown(fd, SHUT_WR);
}

}  // namespace lanyard::web
