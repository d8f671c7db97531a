#pragma once
// TLS for the server's own connections (`--tls auto|CERT,KEY`), over non-blocking sockets, so
// the head gate can run handshakes and read request heads with epoll exactly as for plain
// HTTP. OpenSSL stays behind this header.
#include <cstddef>
#include <memory>
#include <string>

namespace lanyard {

// What a non-blocking TLS call needs before it can go on.
enum class TlsIo {
  kDone,       // finished (Handshake) or moved bytes (Read/Write)
  kWantRead,   // wait until the socket is readable, then call again
  kWantWrite,  // wait until the socket is writable, then call again
  kClosed,     // the peer closed the TLS session (close_notify or EOF)
  kFailed,     // protocol error or socket error: drop the connection
};

// One server-side TLS session on a connected socket (which the caller owns and closes).
// Not thread-safe: one thread at a time, like the connection that holds it.
class TlsSession {
 public:
  ~TlsSession();
  TlsSession(const TlsSession&) = delete;
  TlsSession& operator=(const TlsSession&) = delete;

  // Runs the handshake as far as the socket allows.
  TlsIo Handshake();
  bool handshaken() const { return handshaken_; }
  // Reads up to `size` decrypted bytes into `buf`; `*got` is the count when kDone.
  TlsIo Read(char* buf, size_t size, size_t* got);
  // Writes up to `size` bytes (partial writes allowed); `*put` is the count when kDone. After
  // kWantRead/kWantWrite, call again with the same bytes.
  TlsIo Write(const char* buf, size_t size, size_t* put);
  // Decrypted bytes already buffered inside the session (epoll cannot see them).
  bool HasBuffered() const;
  // Sends close_notify, best effort, without waiting for the peer's.
  void Close();

 private:
  friend class TlsServerContext;
  explicit TlsSession(void* ssl) : ssl_(ssl) {}
  void* ssl_;  // SSL*
  bool handshaken_ = false;
  bool failed_ = false;  // a fatal error happened: no close_notify then
  bool closed_ = false;  // close_notify sent
};

// The server's certificate and key, loaded once; makes sessions. Thread-safe after construction.
class TlsServerContext {
 public:
  // Loads a PEM certificate chain and its private key; TLS 1.2 or newer only. Throws
  // std::runtime_error when a file is unreadable or the key does not match.
  TlsServerContext(const std::string& cert_path, const std::string& key_path);
  ~TlsServerContext();
  TlsServerContext(const TlsServerContext&) = delete;
  TlsServerContext& operator=(const TlsServerContext&) = delete;

  // A session for the accepted socket `fd`, which must be non-blocking.
  std::unique_ptr<TlsSession> NewSession(int fd) const;

 private:
  void* ctx_;  // SSL_CTX*
};

}  // namespace lanyard
