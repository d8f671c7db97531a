#pragma once
// The head gate: one thread that waits, with epoll, for the complete head of every request before
// a worker is given to it. httplib 0.11 gives each connection a pool thread from accept to close,
// so 300 clients sending a header line every few seconds, or 300 idle keep-alive phones, pin
// every worker and /health stops answering. Here a connection costs a worker only while a
// request with a complete, valid head is being served; between requests it is back in the gate.
// The gate also enforces the head rules of request_head.h (size, field count, a deadline for the
// whole head) and answers their errors itself.
#include <chrono>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <unordered_map>
#include <vector>

#include "web/connection.h"
#include "web/request_head.h"

namespace lanyard::web {

struct GateOptions {
  std::chrono::milliseconds head_timeout{10000};  // whole head, or keep-alive idle time
  size_t max_per_address = 1024;  // connections waiting per client address (not loopback)
  size_t max_waiting = 16384;                     // connections waiting in all
  // Lingering close after a refusal: clients that send their whole body before reading (most
  // libraries) still get the reply. Discarded bytes cost no memory and no worker.
  std::chrono::milliseconds drain_timeout{5000};
  size_t drain_bytes = 32 * 1024 * 1024;
};

class HeadGate {
 public:
  // Called on the gate thread with a connection whose head passed; `head.forward` has been
  // put back at the front of its buffer. Must not block (it queues work for a worker).
  using Dispatch = std::function<void(std::unique_ptr<Connection>, RequestHead)>;
  // Called on the gate thread for each request refused here, after the reply was sent.
  using Refused = std::function<void(const Connection&, int status)>;

  HeadGate(GateOptions options, BodyLimitFn body_limit, Dispatch dispatch, Refused refused);
  ~HeadGate();  // stops
  HeadGate(const HeadGate&) = delete;
  HeadGate& operator=(const HeadGate&) = delete;

  // Takes a new or kept-alive connection and waits for its next head. Thread-safe. After
  // Stop() the connection is closed at once.
  void Admit(std::unique_ptr<Connection> connection);
  // Closes every waiting connection and joins the gate thread. Idempotent; thread-safe.
  void Stop();
  // Connections waiting for a head now (for tests and metrics). Thread-safe.
  size_t waiting() const;

 private:
  void Loop();
  void Accept(std::unique_ptr<Connection> c);
  void OnReadable(int fd);
  // Runs a TLS connection's handshake as far as it goes; false when the connection was dropped.
  bool Handshake(int fd, Connection& c);
  // Waits for readability only, or for writability too (a TLS handshake that must write).
  void Watch(int fd, bool writable);
  // Looks for a complete head in c's buffer; dispatches or refuses. True when c left the gate.
  bool TryHead(int fd);
  // Removes fd; with a status, answers it first and lets it drain.
  void Drop(int fd, int status);
  void Forget(int fd);
  void ExpireDeadlines();

  const GateOptions options_;
  const BodyLimitFn body_limit_;
  const Dispatch dispatch_;
  const Refused refused_;
  int epoll_fd_ = -1;
  int wake_fd_ = -1;  // eventfd: new admissions or stop

  mutable std::mutex mutex_;
  std::vector<std::unique_ptr<Connection>> incoming_;  // GUARDED_BY(mutex_)
  bool stopping_ = false;                               // GUARDED_BY(mutex_)
  size_t waiting_ = 0;                                  // GUARDED_BY(mutex_)

  // Owned by the gate thread only.
  std::unordered_map<int, std::unique_ptr<Connection>> connections_;
  std::unordered_map<std::string, size_t> per_address_;
  std::thread thread_;
};

// Writes a complete error reply (the spec's JSON body, Connection: close) to a connection, best
// effort and without blocking. Used where the library never sees the request. Nothing is
// written on a TLS connection whose handshake has not finished.
void WriteErrorReply(Connection& c, int status);

}  // namespace lanyard::web
