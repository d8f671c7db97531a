#include "web/access_log.h"

#include <chrono>

namespace lanyard::web {

bool LogsRequest(std::string_view method, std::string_view target, int status) {
  return !(status == 200 && (method == "GET" || method == "HEAD") && target == "/api/v1/health");
}

std::string EscapeForLog(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (char c : s) {
    const auto u = static_cast<unsigned char>(c);
    if (u < 0x21 || u > 0x7e || c == '"' || c == '\\') {
      char hex[5];
      std::snprintf(hex, sizeof hex, "\\x%02x", u);
      out += hex;
    } else {
      out += c;
    }
  }
  return out;
}

namespace {
constexpr size_t kMaxBuffered = 4 * 1024 * 1024;  // drop lines rather than grow without bound
}

AccessLog::AccessLog(FILE* out) : out_(out), flusher_([this] { FlushLoop(); }) {}

AccessLog::~AccessLog() {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    stopping_ = true;
  }
  wake_.notify_all();
  flusher_.join();
}

void AccessLog::Write(const std::string& line) {
  std::lock_guard<std::mutex> lock(mutex_);
  if (buffer_.size() + line.size() + 1 > kMaxBuffered) return;
  buffer_ += line;
  buffer_ += '\n';
}

void AccessLog::FlushLoop() {
  std::string pending;
  for (;;) {
    bool stop;
    {
      std::unique_lock<std::mutex> lock(mutex_);
      wake_.wait_for(lock, std::chrono::milliseconds(200), [this] { return stopping_; });
      pending.swap(buffer_);
      stop = stopping_;
    }
    if (!pending.empty()) {
      fwrite(pending.data(), 1, pending.size(), out_);
      fflush(out_);
      pending.clear();
    }
    if (stop) return;
  }
}

}  // namespace lanyard::web
