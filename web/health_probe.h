#pragma once
// Asks a running Lanyard whether it answers: used by `serve` to tell systemd it is ready
// (app/systemd_notify.h) only once a real request gets a real reply.
#include <string>

namespace lanyard::web {

// GET /api/v1/health on host:port (HTTPS when `tls`, the certificate not verified: the probe
// talks to its own process, possibly with a self-signed certificate). True on a 200 reply within
// `timeout_ms` milliseconds; false on any failure (refused, timeout, 503). Thread-safe: each call
// uses its own connection.
bool ProbeHealth(const std::string& host, int port, bool tls, int timeout_ms);

}  // namespace lanyard::web
