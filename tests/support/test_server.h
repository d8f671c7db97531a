#pragma once
// The real server, built by the same function `serve` uses, on 127.0.0.1 and an ephemeral port,
// over a fresh data directory; plus a client and helpers to make users of each role.
//
// With LANYARD_TEST_DB=postgres in the environment (the ctest entries web-pg/<case>), the server
// is TWO instances (two Apps and HttpServers, each with its own data directory holding copies of
// the same secrets) over one fresh database in the process's PostgreSQL test cluster
// (tests/support/pg_cluster.h), and Call()/Upload() alternate between them request by request:
// every scenario checks that the API's rules hold across instances. Without the variable: one
// instance over SQLite, as always. Without PostgreSQL server binaries the constructor throws.
#include <httplib.h>

#include <atomic>
#include <functional>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "core/app.h"
#include "tests/support/temp_dir.h"
#include "web/server.h"

namespace lanyard::testing {

struct Reply {
  int status = 0;
  std::string body;
  httplib::Headers headers;
  nlohmann::json Json() const { return nlohmann::json::parse(body, nullptr, false); }
  std::string Header(const std::string& name) const;
};

struct TestUser {
  int64_t id = 0;
  std::string email;
  std::string password;
  std::string token;    // access token
  std::string refresh;  // refresh token
};

class TestServer {
 public:
  // Rate limits off and the fast KDF unless asked otherwise; with `tls`, HTTPS with the
  // self-signed certificate of `serve --tls auto`.
  explicit TestServer(bool rate_limits = false, bool tls = false);
  ~TestServer();

  // True when LANYARD_TEST_DB=postgres: two instances over a PostgreSQL database.
  static bool OnPostgres();

  // The first instance (the only one on SQLite).
  App& app() { return app(0); }
  web::HttpServer& server() { return server(0); }
  int port() const { return port(0); }
  // Instance `i` in [0, instances()); std::out_of_range otherwise.
  size_t instances() const { return instances_.size(); }
  App& app(size_t i) { return *instances_.at(i)->app; }
  web::HttpServer& server(size_t i) { return *instances_.at(i)->server; }
  int port(size_t i) const { return instances_.at(i)->port; }
  bool tls() const { return tls_; }
  // http(s)://127.0.0.1:port of the first instance (every instance's base_url setting: the
  // address people see, as behind a load balancer), or of instance `i`.
  std::string BaseUrl() const { return BaseUrl(0); }
  std::string BaseUrl(size_t i) const;
  // A client for the first instance, or for instance `i` (certificate checks off under TLS).
  std::unique_ptr<httplib::Client> MakeClient() const { return MakeClient(0); }
  std::unique_ptr<httplib::Client> MakeClient(size_t i) const;
  // The instance the next Call()/Upload() goes to (they take turns, unless pinned), advancing
  // the turn.
  size_t NextInstance();
  // From now on every Call()/Upload() goes to instance `i`: for what is kept per instance by
  // design (rate limits and the sign-in lockout, README "Several instances"). Call before
  // requests run in parallel.
  void PinTo(size_t i);
  const std::string& data_dir() const { return dir_.path(); }
  // PostgreSQL: the database's URL (for `lanyard … --db`); "" on SQLite.
  const std::string& db_url() const { return db_url_; }

  Reply Call(const std::string& method, const std::string& path, const std::string& body = "",
             const std::string& token = "", const httplib::Headers& headers = {});
  Reply Get(const std::string& path, const std::string& token = "") { return Call("GET", path, "", token); }
  Reply Post(const std::string& path, const nlohmann::json& body, const std::string& token = "") {
    return Call("POST", path, body.dump(), token);
  }
  Reply Patch(const std::string& path, const nlohmann::json& body, const std::string& token = "") {
    return Call("PATCH", path, body.dump(), token);
  }
  Reply Upload(const std::string& path, const std::string& file_bytes, const std::string& filename,
               const std::string& token, const httplib::MultipartFormDataItems& extra = {},
               const std::string& method = "POST");

  // A confirmed, signed-in user with the given role ("attendee", "staff", "organizer", "admin").
  TestUser MakeUser(const std::string& role = "attendee", const std::string& name = "Test User");
  // Queued outbox rows of a kind for an address (newest last), as their JSON data.
  std::vector<nlohmann::json> Mails(const std::string& kind, const std::string& to_email);

 private:
  struct Instance {
    std::unique_ptr<App> app;
    std::unique_ptr<web::HttpServer> server;
    std::thread thread;
    int port = 0;
  };
  // Starts an instance over `options` and waits until it answers.
  void Start(const AppOptions& options, bool rate_limits);
  // Stops every instance and drops the PostgreSQL database.
  void StopAll();

  TempDir dir_;
  const bool tls_;
  std::vector<std::unique_ptr<Instance>> instances_;
  std::atomic<size_t> turn_{0};
  std::atomic<int> pinned_{-1};  // the instance every call goes to, or -1: take turns
  std::string db_url_;  // PostgreSQL: this server's database, dropped at the end
  int user_counter_ = 0;
};

// One row of an API scenario table.
// Every member has a default initializer, so short rows compile without warnings.
struct Scenario {
  std::string name = {};
  std::string method = {};
  std::string path = {};
  std::string body = {};   // raw, so malformed JSON can be sent
  std::string token = {};  // bearer token, or empty
  int expected_status = 200;
  std::vector<std::string> expect_in_body = {};
  std::vector<std::string> expect_not_in_body = {};
  std::function<void(TestServer&)> setup = nullptr;                // runs before the request
  std::function<void(TestServer&, const Reply&)> after = nullptr;  // extra checks on db, outbox, reply
};

// Runs each scenario as a doctest SUBCASE-free sequence, reporting the scenario name on failure.
void RunScenarios(TestServer& server, const std::vector<Scenario>& scenarios);

// The body mistakes every JSON route must answer with 400 bad_request: a malformed body, a body
// that is not an object, and `typed_field` sent with the wrong JSON type (`wrong_value`).
std::vector<Scenario> BodyErrorScenarios(const std::string& method, const std::string& path,
                                         const std::string& token, const std::string& typed_field,
                                         const nlohmann::json& wrong_value = 12345);

}  // namespace lanyard::testing
