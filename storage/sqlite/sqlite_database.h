#pragma once
// The SQLite engine: one writer thread that owns the only write connection and commits the
// units of work of concurrent callers together (group commit, a SAVEPOINT per unit), plus a
// read-only connection per thread. storage/ only; the rest of the code sees storage::Database.
//
// Thread safety: every public member may be called from any thread.
#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "storage/engine.h"

namespace lanyard::storage::sqlite {

struct SqliteOptions {
  std::string path;        // the database file; created if missing
  size_t max_batch = 512;  // units per commit at most
  int busy_timeout_ms = 5000;
};

class SqliteDatabase final : public Engine {
 public:
  // Opens (creating if needed), runs quick_check and the migrations, starts the writer.
  // Throws std::runtime_error when the file is corrupt or its schema is newer than the binary.
  explicit SqliteDatabase(SqliteOptions options);
  ~SqliteDatabase() override;  // drains the queue, stops the writer, marks a clean close

  void Write(const std::function<bool(Conn&)>& unit) override;
  Conn& Reader() override;
  size_t QueuedUnits() override;
  void OnCommit(std::function<void()> hook) override;
  Integrity integrity() const override { return integrity_; }
  int schema_version() const override { return schema_version_; }
  Dialect dialect() const override { return Dialect::kSqlite; }

 private:
  struct Job;
  struct Impl;
  void WriterLoop();
  void RunBatch(std::vector<std::shared_ptr<Job>>& batch);

  const SqliteOptions options_;
  const uint64_t instance_id_;  // keys the per-thread reader cache; never reused
  int schema_version_ = 0;
  std::unique_ptr<Impl> impl_;

  std::mutex mutex_;
  std::condition_variable wake_;
  std::deque<std::shared_ptr<Job>> queue_;           // GUARDED_BY(mutex_)
  bool stopping_ = false;                            // GUARDED_BY(mutex_)
  std::vector<std::function<void()>> commit_hooks_;  // GUARDED_BY(mutex_)
  std::thread writer_;
  std::atomic<Integrity> integrity_{Integrity::kChecking};
  std::atomic<bool> stopping_check_{false};
  std::thread checker_;  // the background quick_check, when the last shutdown was clean
};

}  // namespace lanyard::storage::sqlite
