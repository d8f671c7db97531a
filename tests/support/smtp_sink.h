#pragma once
// An SMTP server inside the test process for the binary tests: listens on 127.0.0.1 (a free
// port), answers curl's dialogue (EHLO, MAIL, RCPT, DATA, QUIT), keeps every message it accepts
// in memory, and can stall one transfer on purpose: the test then kills the sender while it
// waits. Thread safety: every public member may be called from any thread.
#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

namespace lanyard::testing {

class SmtpSink {
 public:
  // Where a stalled transfer stops: kAtData — after the DATA command, before the client may
  // send the message (no 354 comes); kAfterDataEnd — after the end of DATA: the message is kept
  // (the server has it) but the 250 never comes.
  enum class Stall { kAtData, kAfterDataEnd };

  struct Message {
    std::string rcpt;        // the first RCPT TO address, without <>
    std::string message_id;  // the Message-ID header's value without <>, e.g. lanyard.4.…@host
    std::string data;        // the message as received (dot-unstuffed, CRLF)
  };

  SmtpSink();  // listening when it returns; REQUIREs that it could bind
  ~SmtpSink();  // closes every connection and joins its threads
  SmtpSink(const SmtpSink&) = delete;
  SmtpSink& operator=(const SmtpSink&) = delete;

  int port() const { return port_; }
  // The next transfer to `rcpt` (once) stalls at `where` until its client goes away.
  void StallNext(const std::string& rcpt, Stall where);
  // Waits until that transfer stalled; false at the deadline.
  bool WaitStalled(std::chrono::milliseconds timeout);
  // The messages accepted so far (a stalled kAfterDataEnd one included), in arrival order.
  std::vector<Message> Messages() const;
  // The bytes received after the latest 354 reply (the message as sent, dot-stuffed, and the
  // end of DATA once it came): how far the current transfer has got.
  size_t DataBytesReceived() const;

 private:
  void AcceptLoop();
  void Serve(int fd);
  // Stores a message; true when this transfer is the one to stall after the end of DATA.
  bool Keep(Message message);

  int listen_fd_ = -1;
  int stop_pipe_[2] = {-1, -1};
  int port_ = 0;
  std::thread acceptor_;
  mutable std::mutex mutex_;
  std::condition_variable changed_;
  std::vector<std::thread> connections_;  // GUARDED_BY(mutex_)
  std::vector<Message> messages_;         // GUARDED_BY(mutex_)
  std::string stall_rcpt_;                // GUARDED_BY(mutex_); empty: none pending
  Stall stall_where_ = Stall::kAtData;    // GUARDED_BY(mutex_)
  bool stalled_ = false;                  // GUARDED_BY(mutex_)
  size_t data_bytes_ = 0;                 // GUARDED_BY(mutex_)
};

}  // namespace lanyard::testing
