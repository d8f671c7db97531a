// Numbered, append-only migrations: recorded, idempotent, each applied in its own transaction.
#include <doctest/doctest.h>

#include <SQLiteCpp/SQLiteCpp.h>
#include <regex>
#include <set>

#include "storage/database.h"
#include "storage/migrations.h"
#include "tests/support/temp_dir.h"

using lanyard::storage::ApplyMigrations;
using lanyard::storage::EmbeddedMigrations;
using lanyard::storage::Migration;
using lanyard::testing::TempDir;

namespace {

std::vector<std::pair<int, std::string>> Recorded(SQLite::Database& db) {
  std::vector<std::pair<int, std::string>> out;
  SQLite::Statement q(db, "SELECT version, name FROM schema_migrations ORDER BY version");
  while (q.executeStep()) out.emplace_back(q.getColumn(0).getInt(), q.getColumn(1).getString());
  return out;
}

bool TableExists(SQLite::Database& db, const std::string& name) {
  SQLite::Statement q(db, "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?");
  q.bind(1, name);
  return q.executeStep();
}

}  // namespace

TEST_CASE("migrations: embedded files are numbered NNNN_name.sql, unique and ascending") {
  const std::vector<Migration> all = EmbeddedMigrations();
  REQUIRE_FALSE(all.empty());
  CHECK(all.front().version == 1);
  CHECK(all.front().name == "0001_accounts.sql");
  std::set<int> versions;
  const std::regex name_shape("[0-9]{4}_[a-z0-9_]+\\.sql");
  for (size_t i = 0; i < all.size(); ++i) {
    INFO("migration ", all[i].name);
    CHECK(std::regex_match(all[i].name, name_shape));
    CHECK(std::stoi(all[i].name.substr(0, 4)) == all[i].version);
    CHECK_FALSE(all[i].sql.empty());
    CHECK(versions.insert(all[i].version).second);
    if (i > 0) CHECK(all[i].version > all[i - 1].version);
  }
}

TEST_CASE("migrations: every migration is recorded once, and running again changes nothing") {
  TempDir dir;
  SQLite::Database db(dir.File("m.db"), SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE);
  db.exec("PRAGMA foreign_keys=ON");
  const std::vector<Migration> all = EmbeddedMigrations();
  const int version = ApplyMigrations(db);
  CHECK(version == all.back().version);
  const auto recorded = Recorded(db);
  REQUIRE(recorded.size() == all.size());
  for (size_t i = 0; i < all.size(); ++i) {
    CHECK(recorded[i].first == all[i].version);
    CHECK(recorded[i].second == all[i].name);
  }
  {
    SQLite::Statement applied(db, "SELECT COUNT(*) FROM schema_migrations WHERE applied_at LIKE '____-__-__T__:__:__Z'");
    REQUIRE(applied.executeStep());
    CHECK(applied.getColumn(0).getInt() == static_cast<int>(all.size()));
  }
  // Idempotent: a second and third run apply nothing and fail on nothing.
  CHECK(ApplyMigrations(db) == version);
  CHECK(ApplyMigrations(db) == version);
  CHECK(Recorded(db) == recorded);
  CHECK(db.execAndGet("PRAGMA integrity_check").getString() == "ok");
  SQLite::Statement fk(db, "PRAGMA foreign_key_check");
  CHECK_FALSE(fk.executeStep());
  // The accounts schema is there.
  for (const char* table : {"users", "auth_sessions", "refresh_tokens", "one_time_tokens",
                            "documents", "organizer_applications", "settings", "audit_log",
                            "mail_outbox"}) {
    INFO("table ", table);
    CHECK(TableExists(db, table));
  }
}

TEST_CASE("migrations: the Database applies them on open and keeps them across reopen") {
  TempDir dir;
  const std::string path = dir.File("lanyard.db");
  int first = 0;
  {
    lanyard::storage::Database db({path});
    first = db.schema_version();
  }
  {
    lanyard::storage::Database db({path});
    CHECK(db.schema_version() == first);
  }
  SQLite::Database raw(path, SQLite::OPEN_READONLY);
  CHECK(Recorded(raw).size() == EmbeddedMigrations().size());
}

TEST_CASE("migrations: a failing migration rolls back whole and is not recorded") {
  TempDir dir;
  SQLite::Database db(dir.File("m.db"), SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE);
  // 0003 creates `events` first and `checkin_scans` last: a table in the way of its last
  // statement makes it fail after the earlier statements ran.
  db.exec("CREATE TABLE checkin_scans (in_the_way INTEGER)");
  CHECK_THROWS(ApplyMigrations(db));
  const auto recorded = Recorded(db);
  REQUIRE(recorded.size() == 2);
  CHECK(recorded.back().first == 2);
  CHECK(TableExists(db, "users"));                     // 0001 kept
  CHECK(TableExists(db, "mail_template_overrides"));   // 0002 kept
  CHECK_FALSE(TableExists(db, "events"));              // 0003 rolled back whole
  CHECK_FALSE(TableExists(db, "ticket_types"));
}

TEST_CASE("migrations: a recorded version newer than the binary knows is refused") {
  TempDir dir;
  SQLite::Database db(dir.File("m.db"), SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE);
  const int version = ApplyMigrations(db);
  SQLite::Statement st(db, "INSERT INTO schema_migrations (version, name) VALUES (?, 'future.sql')");
  st.bind(1, version + 1);
  st.exec();
  CHECK_THROWS_WITH(ApplyMigrations(db), doctest::Contains("newer"));
}

TEST_CASE("migrations: one numbered below the recorded version (landed after a release) is applied on upgrade") {
  TempDir dir;
  SQLite::Database db(dir.File("m.db"), SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE);
  const Migration a{1, "0001_a.sql", "CREATE TABLE a (id INTEGER)"};
  const Migration b{2, "0002_b.sql", "CREATE TABLE b (id INTEGER)"};
  const Migration c{3, "0003_c.sql", "CREATE TABLE c (id INTEGER)"};
  // The release had 1 and 3; the next one adds 2.
  CHECK(ApplyMigrations(db, {a, c}) == 3);
  CHECK_FALSE(TableExists(db, "b"));
  CHECK(ApplyMigrations(db, {a, b, c}) == 3);
  CHECK(TableExists(db, "b"));
  const auto recorded = Recorded(db);
  REQUIRE(recorded.size() == 3);
  CHECK(recorded[1] == std::make_pair(2, std::string("0002_b.sql")));
  // And only once.
  CHECK(ApplyMigrations(db, {a, b, c}) == 3);
  CHECK(Recorded(db) == recorded);
  // A binary that knows only 1 and 2 refuses the database that has 3.
  CHECK_THROWS_WITH(ApplyMigrations(db, {a, b}), doctest::Contains("newer than this lanyard knows"));
}
