// Backups on PostgreSQL (issue 21): lanyard takes none there and says so instead of silently
// doing nothing — GET /admin/backups answers available:false (the admin pages show the pg_dump
// advice from it) and POST /admin/backups refuses with 409 invalid_state naming pg_dump. A real
// `lanyard serve --db postgres://…`. (`lanyard backup` and `restore` giving the same advice:
// test_cli_postgres_binary.cpp.)
#include <doctest/doctest.h>
#include <signal.h>

#include <httplib.h>

#include <chrono>
#include <map>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "tests/support/child_process.h"
#include "tests/support/pg_cluster.h"
#include "tests/support/temp_dir.h"

using lanyard::testing::Child;
using lanyard::testing::TempDir;
using nlohmann::json;

namespace {

const std::map<std::string, std::string> kEnv = {{"LANYARD_KDF", "fast"}, {"LANYARD_RATE_LIMITS", "off"}};

json Body(const httplib::Result& r) {
  REQUIRE(r);
  return json::parse(r->body, nullptr, false);
}

}  // namespace

TEST_CASE("backups on PostgreSQL: the API says to use pg_dump") {
  lanyard::testing::PgCluster* cluster = lanyard::testing::PgCluster::Shared();
  REQUIRE_MESSAGE(cluster != nullptr, "PostgreSQL server binaries are not installed");
  const std::string url = cluster->NewDatabase();
  TempDir dir;

  Child serve({"serve", "--db", url, "--data", dir.File("serve"), "--listen", "127.0.0.1:0"}, kEnv,
              dir.File("serve.err"));
  const std::string marker = "listening on http://127.0.0.1:";
  REQUIRE_MESSAGE(serve.ReadUntil(marker, std::chrono::seconds(60)), serve.out());
  REQUIRE(serve.ReadUntil("\n", std::chrono::seconds(5)));
  const int port = std::stoi(serve.out().substr(serve.out().find(marker) + marker.size()));

  {
    Child admin({"admin", "create", "--db", url, "--data", dir.File("cli"), "--email",
                 "chief@example.org", "--password", "the admin's password"},
                kEnv, dir.File("admin.err"));
    REQUIRE(admin.Wait(std::chrono::seconds(60)) == 0);
  }
  httplib::Client client("127.0.0.1", port);
  client.set_read_timeout(30);
  const json login = Body(client.Post("/api/v1/auth/login",
                                      json{{"email", "chief@example.org"},
                                           {"password", "the admin's password"}}
                                          .dump(),
                                      "application/json"));
  REQUIRE(login.contains("access_token"));
  const httplib::Headers auth = {{"Authorization", "Bearer " + login["access_token"].get<std::string>()}};

  const json list = Body(client.Get("/api/v1/admin/backups", auth));
  CHECK(list["available"] == false);
  CHECK(list["items"].empty());
  auto create = client.Post("/api/v1/admin/backups", auth, "{}", "application/json");
  REQUIRE(create);
  CHECK(create->status == 409);
  const json refused = json::parse(create->body, nullptr, false);
  CHECK(refused["code"] == "invalid_state");
  CHECK(refused["message"].get<std::string>().find("pg_dump") != std::string::npos);

  serve.Signal(SIGTERM);
  CHECK(serve.Wait(std::chrono::seconds(30)) == 0);
}
