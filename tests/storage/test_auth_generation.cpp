// storage::AuthGeneration(): it grows after a commit that changed a users or auth_sessions row
// (what the session cache keys on), and stays put for commits that touch neither.
#include <doctest/doctest.h>

#include "storage/database.h"
#include "storage/generations.h"
#include "storage/query.h"
#include "storage/users_repo.h"
#include "tests/support/temp_dir.h"

using lanyard::storage::AuthGeneration;
using lanyard::storage::CommitGeneration;
using lanyard::storage::Conn;
using lanyard::storage::Database;
using lanyard::storage::DatabaseOptions;
using lanyard::storage::Exec;
using lanyard::storage::InsertId;

TEST_CASE("auth generation: grows with account and session changes only, after their commit") {
  lanyard::testing::TempDir dir;
  Database db(DatabaseOptions{dir.path() + "/auth.db"});
  db.Write([](Conn& c) {
    c.ExecScript("CREATE TABLE scratch (id INTEGER PRIMARY KEY, v TEXT)");
    return true;
  });

  uint64_t before = AuthGeneration();
  int64_t user_id = 0;
  db.Write([&](Conn& c) {
    user_id = InsertId(c,
                       "INSERT INTO users (email, email_norm, password_hash, name, created_at) "
                       "VALUES ('a@x.example', 'a@x.example', 'h', 'A', '2026-01-01T00:00:00Z') "
                       "RETURNING id");
    return true;
  });
  CHECK(AuthGeneration() > before);

  // A commit of other tables: the commit generation moves, the auth generation does not.
  before = AuthGeneration();
  const uint64_t commits = CommitGeneration();
  db.Write([](Conn& c) {
    Exec(c, "INSERT INTO scratch (v) VALUES ('x')");
    return true;
  });
  CHECK(CommitGeneration() > commits);
  CHECK(AuthGeneration() == before);

  // A session revoked (a logout) moves it.
  int64_t session_id = 0;
  db.Write([&](Conn& c) {
    session_id = lanyard::storage::InsertSession(c, user_id, "2026-01-01T00:00:00Z");
    return true;
  });
  before = AuthGeneration();
  db.Write([&](Conn& c) {
    lanyard::storage::RevokeSession(c, session_id, "2026-01-01T00:01:00Z", "logout");
    return true;
  });
  CHECK(AuthGeneration() > before);

  // So does a role change, and a unit that changed a user but rolled back (harmless extra).
  before = AuthGeneration();
  db.Write([&](Conn& c) {
    Exec(c, "UPDATE users SET role = 'organizer' WHERE id = ?", user_id);
    return true;
  });
  CHECK(AuthGeneration() > before);
  before = AuthGeneration();
  db.Write([&](Conn& c) {
    Exec(c, "UPDATE users SET active = 0 WHERE id = ?", user_id);
    return false;
  });
  CHECK(AuthGeneration() >= before);
}
