#include "tests/support/test_server.h"

#include <doctest/doctest.h>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <mutex>
#include <stdexcept>

#include "core/common/crypto.h"
#include "core/common/time_util.h"
#include "core/ops/tls_cert.h"
#include "tests/support/pg_cluster.h"
#include "storage/database.h"
#include "storage/query.h"
#include "storage/users_repo.h"

namespace lanyard::testing {

std::string Reply::Header(const std::string& name) const {
  auto it = headers.find(name);
  return it == headers.end() ? "" : it->second;
}

namespace {

namespace fs = std::filesystem;

// A fresh database in the tests' cluster: a copy of a migrated template (the fixture's, or one
// this process migrates on first use): CREATE DATABASE … TEMPLATE is much quicker than running
// every migration again. Returns its URL.
std::string FreshPostgresDatabase() {
  static std::mutex mutex;
  std::lock_guard<std::mutex> lock(mutex);
  PgCluster* cluster = PgCluster::Shared();
  if (cluster == nullptr) {
    throw std::runtime_error(
        "LANYARD_TEST_DB=postgres but no PostgreSQL server binaries are installed "
        "(packaging/install-deps test installs postgresql)");
  }
  if (cluster->migrated_template().empty()) {
    const std::string url = cluster->NewDatabase();
    storage::DatabaseOptions options;
    options.url = url;
    { storage::Database db(options); }  // migrates, then closes every session
    cluster->set_migrated_template(PgCluster::DatabaseName(url));
  }
  return cluster->NewDatabase(cluster->migrated_template());
}

// The second instance's data directory: copies of the first's secrets (token key, ticket key),
// as an operator copies them to every machine; uploads and other folders are its own.
void CopySecrets(const std::string& from, const std::string& to) {
  fs::create_directories(to);
  fs::permissions(to, fs::perms::owner_all, fs::perm_options::replace);
  for (const auto& entry : fs::directory_iterator(from)) {
    if (entry.is_regular_file()) fs::copy_file(entry.path(), to + "/" + entry.path().filename().string());
  }
}

}  // namespace

bool TestServer::OnPostgres() {
  const char* db = std::getenv("LANYARD_TEST_DB");
  return db != nullptr && std::string(db) == "postgres";
}

TestServer::TestServer(bool rate_limits, bool tls) : tls_(tls) {
  AppOptions options;
  options.data_dir = dir_.path() + "/data";
  options.kdf = crypto::KdfStrength::kFast;
  options.setting_overrides = {{"rate_limits", rate_limits}};
  if (OnPostgres()) db_url_ = options.db_url = FreshPostgresDatabase();
  try {
    Start(options, rate_limits);
    if (OnPostgres()) {
      AppOptions second = options;
      second.data_dir = dir_.path() + "/data2";
      CopySecrets(options.data_dir, second.data_dir);
      Start(second, rate_limits);
    }
  } catch (...) {
    StopAll();
    throw;
  }
}

void TestServer::StopAll() {
  for (auto& instance : instances_) {
    instance->server->Stop();
    instance->thread.join();
  }
  instances_.clear();  // every session to the database closes here
  if (!db_url_.empty()) {
    try {
      PgCluster::Shared()->DropDatabase(PgCluster::DatabaseName(db_url_));
    } catch (const std::exception& e) {
      MESSAGE("could not drop the test database: ", e.what());
    }
  }
}

void TestServer::Start(const AppOptions& options, bool rate_limits) {
  auto instance = std::make_unique<Instance>();
  instance->app = std::make_unique<App>(options);
  web::ServerOptions so;
  so.port = 0;
  so.threads = 32;
  so.access_log = false;
  so.rate_limits = rate_limits;
  if (tls_) {
    // The certificate `serve --tls auto` makes.
    const TlsFiles files = EnsureSelfSignedCertificate(options.data_dir);
    so.tls_cert = files.cert_path;
    so.tls_key = files.key_path;
  }
  instance->server = std::make_unique<web::HttpServer>(*instance->app, so);
  instance->port = instance->server->Bind();
  if (instance->port <= 0) throw std::runtime_error("test server could not bind");
  web::HttpServer& server = *instance->server;
  instance->thread = std::thread([&server] { server.Run(); });
  instances_.push_back(std::move(instance));
  const size_t i = instances_.size() - 1;
  // Every instance links to the first one's address, as instances behind one public name do.
  instances_[i]->app->settings().SetDerivedDefault("base_url", BaseUrl(0));
  // Wait until the accept loop runs: stopping a server that has not started listening yet is
  // lost, and the destructor's join would then wait forever.
  for (int attempt = 0; attempt < 500; ++attempt) {
    auto probe = MakeClient(i);
    probe->set_connection_timeout(1);
    if (auto r = probe->Get("/api/v1/health")) return;
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  throw std::runtime_error("test server did not start");
}

std::string TestServer::BaseUrl(size_t i) const {
  return std::string(tls_ ? "https" : "http") + "://127.0.0.1:" + std::to_string(port(i));
}

std::unique_ptr<httplib::Client> TestServer::MakeClient(size_t i) const {
  auto client = std::make_unique<httplib::Client>(BaseUrl(i));
  client->enable_server_certificate_verification(false);  // self-signed
  return client;
}

TestServer::~TestServer() { StopAll(); }

size_t TestServer::NextInstance() {
  const int pinned = pinned_.load();
  if (pinned >= 0) return static_cast<size_t>(pinned);
  return turn_++ % instances_.size();
}

void TestServer::PinTo(size_t i) {
  if (i >= instances_.size()) throw std::out_of_range("no such test server instance");
  pinned_ = static_cast<int>(i);
}

Reply TestServer::Call(const std::string& method, const std::string& path, const std::string& body,
                       const std::string& token, const httplib::Headers& headers) {
  auto owned = MakeClient(NextInstance());
  httplib::Client& client = *owned;
  client.set_read_timeout(30);
  httplib::Headers h = headers;
  if (!token.empty()) h.emplace("Authorization", "Bearer " + token);
  httplib::Result r = [&] {
    const char* type = "application/json";
    if (method == "GET") return client.Get(path, h);
    if (method == "DELETE") return client.Delete(path, h, body, type);
    if (method == "PUT") return client.Put(path, h, body, type);
    if (method == "PATCH") return client.Patch(path, h, body, type);
    return client.Post(path, h, body, type);
  }();
  Reply reply;
  if (!r) return reply;
  reply.status = r->status;
  reply.body = r->body;
  reply.headers = r->headers;
  return reply;
}

Reply TestServer::Upload(const std::string& path, const std::string& file_bytes,
                         const std::string& filename, const std::string& token,
                         const httplib::MultipartFormDataItems& extra, const std::string& method) {
  auto owned = MakeClient(NextInstance());
  httplib::Client& client = *owned;
  httplib::Headers h;
  if (!token.empty()) h.emplace("Authorization", "Bearer " + token);
  httplib::MultipartFormDataItems items = extra;
  items.push_back({"file", file_bytes, filename, "application/octet-stream"});
  auto r = method == "PUT" ? client.Put(path, h, items) : client.Post(path, h, items);
  Reply reply;
  if (!r) return reply;
  reply.status = r->status;
  reply.body = r->body;
  reply.headers = r->headers;
  return reply;
}

TestUser TestServer::MakeUser(const std::string& role, const std::string& name) {
  TestUser u;
  u.email = role + std::to_string(++user_counter_) + "@example.org";
  u.password = "correct horse " + std::to_string(user_counter_);
  const std::string now = NowRfc3339();
  app().db().Write([&](storage::Conn& c) {
    storage::UserRow row;
    row.email = u.email;
    row.password_hash = crypto::HashPassword(u.password, crypto::KdfStrength::kFast);
    row.name = name;
    row.phone = "+62 811 0000 " + std::to_string(user_counter_);
    row.role = role;
    row.email_confirmed_at = now;
    row.created_at = now;
    u.id = *storage::InsertUser(c, row, u.email);
    return true;
  });
  Reply login = Post("/api/v1/auth/login", {{"email", u.email}, {"password", u.password}});
  REQUIRE_MESSAGE(login.status == 200, login.body);
  u.token = login.Json()["access_token"];
  u.refresh = login.Json()["refresh_token"];
  return u;
}

std::vector<nlohmann::json> TestServer::Mails(const std::string& kind, const std::string& to_email) {
  std::vector<nlohmann::json> out;
  storage::Query q(app().db().Reader(),
                   "SELECT data FROM mail_outbox WHERE kind = ? AND to_email = ? ORDER BY id", kind,
                   to_email);
  while (q.Next()) out.push_back(nlohmann::json::parse(q.Text(0)));
  return out;
}

void RunScenarios(TestServer& server, const std::vector<Scenario>& scenarios) {
  for (const Scenario& s : scenarios) {
    INFO("scenario: ", s.name, " (", s.method, " ", s.path, ")");
    if (s.setup) s.setup(server);
    Reply r = server.Call(s.method, s.path, s.body, s.token);
    INFO("reply body: ", r.body);
    CHECK(r.status == s.expected_status);
    for (const auto& part : s.expect_in_body) CHECK_MESSAGE(r.body.find(part) != std::string::npos, part);
    for (const auto& part : s.expect_not_in_body) {
      CHECK_MESSAGE(r.body.find(part) == std::string::npos, part);
    }
    if (r.status >= 400) {
      // Every error carries the spec's body.
      auto body = r.Json();
      CHECK(body.is_object());
      if (body.is_object()) {
        CHECK(body["status"] == r.status);
        CHECK(body["code"].is_string());
        CHECK(body["message"].is_string());
      }
    }
    if (s.after) s.after(server, r);
  }
}

std::vector<Scenario> BodyErrorScenarios(const std::string& method, const std::string& path,
                                         const std::string& token, const std::string& typed_field,
                                         const nlohmann::json& wrong_value) {
  const std::vector<std::string> bad_request = {"\"code\":\"bad_request\""};
  std::vector<Scenario> out;
  out.push_back({"malformed JSON", method, path, "{\"" + typed_field + "\": ", token, 400, bad_request});
  out.push_back({"JSON that is not an object", method, path, "[1, 2, 3]", token, 400, bad_request});
  out.push_back({"invalid UTF-8 in JSON", method, path, "{\"" + typed_field + "\": \"\xff\xfe\"}",
                 token, 400, bad_request});
  Scenario typed{"wrong type for " + typed_field, method, path,
                 nlohmann::json{{typed_field, wrong_value}}.dump(), token, 400, bad_request};
  typed.expect_in_body.push_back(typed_field);
  out.push_back(typed);
  return out;
}

}  // namespace lanyard::testing
