// CommitGeneration(Conn&) / AuthGeneration(Conn&) (storage/query.h, storage/generations.h): on
// SQLite the process's own generations; on PostgreSQL they also carry the database's commit
// counter, which every instance moves after each commit and before Write returns — so a cache
// of another instance sees the commit without waiting for its NOTIFY.
#include <doctest/doctest.h>

#include "storage/generations.h"
#include "storage/query.h"
#include "tests/storage/engines.h"

using namespace lanyard;
using namespace lanyard::testing;

TEST_CASE("the shared generation moves with every commit before Write returns") {
  TempDir dir;
  auto db = OpenEachEngine(dir);
  storage::Conn& r = db->Reader();
  const uint64_t first = storage::CommitGeneration(r) >> 32;
  db->Write([](storage::Conn& c) {  // the database's first commit moves it too
    c.ExecScript(std::string("CREATE TABLE scratch (") + IdColumn(c) + ", note TEXT)");
    return true;
  });
  if (db->dialect() == storage::Dialect::kPostgres) CHECK((storage::CommitGeneration(r) >> 32) > first);
  if (db->dialect() == storage::Dialect::kSqlite) {
    CHECK(storage::CommitGeneration(r) == storage::CommitGeneration());
    CHECK(storage::AuthGeneration(r) == storage::AuthGeneration());
    return;
  }
  // PostgreSQL: the counter (high 32 bits) as another instance would read it.
  for (int i = 0; i < 20; ++i) {
    const uint64_t commits = storage::CommitGeneration(r) >> 32;
    const uint64_t auth = storage::AuthGeneration(r) >> 32;
    db->Write([i](storage::Conn& c) {
      storage::Query(c, "INSERT INTO scratch (note) VALUES (?)", std::to_string(i)).Exec();
      return true;
    });
    CHECK((storage::CommitGeneration(r) >> 32) > commits);
    CHECK((storage::AuthGeneration(r) >> 32) > auth);
  }
  // A unit that rolls back is no commit: the counter stays.
  const uint64_t before = storage::CommitGeneration(r) >> 32;
  db->Write([](storage::Conn& c) {
    storage::Query(c, "INSERT INTO scratch (note) VALUES ('dropped')").Exec();
    return false;
  });
  CHECK((storage::CommitGeneration(r) >> 32) == before);
}
