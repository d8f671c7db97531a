#pragma once
// The server Lanyard runs, plain HTTP or TLS: httplib's request processing and routing, fed by
// a HeadGate instead of one blocked pool thread per connection, with request bodies read through
// a stream that stops at the route's limit whatever the framing (Content-Length, chunked).
// Under TLS the gate also runs the handshakes (non-blocking), so the same head rules, deadlines
// and per-address caps hold for HTTPS.
// Built against cpp-httplib 0.11.4 (Debian 12) and 0.18+ (the calls that differ are detected
// at compile time in guarded_server.cpp).
#include <httplib.h>

#include <atomic>
#include <functional>
#include <memory>
#include <string>
#include <string_view>

#include "core/common/tls_session.h"
#include "web/head_gate.h"

namespace lanyard::web {

class GuardedServer : public httplib::Server {
 public:
  // `body_limit` names each route's body limit; `refused` hears of requests the gate answered;
  // with `tls`, every connection speaks TLS with that certificate.
  GuardedServer(GateOptions gate, BodyLimitFn body_limit, HeadGate::Refused refused,
                std::unique_ptr<TlsServerContext> tls);
  ~GuardedServer() override;

  // The queue that runs requests; the library creates it through new_task_queue when
  // listening starts, and the caller hands it here before the first connection. Not owned.
  void SetWorkQueue(httplib::TaskQueue* queue) { queue_.store(queue); }
  // Stops the gate: waiting connections are closed, served ones close after their reply.
  // Call before the work queue shuts down. Thread-safe; idempotent.
  void StopGate();
  const HeadGate& gate() const { return *gate_; }

  // True when the body of the request this thread is serving went over its limit; the error
  // handler turns the library's 400 into a 413 then.
  static bool BodyOverflowed();

  // Answers one request given as the bytes a client would send (head and body), without a
  // listening socket: the gate's head rules, the library's parsing (bodies, multipart) and the
  // routes, exactly as for a connection, then the connection closes. Returns the reply's bytes
  // ("HTTP/1.1 <status>\r\n\r\n" alone when the head rules refuse it). For the fuzz targets
  // (tests/fuzz); thread-safe like a worker; blocks until the reply is complete.
  std::string Answer(std::string_view request);

 private:
  bool process_and_close_socket(socket_t sock) override;
  // Runs one request whose head passed the gate; on a worker thread.
  void Serve(std::unique_ptr<Connection> connection, RequestHead head);
  template <typename Self>
  static bool ProcessRequest(Self& self, httplib::Stream& stream, const Connection& c,
                             bool close, bool& closed);

  const BodyLimitFn body_limit_;
  const std::unique_ptr<TlsServerContext> tls_;  // null for plain HTTP
  std::atomic<httplib::TaskQueue*> queue_{nullptr};
  std::atomic<bool> stopping_{false};
  std::unique_ptr<HeadGate> gate_;
};

}  // namespace lanyard::web
