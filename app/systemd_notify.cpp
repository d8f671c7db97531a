#include "app/systemd_notify.h"

#include <systemd/sd-daemon.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>

#include "web/health_probe.h"

namespace lanyard::cli {

namespace {
bool UnderSystemd() {
  const char* socket = std::getenv("NOTIFY_SOCKET");
  return socket && *socket;
}
}  // namespace

void ReadyNotifier::Start(const std::string& host, int port, bool tls, const std::string& url) {
  if (!UnderSystemd() || thread_.joinable()) return;
  thread_ = std::thread([this, host, port, tls, url] {
    while (!stopping_.load()) {
      if (web::ProbeHealth(host, port, tls, 1000)) {
        const std::string status = "READY=1\nSTATUS=Serving " + url;
        const int sent = sd_notify(0, status.c_str());
        if (sent < 0) std::fprintf(stderr, "lanyard: sd_notify READY failed (%d)\n", sent);
        ready_sent_.store(sent > 0);
        return;
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
  });
}

void ReadyNotifier::Stop() {
  stopping_.store(true);
  if (thread_.joinable()) thread_.join();
  if (ready_sent_.exchange(false)) sd_notify(0, "STOPPING=1\nSTATUS=Finishing in-flight requests");
}

}  // namespace lanyard::cli
