#pragma once
// The database the rest of the code writes and reads through, whatever the engine:
//  - SQLite (the default): the file at `path`, one writer thread committing the units of
//    concurrent callers together (group commit, a SAVEPOINT per unit), a read-only connection
//    per thread (storage/sqlite/).
//  - PostgreSQL (`url` set): serializable writer transactions retried on conflict, a reader
//    pool, a commit listener (storage/postgres/pg_database.h says the limits).
// Repositories (storage/*_repo.h) are written once, in SQL both engines run.
//
// Thread safety: every public member may be called from any thread.
#include <atomic>
#include <cstddef>
#include <functional>
#include <memory>
#include <string>

#include "storage/conn.h"
#include "storage/engine.h"

namespace lanyard::storage {

struct DatabaseOptions {
  std::string path;            // SQLite: the file; created if missing
  size_t max_batch = 512;      // SQLite: units per commit at most
  int busy_timeout_ms = 5000;  // SQLite: wait for a lock held by another process
  std::string url{};           // postgres://… or postgresql://…: PostgreSQL instead of `path`
  size_t pg_writers = 4;       // PostgreSQL: concurrent write transactions of this instance
  size_t pg_readers = 16;      // PostgreSQL: reader sessions of this instance
};

// True for a postgres:// or postgresql:// connection URL (the value of --db / LANYARD_DB).
bool IsPostgresUrl(const std::string& text);

class Database {
 public:
  using Integrity = storage::Integrity;

  // Opens (creating if needed) the engine the options name, checks it, runs the migrations
  // and starts the writer. Throws std::runtime_error when the database cannot be opened, is
  // corrupt, or its schema is newer than the binary.
  explicit Database(DatabaseOptions options);
  ~Database();  // drains the queue, stops the writer
  Database(const Database&) = delete;
  Database& operator=(const Database&) = delete;

  // A unit of work runs inside its own part of a transaction on a writer connection. It returns
  // true to keep its changes, false to roll back only itself. Write() blocks until the unit's
  // changes are committed (durably). An exception thrown by the unit rolls it back and is
  // rethrown here; a failed COMMIT throws for every unit of it. On PostgreSQL a unit may run
  // more than once (a serialization failure retries it): it must have no effect outside the
  // transaction other than on variables it sets afresh on every run.
  void Write(const std::function<bool(Conn&)>& unit);

  // The calling thread's read-only connection to this database (opened on first use).
  Conn& Reader();

  // Units submitted and waiting for a writer (not those running now).
  size_t QueuedUnits();

  // Called on a writer thread after every commit that kept at least one unit.
  void OnCommit(std::function<void()> hook);

  // SQLite: the file; PostgreSQL: "" (backups and file checks do not apply).
  const std::string& path() const { return options_.path; }
  Dialect dialect() const { return engine_->dialect(); }

  // Start-up integrity (SQLite: checked before serving after an unclean shutdown, in the
  // background after a clean one; PostgreSQL: kOk, the server keeps its own).
  Integrity integrity() const { return engine_->integrity(); }
  int schema_version() const { return engine_->schema_version(); }
  // PostgreSQL: units run again after a serialization failure or deadlock since the process
  // started (all databases of the process); SQLite: 0 (its single writer never retries).
  uint64_t WriteRetries() const;

  // SQLite files only (storage/sqlite/sqlite_files.h): PRAGMA quick_check; online backup of
  // the file at `db_path` into `target` (mode 0600); schema version of a healthy file or throw.
  static bool QuickCheck(const std::string& path, const std::atomic<bool>* cancel = nullptr);
  static void Backup(const std::string& db_path, const std::string& target);
  static int Inspect(const std::string& path);

 private:
  const DatabaseOptions options_;
  std::unique_ptr<Engine> engine_;
};

}  // namespace lanyard::storage
