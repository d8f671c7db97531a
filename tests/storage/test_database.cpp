// The storage engine: the writer thread with group commit, per-thread readers, the connection
// settings SPEC §15 asks for, start-up checks and online backups.
#include <doctest/doctest.h>
#include <sys/stat.h>

#include <SQLiteCpp/SQLiteCpp.h>
#include <atomic>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <future>
#include <set>
#include <stdexcept>
#include <thread>
#include <vector>

#include "storage/database.h"
#include "storage/migrations.h"
#include "storage/query.h"
#include "tests/support/temp_dir.h"

using lanyard::storage::Conn;
using lanyard::storage::Database;
using lanyard::storage::DatabaseOptions;
using lanyard::storage::Exec;
using lanyard::storage::InsertId;
using lanyard::storage::Query;
using lanyard::storage::ScalarInt;
using lanyard::testing::TempDir;

namespace {

struct UnitFailure : std::runtime_error {
  UnitFailure() : std::runtime_error("the unit gave up") {}
};

// A database with a scratch table `t(id, v)` beside the real schema.
std::unique_ptr<Database> OpenWithScratch(const std::string& path) {
  auto db = std::make_unique<Database>(DatabaseOptions{path});
  db->Write([](Conn& c) {
    c.ExecScript("CREATE TABLE IF NOT EXISTS t (id INTEGER PRIMARY KEY, v TEXT NOT NULL)");
    return true;
  });
  // The scratch table's commit hooks may still be running: a hook registered now must not see them.
  db->Write([](Conn&) { return false; });
  return db;
}

// Commit hooks run on the writer thread after the callers of their batch are answered. A unit that
// keeps nothing runs no hook, and when it returns every earlier batch's hooks have run.
void HookBarrier(Database& db) {
  db.Write([](Conn&) { return false; });
}

int64_t CountRows(Conn& c) { return ScalarInt(c, "SELECT COUNT(*) FROM t").value_or(-1); }

int64_t CountValue(Conn& c, const std::string& v) {
  return ScalarInt(c, "SELECT COUNT(*) FROM t WHERE v = ?", v).value_or(-1);
}

std::string PragmaText(Conn& c, const char* sql) {
  Query q(c, sql);
  REQUIRE(q.Next());
  return q.Text(0);
}

int FileMode(const std::string& path) {
  struct stat st {};
  REQUIRE(::stat(path.c_str(), &st) == 0);
  return st.st_mode & 0777;
}

}  // namespace

TEST_CASE("database: WAL, foreign keys and synchronous=FULL are on, file mode 0600") {
  TempDir dir;
  const std::string path = dir.File("lanyard.db");
  auto db = OpenWithScratch(path);
  CHECK(PragmaText(db->Reader(), "PRAGMA journal_mode") == "wal");
  CHECK(PragmaText(db->Reader(), "PRAGMA foreign_keys") == "1");
  std::string writer_fk, writer_sync;
  db->Write([&](Conn& c) {
    writer_fk = PragmaText(c, "PRAGMA foreign_keys");
    writer_sync = PragmaText(c, "PRAGMA synchronous");
    return true;
  });
  CHECK(writer_fk == "1");
  CHECK(writer_sync == "2");  // FULL
  CHECK(FileMode(path) == 0600);

  // A row pointing at a user that does not exist is refused by the schema.
  CHECK_THROWS_AS(db->Write([](Conn& c) {
    Exec(c, "INSERT INTO auth_sessions (user_id, created_at) VALUES (?, ?)", 424242,
         "2026-01-01T00:00:00Z");
    return true;
  }),
                  SQLite::Exception);
  CHECK(ScalarInt(db->Reader(), "SELECT COUNT(*) FROM auth_sessions") == 0);
}

TEST_CASE("database: a failing unit rolls back only itself inside a shared batch") {
  TempDir dir;
  // Declared before the database: the writer may still run the hook of the last commit while
  // the database shuts down, after everything declared below it is gone.
  std::atomic<int> commits{0};
  auto db = OpenWithScratch(dir.File("lanyard.db"));
  db->OnCommit([&] { ++commits; });

  // Hold the writer inside a first batch so that the next units queue up and run together.
  std::promise<void> blocker_inside;
  std::promise<void> release;
  std::shared_future<void> gate = release.get_future().share();
  std::thread blocker([&] {
    db->Write([&](Conn& c) {
      Exec(c, "INSERT INTO t (id, v) VALUES (1, 'blocker')");
      blocker_inside.set_value();
      gate.wait();
      return true;
    });
  });
  blocker_inside.get_future().wait();

  enum Outcome { kReturned, kThrewUnitFailure, kThrewSqlite, kThrewOther };
  std::vector<std::thread> submitters;
  std::vector<Outcome> outcomes(5, kReturned);
  auto submit = [&](int slot, std::function<bool(Conn&)> unit) {
    submitters.emplace_back([&, slot, unit] {
      try {
        db->Write(unit);
        outcomes[slot] = kReturned;
      } catch (const UnitFailure&) {
        outcomes[slot] = kThrewUnitFailure;
      } catch (const SQLite::Exception&) {
        outcomes[slot] = kThrewSqlite;
      } catch (...) {
        outcomes[slot] = kThrewOther;
      }
    });
  };
  submit(0, [](Conn& c) {
    Exec(c, "INSERT INTO t (v) VALUES ('kept-1')");
    return true;
  });
  submit(1, [](Conn& c) {
    Exec(c, "INSERT INTO t (v) VALUES ('returned-false')");
    return false;
  });
  submit(2, [](Conn& c) -> bool {
    Exec(c, "INSERT INTO t (v) VALUES ('threw')");
    throw UnitFailure();
  });
  submit(3, [](Conn& c) {
    Exec(c, "INSERT INTO t (v) VALUES ('before-constraint')");
    Exec(c, "INSERT INTO t (id, v) VALUES (1, 'duplicate key')");  // id 1 is the blocker's
    return true;
  });
  submit(4, [](Conn& c) {
    Exec(c, "INSERT INTO t (v) VALUES ('kept-2')");
    return true;
  });
  // Let every submitter reach the queue while the writer is still held.
  while (db->QueuedUnits() < 5) std::this_thread::sleep_for(std::chrono::milliseconds(5));
  release.set_value();
  blocker.join();
  for (auto& t : submitters) t.join();

  CHECK(outcomes[0] == kReturned);
  CHECK(outcomes[1] == kReturned);  // false is a rollback, not an error
  CHECK(outcomes[2] == kThrewUnitFailure);
  CHECK(outcomes[3] == kThrewSqlite);
  CHECK(outcomes[4] == kReturned);

  Conn& r = db->Reader();
  CHECK(CountValue(r, "blocker") == 1);
  CHECK(CountValue(r, "kept-1") == 1);
  CHECK(CountValue(r, "kept-2") == 1);
  CHECK(CountValue(r, "returned-false") == 0);
  CHECK(CountValue(r, "threw") == 0);
  CHECK(CountValue(r, "before-constraint") == 0);
  CHECK(CountRows(r) == 3);
  // The blocker's batch, then one batch for the five queued units: one commit each.
  HookBarrier(*db);
  CHECK(commits.load() == 2);

  // The writer keeps working after failures.
  db->Write([](Conn& c) {
    Exec(c, "INSERT INTO t (v) VALUES ('after')");
    return true;
  });
  CHECK(CountValue(db->Reader(), "after") == 1);
}

TEST_CASE("database: a batch where every unit rolled back commits nothing and runs no hook") {
  TempDir dir;
  // Declared before the database: the writer may still run the hook of the last commit while
  // the database shuts down, after everything declared below it is gone.
  std::atomic<int> commits{0};
  auto db = OpenWithScratch(dir.File("lanyard.db"));
  db->OnCommit([&] { ++commits; });
  db->Write([](Conn& c) {
    Exec(c, "INSERT INTO t (v) VALUES ('no')");
    return false;
  });
  HookBarrier(*db);
  CHECK(commits.load() == 0);
  CHECK(CountRows(db->Reader()) == 0);
  db->Write([](Conn& c) {
    Exec(c, "INSERT INTO t (v) VALUES ('yes')");
    return true;
  });
  HookBarrier(*db);
  CHECK(commits.load() == 1);
}

TEST_CASE("database: many concurrent submitters are all committed and answered after commit") {
  TempDir dir;
  // Declared before the database: the writer may still run the hook of the last commit while
  // the database shuts down, after everything declared below it is gone.
  std::atomic<int> commits{0};
  auto db = OpenWithScratch(dir.File("lanyard.db"));
  db->OnCommit([&] { ++commits; });
  constexpr int kThreads = 16;
  constexpr int kPerThread = 60;
  std::atomic<int> not_visible{0};
  std::atomic<int> errors{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      const std::string tag = "thread-" + std::to_string(t);
      try {
        for (int i = 1; i <= kPerThread; ++i) {
          db->Write([&](Conn& c) {
            Exec(c, "INSERT INTO t (v) VALUES (?)", tag);
            return true;
          });
          // Answered after commit: this thread's own reader sees the row at once.
          if (CountValue(db->Reader(), tag) != i) ++not_visible;
        }
      } catch (...) {
        ++errors;
      }
    });
  }
  for (auto& th : threads) th.join();
  HookBarrier(*db);
  CHECK(errors.load() == 0);
  CHECK(not_visible.load() == 0);
  CHECK(CountRows(db->Reader()) == kThreads * kPerThread);
  // Concurrent units share commits.
  MESSAGE("units: ", kThreads * kPerThread, ", commits: ", commits.load());
  CHECK(commits.load() < kThreads * kPerThread);
  CHECK(commits.load() >= 1);
}

TEST_CASE("database: readers are per thread and read-only, Write inside a unit is refused") {
  TempDir dir;
  auto db = OpenWithScratch(dir.File("lanyard.db"));
  Conn* mine = &db->Reader();
  CHECK(&db->Reader() == mine);
  Conn* other = nullptr;
  std::thread([&] { other = &db->Reader(); }).join();
  CHECK(other != nullptr);
  CHECK(other != mine);
  CHECK_THROWS(Exec(db->Reader(), "INSERT INTO t (v) VALUES ('through a reader')"));

  CHECK_THROWS_AS(db->Write([&](Conn&) {
    db->Write([](Conn&) { return true; });
    return true;
  }),
                  std::logic_error);

  // A second database in the same process gets its own readers.
  TempDir dir2;
  auto db2 = OpenWithScratch(dir2.File("lanyard.db"));
  db2->Write([](Conn& c) {
    Exec(c, "INSERT INTO t (v) VALUES ('only in two')");
    return true;
  });
  CHECK(CountRows(db2->Reader()) == 1);
  CHECK(CountRows(db->Reader()) == 0);
}

TEST_CASE("database: reopening keeps the data and the schema version") {
  TempDir dir;
  const std::string path = dir.File("lanyard.db");
  int version = 0;
  {
    auto db = OpenWithScratch(path);
    version = db->schema_version();
    db->Write([](Conn& c) {
      Exec(c, "INSERT INTO t (v) VALUES ('durable')");
      return true;
    });
  }
  auto db = OpenWithScratch(path);
  CHECK(db->schema_version() == version);
  CHECK(CountValue(db->Reader(), "durable") == 1);
  CHECK(Database::Inspect(path) == version);
}

TEST_CASE("database: a file that is not a database is refused") {
  TempDir dir;
  const std::string path = dir.File("lanyard.db");
  {
    std::ofstream out(path, std::ios::binary);
    for (int i = 0; i < 1000; ++i) out << "this is not an SQLite file, just text. ";
  }
  CHECK_THROWS(Database(DatabaseOptions{path}));
  CHECK_THROWS(Database::Inspect(path));
}

TEST_CASE("database: quick_check failure refuses to start") {
  TempDir dir;
  const std::string path = dir.File("lanyard.db");
  {
    auto db = OpenWithScratch(path);
    db->Write([](Conn& c) {
      c.ExecScript("CREATE INDEX t_v ON t(v)");
      for (int i = 0; i < 3000; ++i) {
        Exec(c, "INSERT INTO t (v) VALUES (?)", "row " + std::to_string(i) + std::string(120, 'x'));
      }
      return true;
    });
  }
  // Closed cleanly: the WAL is checkpointed into the main file. Smash pages in the middle.
  REQUIRE_FALSE(std::filesystem::exists(path + "-wal"));
  const auto size = std::filesystem::file_size(path);
  REQUIRE(size > 40 * 4096);
  {
    std::fstream f(path, std::ios::in | std::ios::out | std::ios::binary);
    const std::string junk(4096 * 8, '\x5a');
    f.seekp(static_cast<std::streamoff>(size / 2 / 4096 * 4096));
    f.write(junk.data(), static_cast<std::streamsize>(junk.size()));
  }
  CHECK_THROWS(Database(DatabaseOptions{path}));
  CHECK_THROWS(Database::Inspect(path));
}

TEST_CASE("database: a schema newer than this binary knows is refused") {
  TempDir dir;
  const std::string path = dir.File("lanyard.db");
  const int known = lanyard::storage::EmbeddedMigrations().back().version;
  { Database db(DatabaseOptions{path}); }
  {
    SQLite::Database raw(path, SQLite::OPEN_READWRITE);
    SQLite::Statement st(raw, "INSERT INTO schema_migrations (version, name) VALUES (?, ?)");
    st.bind(1, known + 1);
    st.bind(2, "9999_from_the_future.sql");
    st.exec();
  }
  try {
    Database db(DatabaseOptions{path});
    FAIL("a newer schema was opened");
  } catch (const std::runtime_error& e) {
    CHECK(std::string(e.what()).find("newer") != std::string::npos);
  }
  CHECK_THROWS_WITH(Database::Inspect(path), doctest::Contains("newer"));
}

TEST_CASE("database: Inspect tells the schema version of a healthy file") {
  TempDir dir;
  const std::string path = dir.File("lanyard.db");
  { Database db(DatabaseOptions{path}); }
  CHECK(Database::Inspect(path) == lanyard::storage::EmbeddedMigrations().back().version);
  CHECK_THROWS(Database::Inspect(dir.File("missing.db")));
}

TEST_CASE("database: Backup while writes happen gives a consistent file") {
  TempDir dir;
  const std::string path = dir.File("lanyard.db");
  auto db = OpenWithScratch(path);
  // Two tables written in the same unit: a consistent snapshot has equal counts.
  db->Write([](Conn& c) {
    c.ExecScript("CREATE TABLE a (id INTEGER PRIMARY KEY, payload TEXT NOT NULL)");
    c.ExecScript("CREATE TABLE b (id INTEGER PRIMARY KEY REFERENCES a(id))");
    return true;
  });
  const std::string payload(400, 'p');
  constexpr int kPrefillBatches = 200;
  // Large enough (several MB) that the copy spans many backup steps.
  for (int batch = 0; batch < kPrefillBatches; ++batch) {
    db->Write([&](Conn& c) {
      for (int i = 0; i < 500; ++i) {
        Exec(c, "INSERT INTO b (id) VALUES (?)",
             InsertId(c, "INSERT INTO a (payload) VALUES (?) RETURNING id", payload));
      }
      return true;
    });
  }
  const int64_t before = *ScalarInt(db->Reader(), "SELECT COUNT(*) FROM a");

  std::atomic<bool> stop{false};
  std::atomic<int64_t> writes{0};
  std::vector<std::thread> writers;
  for (int w = 0; w < 4; ++w) {
    writers.emplace_back([&] {
      while (!stop) {
        db->Write([&](Conn& c) {
          Exec(c, "INSERT INTO b (id) VALUES (?)",
               InsertId(c, "INSERT INTO a (payload) VALUES (?) RETURNING id", payload));
          return true;
        });
        ++writes;
      }
    });
  }
  // Let writes run before and during the backup.
  std::this_thread::sleep_for(std::chrono::milliseconds(100));
  const std::string target = dir.File("backup.db");
  const auto started = std::chrono::steady_clock::now();
  auto backup = std::async(std::launch::async, [&] { Database::Backup(path, target); });
  const bool finished = backup.wait_for(std::chrono::seconds(60)) == std::future_status::ready;
  CHECK_MESSAGE(finished, "the backup did not finish within 60 s while writes went on");
  const int64_t writes_during = writes.load();
  stop = true;
  for (auto& t : writers) t.join();
  backup.get();  // rethrows a failure
  MESSAGE("writes while backing up: ", writes_during, ", backup took ",
          std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() -
                                                                started)
              .count(),
          " ms");
  CHECK(writes_during > 0);

  CHECK(FileMode(target) == 0600);
  CHECK(Database::Inspect(target) == db->schema_version());
  SQLite::Database copy(target, SQLite::OPEN_READONLY);
  CHECK(copy.execAndGet("PRAGMA integrity_check").getString() == "ok");
  const int64_t a = copy.execAndGet("SELECT COUNT(*) FROM a").getInt64();
  const int64_t b = copy.execAndGet("SELECT COUNT(*) FROM b").getInt64();
  CHECK(a == b);
  CHECK(a >= before);
  CHECK(copy.execAndGet("SELECT COUNT(*) FROM b LEFT JOIN a USING (id) WHERE a.payload IS NULL")
            .getInt64() == 0);
  // A backup opens as a working database.
  Database reopened(DatabaseOptions{target});
  CHECK(ScalarInt(reopened.Reader(), "SELECT COUNT(*) FROM a") == a);
}

TEST_CASE("database: Backup into an unwritable place throws") {
  TempDir dir;
  const std::string path = dir.File("lanyard.db");
  { Database db(DatabaseOptions{path}); }
  CHECK_THROWS(Database::Backup(path, dir.File("no/such/dir/backup.db")));
}
