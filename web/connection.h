#pragma once
// One client connection between the head gate and the workers, plain or TLS: the socket, the
// bytes read ahead, and non-blocking reads and writes that look the same for both.
#include <chrono>
#include <cstddef>
#include <memory>
#include <string>

#include "core/common/tls_session.h"

namespace lanyard::web {

// The outcome of one non-blocking read or write on a connection.
enum class ConnIo {
  kData,        // moved > 0 bytes
  kWantRead,    // nothing now: wait for readable
  kWantWrite,   // nothing now: wait for writable (TLS only)
  kClosed,      // the peer closed (reads only)
  kFailed,      // socket or protocol error
};

// Owns the socket (closed on destruction) and its TLS session, if any. Not thread-safe: exactly
// one of the gate or a worker holds it at a time.
struct Connection {
  explicit Connection(int socket_fd);
  ~Connection();
  Connection(const Connection&) = delete;
  Connection& operator=(const Connection&) = delete;

  // Reads what the socket (or TLS session) has now, at most `size` bytes; `*got` > 0 with kData.
  ConnIo Receive(char* buf, size_t size, size_t* got);
  // Writes what the socket takes now, at most `size` bytes; `*put` > 0 with kData.
  ConnIo Send(const char* buf, size_t size, size_t* put);
  // Bytes already read off the socket and decrypted, not yet handed out (TLS); epoll does not
  // see them, so whoever waits for readability checks this first.
  bool HasBuffered() const { return tls && tls->HasBuffered(); }
  // Ready for HTTP bytes: plain, or TLS with the handshake done.
  bool ready() const { return !tls || tls->handshaken(); }
  // Ends our side: TLS close_notify, then the socket's write side.
  void CloseWrite();

  int fd = -1;
  std::unique_ptr<TlsSession> tls;  // null for plain HTTP
  std::string buffer;  // bytes read from the socket and not yet handed on
  std::string remote_addr;
  int remote_port = 0;
  std::string local_addr;
  int local_port = 0;
  size_t served = 0;  // requests answered on this connection
  std::chrono::steady_clock::time_point deadline;  // the head (and TLS handshake) by then
  // A reply went out before the request's body was read: the gate reads and discards what the
  // client still sends (briefly, boundedly) before closing, so the client sees the reply
  // instead of a reset. Set by whoever admits it after CloseWrite().
  bool draining = false;
  size_t drained = 0;
};

}  // namespace lanyard::web
