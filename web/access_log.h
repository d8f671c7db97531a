#pragma once
// One line per request (time, client, method, path, status, bytes, milliseconds), buffered and
// flushed by a background thread so logging costs no syscall on the request path.
#include <condition_variable>
#include <cstdio>
#include <mutex>
#include <string>
#include <string_view>
#include <thread>

namespace lanyard::web {

// A request target as sent, for a log line: bytes outside printable ASCII, quotes and
// backslashes become \xHH, so no target (CR, LF, "%0d%0a" decoded) can forge or break a line.
std::string EscapeForLog(std::string_view s);

// Whether a request gets a line: every one but a successful GET of /api/v1/health as a load
// balancer asks it, every second or so per instance (`target` is the request target as sent:
// with a query, e.g. the start-up probe's, or a 503 when the database is gone, it is logged).
bool LogsRequest(std::string_view method, std::string_view target, int status);

class AccessLog {
 public:
  explicit AccessLog(FILE* out);
  ~AccessLog();
  AccessLog(const AccessLog&) = delete;
  AccessLog& operator=(const AccessLog&) = delete;
  void Write(const std::string& line);

 private:
  void FlushLoop();
  FILE* out_;
  std::mutex mutex_;
  std::condition_variable wake_;
  std::string buffer_;  // GUARDED_BY(mutex_)
  bool stopping_ = false;  // GUARDED_BY(mutex_)
  std::thread flusher_;
};

}  // namespace lanyard::web
