#include "core/common/tls_session.h"

#include <openssl/err.h>
#include <openssl/ssl.h>

#include <cerrno>
#include <climits>
#include <stdexcept>

namespace lanyard {

namespace {

SSL* Ssl(void* p) { return static_cast<SSL*>(p); }

// Maps the outcome of an SSL_* call; clears the thread's error queue so that nothing leaks
// into the next call on this thread.
TlsIo Outcome(SSL* ssl, int rc, bool* failed) {
  const int err = SSL_get_error(ssl, rc);
  ERR_clear_error();
  // After a fatal error OpenSSL forbids SSL_shutdown: remember it.
  if (err == SSL_ERROR_SSL || err == SSL_ERROR_SYSCALL) *failed = true;
  switch (err) {
    case SSL_ERROR_WANT_READ: return TlsIo::kWantRead;
    case SSL_ERROR_WANT_WRITE: return TlsIo::kWantWrite;
    case SSL_ERROR_ZERO_RETURN: return TlsIo::kClosed;
    case SSL_ERROR_SYSCALL: return errno == 0 ? TlsIo::kClosed : TlsIo::kFailed;
    default: return TlsIo::kFailed;
  }
}

int Clamp(size_t size) { return size > INT_MAX ? INT_MAX : static_cast<int>(size); }

}  // namespace

TlsSession::~TlsSession() { SSL_free(Ssl(ssl_)); }

TlsIo TlsSession::Handshake() {
  if (handshaken_) return TlsIo::kDone;
  ERR_clear_error();
  errno = 0;
  const int rc = SSL_accept(Ssl(ssl_));
  if (rc == 1) {
    handshaken_ = true;
    return TlsIo::kDone;
  }
  const TlsIo io = Outcome(Ssl(ssl_), rc, &failed_);
  return io == TlsIo::kClosed ? TlsIo::kFailed : io;
}

TlsIo TlsSession::Read(char* buf, size_t size, size_t* got) {
  *got = 0;
  ERR_clear_error();
  errno = 0;
  const int rc = SSL_read(Ssl(ssl_), buf, Clamp(size));
  if (rc > 0) {
    *got = static_cast<size_t>(rc);
    return TlsIo::kDone;
  }
  return Outcome(Ssl(ssl_), rc, &failed_);
}

TlsIo TlsSession::Write(const char* buf, size_t size, size_t* put) {
  *put = 0;
  if (size == 0) return TlsIo::kDone;
  ERR_clear_error();
  errno = 0;
  const int rc = SSL_write(Ssl(ssl_), buf, Clamp(size));
  if (rc > 0) {
    *put = static_cast<size_t>(rc);
    return TlsIo::kDone;
  }
  return Outcome(Ssl(ssl_), rc, &failed_);
}

bool TlsSession::HasBuffered() const { return SSL_pending(Ssl(ssl_)) > 0; }

void TlsSession::Close() {
  if (!handshaken_ || failed_ || closed_) return;
  closed_ = true;
  ERR_clear_error();
  (void)SSL_shutdown(Ssl(ssl_));
  ERR_clear_error();
}

TlsServerContext::TlsServerContext(const std::string& cert_path, const std::string& key_path) {
  SSL_CTX* ctx = SSL_CTX_new(TLS_server_method());
  if (!ctx) throw std::runtime_error("cannot create a TLS context");
  ctx_ = ctx;
  SSL_CTX_set_min_proto_version(ctx, TLS1_2_VERSION);
  SSL_CTX_set_options(ctx, SSL_OP_NO_COMPRESSION | SSL_OP_NO_SESSION_RESUMPTION_ON_RENEGOTIATION |
                               SSL_OP_NO_RENEGOTIATION | SSL_OP_CIPHER_SERVER_PREFERENCE);
  // No TLS 1.3 session tickets: they arrive after the handshake, unasked, and a client that
  // waits for the reply to a request it has not finished sending would take them for it.
  SSL_CTX_set_num_tickets(ctx, 0);
  SSL_CTX_set_mode(ctx, SSL_MODE_ENABLE_PARTIAL_WRITE | SSL_MODE_ACCEPT_MOVING_WRITE_BUFFER |
                            SSL_MODE_RELEASE_BUFFERS);
  if (SSL_CTX_use_certificate_chain_file(ctx, cert_path.c_str()) != 1 ||
      SSL_CTX_use_PrivateKey_file(ctx, key_path.c_str(), SSL_FILETYPE_PEM) != 1 ||
      SSL_CTX_check_private_key(ctx) != 1) {
    ERR_clear_error();
    SSL_CTX_free(ctx);
    throw std::runtime_error("cannot load the TLS certificate " + cert_path + " or key " + key_path);
  }
}

TlsServerContext::~TlsServerContext() { SSL_CTX_free(static_cast<SSL_CTX*>(ctx_)); }

std::unique_ptr<TlsSession> TlsServerContext::NewSession(int fd) const {
  SSL* ssl = SSL_new(static_cast<SSL_CTX*>(ctx_));
  if (!ssl) return nullptr;
  if (SSL_set_fd(ssl, fd) != 1) {
    SSL_free(ssl);
    ERR_clear_error();
    return nullptr;
  }
  SSL_set_accept_state(ssl);
  return std::unique_ptr<TlsSession>(new TlsSession(ssl));
}

}  // namespace lanyard
