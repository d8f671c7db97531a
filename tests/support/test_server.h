#pragma once
// The real server, built by the same function `serve` uses, on 127.0.0.1 and an ephemeral port,
// over a fresh data directory; plus a client and helpers to make users of each role.
#include <httplib.h>

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

  App& app() { return *app_; }
  web::HttpServer& server() { return *server_; }
  int port() const { return port_; }
  bool tls() const { return tls_; }
  // http(s)://127.0.0.1:port
  std::string BaseUrl() const;
  // A client for this server (certificate checks off under TLS).
  std::unique_ptr<httplib::Client> MakeClient() const;
  const std::string& data_dir() const { return dir_.path(); }

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
  TempDir dir_;
  const bool tls_;
  std::unique_ptr<App> app_;
  std::unique_ptr<web::HttpServer> server_;
  std::thread thread_;
  int port_ = 0;
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
