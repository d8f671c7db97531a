#include "tests/fuzz/fuzz_app.h"

#include <cstdlib>
#include <filesystem>
#include <memory>
#include <nlohmann/json.hpp>
#include <stdexcept>

#include "core/accounts/user_admin.h"
#include "core/ops/demo.h"
#include "web/api_links.h"

namespace lanyard::fuzz {

namespace {

std::string MakeDataDir() {
  const char* tmp = std::getenv("TMPDIR");
  std::string pattern = std::string(tmp && *tmp ? tmp : "/tmp") + "/lanyard-fuzz-XXXXXX";
  if (!::mkdtemp(pattern.data())) throw std::runtime_error("mkdtemp failed");
  return pattern;
}

std::string Login(web::HttpServer& server, const std::string& email, const std::string& password) {
  const std::string body = nlohmann::json{{"email", email}, {"password", password}}.dump();
  const std::string reply = server.Answer(
      "POST /api/v1/auth/login HTTP/1.1\r\nHost: fuzz\r\nContent-Type: application/json\r\n"
      "Content-Length: " + std::to_string(body.size()) + "\r\n\r\n" + body);
  const size_t start = reply.find("\r\n\r\n");
  const auto json = nlohmann::json::parse(start == std::string::npos ? "" : reply.substr(start + 4),
                                          nullptr, false);
  if (!json.is_object() || !json.contains("access_token")) {
    throw std::runtime_error("fuzz deployment: sign-in failed for " + email + ": " + reply);
  }
  return json["access_token"].get<std::string>();
}

struct Owned {
  std::string dir;
  std::unique_ptr<App> app;
  std::unique_ptr<web::HttpServer> server;
  ~Owned() {
    server.reset();
    app.reset();
    std::error_code ignored;
    std::filesystem::remove_all(dir, ignored);
  }
};

}  // namespace

Deployment& TheDeployment() {
  static Owned owned;
  static Deployment d = [] {
    web::InstallApiLinks();  // as `lanyard` does before any command builds views or mails
    owned.dir = MakeDataDir();
    AppOptions options;
    options.data_dir = owned.dir + "/data";
    options.kdf = crypto::KdfStrength::kFast;
    // Rate limits would turn most of a fuzzing run into 429s.
    options.setting_overrides = {{"rate_limits", false}};
    owned.app = std::make_unique<App>(options);
    auto demo = demo::Create(*owned.app);
    if (!demo) throw std::runtime_error("fuzz deployment: demo failed: " + demo.error().message);
    const std::string admin_password = "fuzz-admin-password-1";
    if (!user_admin::CreateAdmin(*owned.app, "admin@fuzz.example", admin_password, "Fuzz Admin")) {
      throw std::runtime_error("fuzz deployment: no admin");
    }
    web::ServerOptions so;
    so.port = 0;
    so.access_log = false;
    so.rate_limits = false;
    owned.server = std::make_unique<web::HttpServer>(*owned.app, so);
    Deployment out;
    out.app = owned.app.get();
    out.server = owned.server.get();
    out.event_id = demo.value().event_id;
    auto find = [&](const std::string& role) -> const demo::Login& {
      for (const auto& l : demo.value().logins) {
        if (l.role == role) return l;
      }
      throw std::runtime_error("fuzz deployment: no demo " + role);
    };
    auto token = [&](Caller c) -> std::string& { return out.token[static_cast<int>(c)]; };
    token(Caller::kAttendee) = Login(*out.server, find("attendee").email, find("attendee").password);
    token(Caller::kStaff) = Login(*out.server, find("staff").email, find("staff").password);
    token(Caller::kOrganizer) = Login(*out.server, find("organizer").email, find("organizer").password);
    token(Caller::kAdmin) = Login(*out.server, "admin@fuzz.example", admin_password);
    return out;
  }();
  return d;
}

int ReplyStatus(const std::string& reply) {
  // "HTTP/1.1 " is 9 characters, then three digits.
  if (reply.size() < 12 || reply.compare(0, 5, "HTTP/") != 0) return 0;
  return std::atoi(reply.substr(9, 3).c_str());
}

}  // namespace lanyard::fuzz
