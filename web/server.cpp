#include "web/server.h"

#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/resource.h>
#include <sys/socket.h>

#include <chrono>
#include <condition_variable>
#include <csignal>
#include <cstdio>
#include <deque>
#include <functional>
#include <mutex>
#include <thread>
#include <vector>

#include "core/common/time_util.h"
#include "web/api_links.h"
#include "web/client_address.h"
#include "web/errors.h"
#include "web/guarded_server.h"
#include "web/request_head.h"
#include "web/static_assets.h"

namespace lanyard::web {

// Competitions and teams (SPEC §9): web/routes_competitions.cpp, web/routes_teams.cpp.
void AddCompetitionRoutes(RouteTable& t);
void AddTeamRoutes(RouteTable& t);

namespace {

constexpr size_t kMaxPathLength = 2048;  // long paths are refused before any route matches
constexpr int kListenBacklog = 1024;

thread_local std::chrono::steady_clock::time_point request_started;

const char* const kContentSecurityPolicy =
    "default-src 'self'; img-src 'self' data: blob:; media-src 'self' blob:; "
    "style-src 'self'; script-src 'self'; connect-src 'self'; object-src 'none'; "
    "base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

// httplib's ThreadPool starts every worker in its constructor: with 256 of them that was most of
// the time from start to healthy (about half a second on a 2-core machine) and their stacks
// count in RSS from the start. This pool starts a worker when a job finds none idle, up to
// `max_threads`, and keeps it. Each keep-alive connection holds a worker while it is open.
// httplib 0.18 made TaskQueue::enqueue return whether the job was taken; 0.11 returns void.
using EnqueueResult = decltype(std::declval<httplib::TaskQueue&>().enqueue(std::function<void()>()));

class ElasticThreadPool : public httplib::TaskQueue {
 public:
  // `before_shutdown` runs first when the library shuts the pool down (it stops the head gate,
  // the other source of jobs).
  ElasticThreadPool(size_t max_threads, std::function<void()> before_shutdown)
      : max_threads_(max_threads), before_shutdown_(std::move(before_shutdown)) {}

  EnqueueResult enqueue(std::function<void()> fn) override {
    {
      std::lock_guard<std::mutex> lock(mutex_);
      jobs_.push_back(std::move(fn));
      if (idle_ < jobs_.size() && threads_.size() < max_threads_) {
        threads_.emplace_back([this] { Work(); });
      }
    }
    wake_.notify_one();
    return static_cast<EnqueueResult>(true);  // void on 0.11: the job is always taken
  }

  // Called once by httplib after the accept loop ended; finishes the queued jobs.
  void shutdown() override {
    if (before_shutdown_) before_shutdown_();
    std::vector<std::thread> threads;
    {
      std::lock_guard<std::mutex> lock(mutex_);
      stopping_ = true;
      threads.swap(threads_);
    }
    wake_.notify_all();
    for (auto& t : threads) t.join();
  }

 private:
  void Work() {
    for (;;) {
      std::function<void()> fn;
      {
        std::unique_lock<std::mutex> lock(mutex_);
        ++idle_;
        wake_.wait(lock, [this] { return stopping_ || !jobs_.empty(); });
        --idle_;
        if (jobs_.empty()) return;  // stopping and drained
        fn = std::move(jobs_.front());
        jobs_.pop_front();
      }
      fn();
    }
  }

  const size_t max_threads_;
  const std::function<void()> before_shutdown_;
  std::mutex mutex_;
  std::condition_variable wake_;
  std::deque<std::function<void()>> jobs_;  // GUARDED_BY(mutex_)
  std::vector<std::thread> threads_;        // GUARDED_BY(mutex_)
  size_t idle_ = 0;                         // GUARDED_BY(mutex_)
  bool stopping_ = false;                   // GUARDED_BY(mutex_)
};

void WriteError(httplib::Response& res, const Error& error) {
  const nlohmann::json body = ErrorBody(error);
  res.status = body["status"].get<int>();
  res.set_content(body.dump(), "application/json; charset=utf-8");
}

// Every connection a worker and its descriptors: lift the soft limit to the hard one.
void RaiseDescriptorLimit() {
  rlimit limit{};
  if (::getrlimit(RLIMIT_NOFILE, &limit) == 0 && limit.rlim_cur < limit.rlim_max) {
    limit.rlim_cur = limit.rlim_max;
    ::setrlimit(RLIMIT_NOFILE, &limit);
  }
}

}  // namespace

RouteTable BuildRouteTable() {
  RouteTable t;
  AddHealthRoutes(t);
  AddAuthRoutes(t);
  AddProfileRoutes(t);
  AddUserAdminRoutes(t);
  AddInvitationRoutes(t);
  AddSettingsRoutes(t);
  AddOperationsRoutes(t);
  AddMailRoutes(t);
  AddEventRoutes(t);
  AddOrderRoutes(t);
  AddBankStatementRoutes(t);
  AddTicketRoutes(t);
  AddCheckinRoutes(t);
  AddOfflineCheckinRoutes(t);
  AddAttendeeRoutes(t);
  AddDrawRoutes(t);
  AddCompetitionRoutes(t);
  AddTeamRoutes(t);
  AddNominationRoutes(t);
  AddCampaignRoutes(t);
  AddSessionRoutes(t);
  return t;
}

HttpServer::HttpServer(App& app, ServerOptions options)
    : app_(app), options_(std::move(options)), routes_(BuildRouteTable()),
      limits_(options_.rate_limits) {
  app_.login_lockout().set_enabled(options_.rate_limits);
  InstallApiLinks();  // the /api/v1 paths in core's views and mails
  GateOptions gate;
  gate.max_per_address = options_.max_connections_per_address;
  std::unique_ptr<TlsServerContext> tls_context;
  if (tls()) {
    // Throws when the certificate or key cannot be loaded.
    tls_context = std::make_unique<TlsServerContext>(options_.tls_cert, options_.tls_key);
    // OpenSSL writes to the socket with write(): a client gone mid-reply must not kill us.
    std::signal(SIGPIPE, SIG_IGN);
  }
  auto guarded = std::make_unique<GuardedServer>(
      gate, [this](const std::string& method, const std::string& path) { return BodyLimit(method, path); },
      [this](const Connection& c, int status) {
        if (access_log_) {
          access_log_->Write(NowRfc3339() + " " + c.remote_addr + " - - " + std::to_string(status) +
                             " refused before routing");
        }
      },
      std::move(tls_context));
  guarded_ = guarded.get();
  server_ = std::move(guarded);
  RaiseDescriptorLimit();
  if (options_.access_log) access_log_ = std::make_unique<AccessLog>(stderr);
  Configure();
}

HttpServer::~HttpServer() {
  if (guarded_) guarded_->StopGate();  // before the access log it reports to goes away
}

std::string HttpServer::Answer(std::string_view request) { return guarded_->Answer(request); }

void HttpServer::Configure() {
  httplib::Server& s = *server_;
  const size_t threads = options_.threads;
  GuardedServer* guarded = guarded_;
  s.new_task_queue = [threads, guarded] {
    auto* pool = new ElasticThreadPool(threads, [guarded] {
      if (guarded) guarded->StopGate();
    });
    if (guarded) guarded->SetWorkQueue(pool);
    return pool;
  };
  s.set_tcp_nodelay(true);
  s.set_keep_alive_max_count(10000);
  s.set_keep_alive_timeout(10);
  s.set_read_timeout(15);
  s.set_write_timeout(15);
  s.set_payload_max_length(kMaxUploadBody);
  s.set_socket_options([this](socket_t sock) {
    int yes = 1;
    setsockopt(sock, SOL_SOCKET, SO_REUSEADDR, &yes, sizeof yes);
    setsockopt(sock, IPPROTO_TCP, TCP_NODELAY, &yes, sizeof yes);
    if (listen_fd_ < 0) listen_fd_ = sock;  // the first socket is the listening one; backlog is raised in Bind()
  });

  s.set_pre_routing_handler([this](const httplib::Request& req, httplib::Response& res) {
    request_started = std::chrono::steady_clock::now();
    if (req.path.size() > kMaxPathLength) {
      WriteError(res, ErrorForStatus(414));
      return httplib::Server::HandlerResponse::Handled;
    }
    // The gate checked these already; kept as a second line behind it.
    std::vector<HeaderField> fields;
    fields.reserve(req.headers.size());
    for (const auto& [name, value] : req.headers) fields.emplace_back(name, value);
    if (auto refused = CheckHeaderFields(fields, BodyLimit(req.method, req.path))) {
      WriteError(res, *refused);
      return httplib::Server::HandlerResponse::Handled;
    }
    // JSON routes ignore Range (a slice of a JSON document is no JSON document).
    if (IgnoresRange(req.path)) const_cast<httplib::Request&>(req).ranges.clear();
    const auto settings = app_.settings().Snapshot();
    const int per_minute = (*settings)["rate_requests_per_minute"].get<int>();
    int retry_after = 0;
    const std::string client = ClientAddress(req, (*settings)["trusted_proxies"].get<std::string>());
    if (!limits_.Allow("ip:" + client, per_minute, 60, &retry_after)) {
      res.set_header("Retry-After", std::to_string(retry_after));
      WriteError(res, ErrorForStatus(429));
      return httplib::Server::HandlerResponse::Handled;
    }
    return httplib::Server::HandlerResponse::Unhandled;
  });

  const bool https = tls();
  s.set_post_routing_handler([https](const httplib::Request& req, httplib::Response& res) {
    // A handler answering 200 to a request with one Range sends part of the body: a 206.
    if (res.status == 200 && !req.ranges.empty()) res.status = 206;
    res.set_header("X-Content-Type-Options", "nosniff");
    res.set_header("X-Frame-Options", "DENY");
    res.set_header("Referrer-Policy", "no-referrer");
    res.set_header("Content-Security-Policy", kContentSecurityPolicy);
    res.set_header("Permissions-Policy", "camera=(self), microphone=(), geolocation=()");
    if (https) res.set_header("Strict-Transport-Security", "max-age=31536000");
  });

  // Errors the library produces itself (no route, body too large, unparsable request) get the
  // spec's body; replies a handler already filled are left alone.
  s.set_error_handler(httplib::Server::HandlerWithResponse(
      [](const httplib::Request& req, httplib::Response& res) {
    // The library answers 400 when the body stream stopped at the route's limit.
    if (res.status == 400 && GuardedServer::BodyOverflowed()) {
      res.body.clear();
      res.status = 413;
    }
    if (!res.body.empty()) return httplib::Server::HandlerResponse::Unhandled;
    const bool api = req.path.rfind("/api/", 0) == 0 || res.status != 404;
    if (!api) return httplib::Server::HandlerResponse::Unhandled;
    WriteError(res, ErrorForStatus(res.status));
    return httplib::Server::HandlerResponse::Handled;
  }));

  s.set_exception_handler([](const httplib::Request& req, httplib::Response& res,
                             std::exception_ptr ep) {
    std::string what = "unknown";
    try {
      std::rethrow_exception(ep);
    } catch (const std::exception& e) {
      what = e.what();
    } catch (...) {
    }
    std::fprintf(stderr, "error: %s %s: %s\n", req.method.c_str(), req.path.c_str(), what.c_str());
    WriteError(res, ErrorForStatus(500));
  });

  if (access_log_) {
    AccessLog* log = access_log_.get();
    s.set_logger([this, log](const httplib::Request& req, const httplib::Response& res) {
      if (!LogsRequest(req.method, req.target, res.status)) return;
      const std::string client =
          ClientAddress(req, (*app_.settings().Snapshot())["trusted_proxies"].get<std::string>());
      const auto elapsed = std::chrono::steady_clock::now() - request_started;
      const double ms = std::chrono::duration<double, std::milli>(elapsed).count();
      char timing[32];
      std::snprintf(timing, sizeof timing, "%.2fms", ms);
      log->Write(NowRfc3339() + " " + client + " " + req.method + " " + EscapeForLog(req.target) + " " +
                 std::to_string(res.status) + " " + std::to_string(res.body.size()) + " " + timing);
    });
  }

  routes_.Install(s, app_, limits_);
  InstallStaticAssets(s);
}

size_t HttpServer::BodyLimit(const std::string& method, const std::string& path) const {
  const std::string prefix = "/api/v1";
  if (path.rfind(prefix, 0) != 0) return kMaxJsonBody;
  std::vector<std::string> params;
  bool path_known = false;
  const Route* route = routes_.Match(method, path.substr(prefix.size()), &params, &path_known);
  return route && route->upload ? kMaxUploadBody : kMaxJsonBody;
}

size_t HttpServer::waiting_connections() const {
  return guarded_ ? guarded_->gate().waiting() : 0;
}

int HttpServer::Bind() {
  int port;
  if (options_.port == 0) {
    port = server_->bind_to_any_port(options_.host);
  } else {
    port = server_->bind_to_port(options_.host, options_.port) ? options_.port : -1;
  }
  // httplib listens with a backlog of 5; a rush of phones needs far more.
  if (port > 0 && listen_fd_ >= 0) ::listen(listen_fd_, kListenBacklog);
  return port;
}

void HttpServer::Run() { server_->listen_after_bind(); }

void HttpServer::Stop() { server_->stop(); }

}  // namespace lanyard::web
