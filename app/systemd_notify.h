#pragma once
// The systemd side of `serve` under the packaged unit (Type=notify): READY=1 once the server
// answers HTTP, STOPPING=1 when it begins to stop. Without $NOTIFY_SOCKET (not started by
// systemd) every call does nothing, so `serve` from a terminal is unchanged.
#include <atomic>
#include <string>
#include <thread>

namespace lanyard::cli {

class ReadyNotifier {
 public:
  ReadyNotifier() = default;
  ~ReadyNotifier() { Stop(); }
  ReadyNotifier(const ReadyNotifier&) = delete;
  ReadyNotifier& operator=(const ReadyNotifier&) = delete;

  // Starts a thread that probes GET /api/v1/health on host:port every 50 ms and, on the first
  // 200, sends READY=1 with STATUS="Serving <url>". Call after Bind() and before the blocking
  // Run(). A no-op when $NOTIFY_SOCKET is unset. Start and Stop must not run at the same time (serve calls Start before the signal watcher exists).
  void Start(const std::string& host, int port, bool tls, const std::string& url);
  // Sends STOPPING=1 (when READY was sent) and joins the probe thread. Idempotent.
  void Stop();

 private:
  std::thread thread_;
  std::atomic<bool> stopping_{false};
  std::atomic<bool> ready_sent_{false};
};

}  // namespace lanyard::cli
