#pragma once
// Builds the configured HTTP(S) server — the same function for `serve` and for the tests.
#include <httplib.h>

#include <memory>
#include <string>
#include <string_view>

#include "core/app.h"
#include "web/access_log.h"
#include "web/rate_limit.h"
#include "web/router.h"

namespace lanyard::web {

struct ServerOptions {
  std::string host = "127.0.0.1";
  int port = 8080;          // 0 picks a free port
  std::string tls_cert;     // both set → HTTPS
  std::string tls_key;
  size_t threads = 256;     // each keep-alive connection holds one pool thread
  bool access_log = true;
  bool rate_limits = true;
  size_t max_connections_per_address = 1024;  // waiting for a request head (not loopback)
};

class GuardedServer;

class HttpServer {
 public:
  HttpServer(App& app, ServerOptions options);
  ~HttpServer();
  HttpServer(const HttpServer&) = delete;
  HttpServer& operator=(const HttpServer&) = delete;

  // Binds the socket (backlog 1024); returns the port, or -1 when the address is taken.
  int Bind();
  // Serves until Stop(); in-flight requests finish before it returns.
  void Run();
  void Stop();
  bool tls() const { return !options_.tls_cert.empty(); }
  const RouteTable& routes() const { return routes_; }
  RateLimiter& limits() { return limits_; }
  // Connections waiting in the head gate for a request head (0 under TLS). Thread-safe.
  size_t waiting_connections() const;
  // Answers one request given as raw bytes, through the same head rules, parsing and routes as
  // a connection, without listening (GuardedServer::Answer). For the fuzz targets. Thread-safe.
  std::string Answer(std::string_view request);

 private:
  void Configure();
  // The largest body the route for (method, path) accepts, in bytes (1 MiB JSON, 10 MiB upload).
  size_t BodyLimit(const std::string& method, const std::string& path) const;

  App& app_;
  const ServerOptions options_;
  std::unique_ptr<httplib::Server> server_;
  GuardedServer* guarded_ = nullptr;  // server_, plain HTTP or TLS
  RouteTable routes_;
  RateLimiter limits_;
  std::unique_ptr<AccessLog> access_log_;
  int listen_fd_ = -1;
};

// All API routes, in one table (also used to generate /openapi.json).
RouteTable BuildRouteTable();

}  // namespace lanyard::web
