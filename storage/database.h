#pragma once
// The database: one writer thread that owns the only write connection and commits the units of
// work of concurrent callers together (group commit), plus a read-only connection per thread.
//
// Thread safety: every public member may be called from any thread.
#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <exception>
#include <functional>
#include <future>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "storage/conn.h"

namespace lanyard::storage {

struct DatabaseOptions {
  std::string path;            // the SQLite file; created if missing
  size_t max_batch = 512;      // units per commit at most
  int busy_timeout_ms = 5000;
};

class Database {
 public:
  // Opens (creating if needed), runs quick_check and the migrations, starts the writer.
  // Throws std::runtime_error when the file is corrupt or its schema is newer than the binary.
  explicit Database(DatabaseOptions options);
  ~Database();  // drains the queue, stops the writer
  Database(const Database&) = delete;
  Database& operator=(const Database&) = delete;

  // A unit of work runs on the writer thread inside its own SAVEPOINT of the batch transaction.
  // It returns true to keep its changes, false to roll back only itself. Write() blocks until
  // the batch holding the unit is committed to disk (synchronous=FULL). An exception thrown by
  // the unit rolls it back and is rethrown here; a failed COMMIT throws for every unit of it.
  void Write(const std::function<bool(Conn&)>& unit);

  // The calling thread's read-only connection to this database (opened on first use).
  Conn& Reader();

  // Units submitted and waiting for the writer (not the batch it is running now).
  size_t QueuedUnits();

  // Called on the writer thread after every commit that kept at least one unit.
  void OnCommit(std::function<void()> hook);

  const std::string& path() const { return options_.path; }

  // Start-up integrity: checked before serving after an unclean shutdown, in the background
  // after a clean one. kCorrupt means the background check failed: /health reports it.
  enum class Integrity { kChecking, kOk, kCorrupt };
  Integrity integrity() const { return integrity_; }
  // PRAGMA quick_check on its own read-only connection; `cancel` aborts it early (→ false).
  static bool QuickCheck(const std::string& path, const std::atomic<bool>* cancel = nullptr);
  int schema_version() const { return schema_version_; }

  // SQLite online backup of the database file at `db_path` into `target` (mode 0600), safe
  // while another process or thread writes to it.
  static void Backup(const std::string& db_path, const std::string& target);
  // Checks that `path` is a healthy Lanyard database this binary can open; returns its
  // schema version or throws with the reason.
  static int Inspect(const std::string& path);

 private:
  struct Job;
  void WriterLoop();
  void RunBatch(std::vector<std::shared_ptr<Job>>& batch);

  const DatabaseOptions options_;
  const uint64_t instance_id_;  // keys the per-thread reader cache; never reused
  int schema_version_ = 0;
  struct Impl;
  std::unique_ptr<Impl> impl_;

  std::mutex mutex_;
  std::condition_variable wake_;
  std::deque<std::shared_ptr<Job>> queue_;  // GUARDED_BY(mutex_)
  bool stopping_ = false;                   // GUARDED_BY(mutex_)
  std::vector<std::function<void()>> commit_hooks_;  // GUARDED_BY(mutex_)
  std::thread writer_;
  std::atomic<Integrity> integrity_{Integrity::kChecking};
  std::atomic<bool> stopping_check_{false};
  std::thread checker_;  // the background quick_check, when the last shutdown was clean
};

}  // namespace lanyard::storage
