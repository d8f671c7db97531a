// The command line over PostgreSQL (README "Several instances on PostgreSQL"): the real binary
// with --db / LANYARD_DB against a database of the test cluster (tests/support/pg_cluster.h).
#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <string>
#include <vector>

#include "tests/support/child_process.h"
#include "tests/support/pg_cluster.h"
#include "tests/support/temp_dir.h"

using lanyard::testing::Finished;
using lanyard::testing::PgCluster;
using lanyard::testing::TempDir;

namespace {

Finished RunLanyard(const TempDir& dir, const std::vector<std::string>& args,
                    const std::map<std::string, std::string>& env) {
  static int counter = 0;
  return lanyard::testing::RunToEnd(args, env, dir.File("pg-cmd-" + std::to_string(++counter) + ".err"),
                                    std::chrono::seconds(120));
}

}  // namespace

TEST_CASE("cli on PostgreSQL: migrate, demo, export and admin create work, backup and restore point to pg_dump") {
  PgCluster* cluster = PgCluster::Shared();
  REQUIRE_MESSAGE(cluster != nullptr, "PostgreSQL server binaries are not installed");
  const std::string url = cluster->NewDatabase();
  TempDir dir;
  const std::map<std::string, std::string> env = {{"LANYARD_KDF", "fast"}, {"LANYARD_DB", url}};

  const Finished migrated = RunLanyard(dir, {"migrate", "--data", dir.File("a")}, env);
  CHECK(migrated.code == 0);
  CHECK(migrated.out.find("schema version") != std::string::npos);
  // Nothing is written beside the database: not even the data directory it was given.
  CHECK_FALSE(std::filesystem::exists(dir.File("a")));

  const Finished demo = RunLanyard(dir, {"demo", "--data", dir.File("a")}, env);
  REQUIRE(demo.code == 0);
  CHECK(demo.out.find("the same --db") != std::string::npos);
  CHECK(demo.out.find(url) == std::string::npos);  // a URL may carry a password

  // Another instance's data directory (none yet) exports the demo event from the shared database,
  // and creates nothing there: no data directory, as with migrate.
  const Finished exported = RunLanyard(dir, {"export", "attendees", "--event", "1", "--data", dir.File("b")}, env);
  CHECK(exported.code == 0);
  CHECK(exported.out.find("ticket") != std::string::npos);
  CHECK(exported.out.find('\n') != exported.out.rfind('\n'));  // a header and at least one row
  CHECK_FALSE(std::filesystem::exists(dir.File("b")));

  const Finished admin = RunLanyard(dir, {"admin", "create", "--email", "desk@example.org", "--password",
                               "correct horse battery", "--name", "Desk", "--data", dir.File("b")},
                         env);
  CHECK(admin.code == 0);
  CHECK_FALSE(std::filesystem::exists(dir.File("b")));
  // The admin is in the shared database: a second create promotes the same account.
  const Finished again = RunLanyard(dir, {"admin", "create", "--email", "desk@example.org", "--password",
                               "correct horse battery", "--data", dir.File("c")},
                         env);
  CHECK(again.code == 0);
  CHECK(again.out == admin.out);  // "admin desk@example.org ready (user id N)": the same N
  CHECK_FALSE(std::filesystem::exists(dir.File("c")));

  const Finished backup = RunLanyard(dir, {"backup", dir.File("x.db"), "--data", dir.File("a")}, env);
  CHECK(backup.code != 0);
  CHECK(backup.err.find("pg_dump") != std::string::npos);
  CHECK_FALSE(std::filesystem::exists(dir.File("x.db")));
  {
    std::ofstream(dir.File("old.db")) << "not a database";
  }
  const Finished restore = RunLanyard(dir, {"restore", dir.File("old.db"), "--data", dir.File("a")}, env);
  CHECK(restore.code != 0);
  CHECK(restore.err.find("pg_dump") != std::string::npos);
}
