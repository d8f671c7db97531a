#pragma once
// The PostgreSQL engine (storage/ only; the rest of the code sees storage::Database).
//
// Writers: each unit of work runs in its own transaction at SERIALIZABLE isolation on one of a
// small pool of writer sessions, on the calling thread. A unit that loses a serialization check
// or a deadlock (SQLSTATE 40001, 40P01) is rolled back and run again, up to `max_attempts`
// times in all, so every read-then-write rule (quotas, capacities, one vote, one check-in)
// holds across instances sharing the database with no in-process lock. From its third run a unit
// first waits for a database advisory lock that units in the same case hold one at a time across
// instances, and keeps it until it ends (for liveness under contention on one row, not as a
// guard). A unit must therefore
// leave no trace outside its transaction except in variables it sets afresh on every run.
//
// Readers: a bounded pool of sessions shared by all threads; a statement borrows one for its
// execution only (its rows are fetched whole). Connections per instance: writers + readers +
// 1 (the listener): size PostgreSQL's max_connections for every instance, plus headroom.
//
// Commits of other instances: every write transaction that keeps its changes sends
// NOTIFY lanyard_commit; a listener session per instance bumps the local CommitGeneration
// (and AuthGeneration, which PostgreSQL bumps on every commit: it does not say which tables a
// unit touched) on each notification. Staleness bound: the notification's delivery (milliseconds on one
// machine, one network round trip otherwise) plus the listener's wake-up. While the listener is
// disconnected, CommitGeneration changes on every call (caches keyed on it never hit).
// No staleness for a client that moves between instances: after each commit, before Write
// returns, the unit's instance moves the database's commit counter (a sequence,
// migrations_postgres/0032), which CommitGeneration(Conn&) / AuthGeneration(Conn&) read.
//
// Thread safety: every public member may be called from any thread.
#include <atomic>
#include <cstddef>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "storage/engine.h"

namespace lanyard::storage::postgres {

struct PgOptions {
  std::string url;            // libpq URI, e.g. postgres://lanyard@/lanyard?host=/run/postgresql
  size_t writers = 4;         // concurrent write transactions of this instance
  size_t readers = 16;        // reader sessions of this instance
  // Runs of a unit that keeps losing serialization checks before its error reaches the caller
  // (a 500). Queued runs (the third on) lose only to other units' first two runs, so a unit
  // rarely needs many; 12 still let 1-2 orders in 2,000 fail in a 256-buyer flash sale.
  int max_attempts = 40;
  bool listen = true;         // start the commit listener
};

class PgDatabase final : public Engine {
 public:
  // Connects, applies the PostgreSQL migrations (one instance at a time, under an advisory
  // lock) and starts the listener. Throws DbError / std::runtime_error when the server is
  // unreachable or its schema is newer than this binary.
  explicit PgDatabase(PgOptions options);
  ~PgDatabase() override;

  void Write(const std::function<bool(Conn&)>& unit) override;
  Conn& Reader() override;
  size_t QueuedUnits() override;
  void OnCommit(std::function<void()> hook) override;
  Integrity integrity() const override { return Integrity::kOk; }
  int schema_version() const override { return schema_version_; }
  Dialect dialect() const override { return Dialect::kPostgres; }

  // Units run again after a serialization failure or deadlock, since start (all instances of
  // this class in the process).
  static uint64_t Retries();

 private:
  struct Impl;
  void ListenLoop();

  const PgOptions options_;
  const uint64_t instance_id_;
  int schema_version_ = 0;
  std::unique_ptr<Impl> impl_;
  std::mutex hooks_mutex_;
  std::vector<std::function<void()>> commit_hooks_;  // GUARDED_BY(hooks_mutex_)
  std::atomic<bool> stopping_{false};
  // Readable once the destructor runs: wakes the listener at once instead of at its next poll
  // timeout (an instance stops without waiting for it). -1 without a listener.
  int stop_event_ = -1;
  std::thread listener_;
};

// Applies every embedded PostgreSQL migration not yet recorded, each in its own transaction,
// under an advisory lock so that instances starting together apply each once. Returns the
// schema version; throws when the database is newer than the binary or a migration fails.
int ApplyPostgresMigrations(const std::string& url);

}  // namespace lanyard::storage::postgres
