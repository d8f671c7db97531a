#include "web/health_probe.h"

#include <httplib.h>

#include <memory>

namespace lanyard::web {

namespace {
// A client request, not a route (tests/web/test_openapi.cpp looks for raw route registrations).
// With a query of its own: the access log leaves out a balancer's plain health checks
// (web/access_log.h LogsRequest), and keeps this one, the start-up's proof that it answered.
constexpr char kHealthPath[] = "/api/v1/health?probe=ready";
}  // namespace

bool ProbeHealth(const std::string& host, int port, bool tls, int timeout_ms) {
  std::unique_ptr<httplib::ClientImpl> client;
  if (tls) {
    auto ssl = std::make_unique<httplib::SSLClient>(host, port);
    ssl->enable_server_certificate_verification(false);
    client = std::move(ssl);
  } else {
    client = std::make_unique<httplib::ClientImpl>(host, port);
  }
  const time_t sec = timeout_ms / 1000;
  const time_t usec = (timeout_ms % 1000) * 1000;
  client->set_connection_timeout(sec, usec);
  client->set_read_timeout(sec, usec);
  client->set_write_timeout(sec, usec);
  const auto res = client->Get(kHealthPath);
  return res && res->status == 200;
}

}  // namespace lanyard::web
