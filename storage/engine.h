#pragma once
// What a storage engine implements behind storage::Database (storage/ only): SQLite's single
// writer with group commit (storage/sqlite/sqlite_database.h) or PostgreSQL's pool of
// serializable writers (storage/postgres/pg_database.h). Same contracts as the Database
// members of the same names; every member may be called from any thread.
#include <cstddef>
#include <functional>

#include "storage/conn.h"

namespace lanyard::storage {

// Start-up integrity: kCorrupt means a background check failed; /health reports it.
enum class Integrity { kChecking, kOk, kCorrupt };

class Engine {
 public:
  virtual ~Engine() = default;
  virtual void Write(const std::function<bool(Conn&)>& unit) = 0;
  virtual Conn& Reader() = 0;
  virtual size_t QueuedUnits() = 0;
  virtual void OnCommit(std::function<void()> hook) = 0;
  virtual Integrity integrity() const = 0;
  virtual int schema_version() const = 0;
  virtual Dialect dialect() const = 0;
};

// Called by an engine after each of its commits that kept a unit, and by the PostgreSQL engine
// when another instance announces one (storage/query.h CommitGeneration).
void BumpCommitGeneration();
// The same for AuthGeneration (storage/generations.h): SQLite bumps it when a batch touched
// users or auth_sessions; PostgreSQL on every commit, its own or another instance's.
void BumpAuthGeneration();

// A PostgreSQL commit listener that lost (+1) or regained (-1) its connection. While any is
// lost, CommitGeneration changes on every call, so no cache keyed on it serves stale data.
void CountDeafListener(int change);

}  // namespace lanyard::storage
