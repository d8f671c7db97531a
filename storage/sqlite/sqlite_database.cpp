#include "storage/sqlite/sqlite_database.h"

#include <sqlite3.h>
#include <sys/stat.h>

#include <SQLiteCpp/SQLiteCpp.h>
#include <cstdio>
#include <cstring>
#include <exception>
#include <future>
#include <stdexcept>
#include <unordered_map>

#include "storage/migrations.h"
#include "storage/sqlite/sqlite_conn.h"
#include "storage/sqlite/sqlite_files.h"

namespace lanyard::storage::sqlite {

namespace {

std::atomic<uint64_t> next_instance_id{1};

// The tables whose changes AuthGeneration() follows.
bool IsAuthTable(const char* table) {
  return std::strcmp(table, "users") == 0 || std::strcmp(table, "auth_sessions") == 0;
}

// SQLite's memory statistics take one process-wide mutex in every allocation; with hundreds of
// request threads reading at once that mutex showed up in profiles. Nothing here reads the
// statistics. Must run before SQLite initializes, so before the first connection opens.
void ConfigureSqliteOnce() {
  static const bool configured = [] {
    sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
    return true;
  }();
  (void)configured;
}

// Reads go through a memory map of the file, so every connection shares the kernel's page
// cache instead of filling a private page cache of its own: with one reader connection per
// request thread (hundreds), private 16 MB caches each holding a copy of the hot pages cost
// RSS and pread() copies. The writer keeps a larger private cache for the pages it changes.
constexpr int64_t kMmapBytes = int64_t{1} << 30;  // address space only; the kernel pages it in
constexpr int kWriterCacheKb = 16000;
constexpr int kReaderCacheKb = 2000;

void ApplyConnectionPragmas(SQLite::Database& db, int busy_timeout_ms, int cache_kb) {
  db.setBusyTimeout(busy_timeout_ms);
  db.exec("PRAGMA foreign_keys=ON");
  db.exec("PRAGMA temp_store=MEMORY");
  db.exec("PRAGMA cache_size=-" + std::to_string(cache_kb));
  db.exec("PRAGMA mmap_size=" + std::to_string(kMmapBytes));
}

void Run(SQLite::Statement& st) {
  st.exec();
  st.reset();
}

}  // namespace

struct SqliteDatabase::Job {
  const std::function<bool(Conn&)>* unit;
  std::promise<void> done;
};

struct SqliteDatabase::Impl {
  std::unique_ptr<SQLite::Database> writer;
  std::unique_ptr<SqliteConn> writer_conn;
  std::mutex readers_mutex;
  std::vector<std::unique_ptr<SQLite::Database>> readers;  // GUARDED_BY(readers_mutex)
  std::vector<std::unique_ptr<SqliteConn>> reader_conns;   // GUARDED_BY(readers_mutex)
  std::thread::id writer_thread;
  // Set by the writer's update hook when the open batch touched an IsAuthTable row (writer
  // thread only); a batch that set it bumps the auth generation after its commit.
  bool auth_touched = false;
  // The batch's own statements, prepared once: sqlite3_exec parsed them again for every unit.
  std::unique_ptr<SQLite::Statement> begin, savepoint, rollback_to, release, commit;
};

SqliteDatabase::SqliteDatabase(SqliteOptions options)
    : options_(std::move(options)), instance_id_(next_instance_id++), impl_(new Impl) {
  ConfigureSqliteOnce();
  // Before any connection opens: the first statement of one opens the -wal file, which would
  // read as a crash below, and every start after a clean stop would check the whole file.
  const bool was_clean = UnchangedSinceCleanClose(options_.path);
  impl_->writer = std::make_unique<SQLite::Database>(
      options_.path, SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE | SQLite::OPEN_FULLMUTEX);
  chmod(options_.path.c_str(), 0600);
  SQLite::Database& db = *impl_->writer;
  ApplyConnectionPragmas(db, options_.busy_timeout_ms, kWriterCacheKb);
  // A file left untouched since a clean shutdown was whole when we closed it: check it in the
  // background so that a large database serves at once. After a crash, or when anything
  // changed the file since, check before serving.
  if (!was_clean) {
    if (!QuickCheck(options_.path)) {
      throw std::runtime_error("database " + options_.path + " failed quick_check");
    }
    integrity_ = Integrity::kOk;
  }
  db.exec("PRAGMA journal_mode=WAL");
  // FULL: a reply is sent only after its commit is on disk; kill -9 loses nothing acknowledged.
  db.exec("PRAGMA synchronous=FULL");
  db.exec("PRAGMA wal_autocheckpoint=4000");
  schema_version_ = ApplyMigrations(db);
  impl_->writer_conn = std::make_unique<SqliteConn>(db);
  BumpAuthGeneration();  // this file's accounts are new to caches
  // Row changes of triggers and foreign-key actions call the hook too.
  sqlite3_update_hook(
      db.getHandle(),
      [](void* touched, int, const char*, const char* table, sqlite3_int64) {
        if (IsAuthTable(table)) *static_cast<bool*>(touched) = true;
      },
      &impl_->auth_touched);
  impl_->begin = std::make_unique<SQLite::Statement>(db, "BEGIN IMMEDIATE");
  impl_->savepoint = std::make_unique<SQLite::Statement>(db, "SAVEPOINT unit");
  impl_->rollback_to = std::make_unique<SQLite::Statement>(db, "ROLLBACK TO unit");
  impl_->release = std::make_unique<SQLite::Statement>(db, "RELEASE unit");
  impl_->commit = std::make_unique<SQLite::Statement>(db, "COMMIT");
  writer_ = std::thread([this] { WriterLoop(); });
  impl_->writer_thread = writer_.get_id();
  if (was_clean) {
    checker_ = std::thread([this] {
      const bool ok = QuickCheck(options_.path, &stopping_check_);
      if (stopping_check_) return;
      integrity_ = ok ? Integrity::kOk : Integrity::kCorrupt;
      if (!ok) std::fprintf(stderr, "lanyard: DATABASE %s FAILED quick_check\n", options_.path.c_str());
    });
  }
}

SqliteDatabase::~SqliteDatabase() {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    stopping_ = true;
  }
  wake_.notify_all();
  stopping_check_ = true;
  if (checker_.joinable()) checker_.join();
  if (writer_.joinable()) writer_.join();
  try {
    impl_->writer->exec("PRAGMA optimize");
  } catch (...) {
  }
  impl_.reset();  // closes every connection (and checkpoints the WAL) before the file is stamped
  // Every unit is committed and the writer is gone: the next start may check in the background.
  if (integrity_ != Integrity::kCorrupt) MarkCleanClose(options_.path);
}

void SqliteDatabase::Write(const std::function<bool(Conn&)>& unit) {
  if (std::this_thread::get_id() == impl_->writer_thread) {
    throw std::logic_error("Database::Write called from inside a unit of work");
  }
  auto job = std::make_shared<Job>();
  job->unit = &unit;
  std::future<void> done = job->done.get_future();
  {
    std::lock_guard<std::mutex> lock(mutex_);
    if (stopping_) throw std::runtime_error("database is closing");
    queue_.push_back(job);
  }
  wake_.notify_one();
  done.get();
}

void SqliteDatabase::OnCommit(std::function<void()> hook) {
  std::lock_guard<std::mutex> lock(mutex_);
  commit_hooks_.push_back(std::move(hook));
}

size_t SqliteDatabase::QueuedUnits() {
  std::lock_guard<std::mutex> lock(mutex_);
  return queue_.size();
}

void SqliteDatabase::WriterLoop() {
  std::vector<std::shared_ptr<Job>> batch;
  for (;;) {
    {
      std::unique_lock<std::mutex> lock(mutex_);
      wake_.wait(lock, [this] { return stopping_ || !queue_.empty(); });
      if (queue_.empty()) return;  // stopping and drained
      while (!queue_.empty() && batch.size() < options_.max_batch) {
        batch.push_back(std::move(queue_.front()));
        queue_.pop_front();
      }
    }
    RunBatch(batch);
    batch.clear();
  }
}

void SqliteDatabase::RunBatch(std::vector<std::shared_ptr<Job>>& batch) {
  SQLite::Database& db = *impl_->writer;
  std::vector<std::exception_ptr> errors(batch.size());
  bool kept_any = false;
  std::exception_ptr batch_error;
  try {
    Run(*impl_->begin);
    for (size_t i = 0; i < batch.size(); ++i) {
      Run(*impl_->savepoint);
      bool keep = false;
      try {
        keep = (*batch[i]->unit)(*impl_->writer_conn);
      } catch (...) {
        errors[i] = std::current_exception();
      }
      if (!keep) Run(*impl_->rollback_to);
      Run(*impl_->release);
      kept_any = kept_any || keep;
    }
    Run(*impl_->commit);
    if (kept_any) BumpCommitGeneration();
    // Also when the touching unit was rolled back: one needless bump, never a missed one.
    if (impl_->auth_touched) BumpAuthGeneration();
    impl_->auth_touched = false;
  } catch (...) {
    if (impl_->auth_touched) BumpAuthGeneration();
    impl_->auth_touched = false;
    batch_error = std::current_exception();
    try {
      // A statement that failed mid-way keeps its error state until reset.
      for (auto* st : {impl_->begin.get(), impl_->savepoint.get(), impl_->rollback_to.get(),
                       impl_->release.get(), impl_->commit.get()}) {
        st->tryReset();
      }
      if (!sqlite3_get_autocommit(db.getHandle())) db.exec("ROLLBACK");
    } catch (...) {
    }
  }
  for (size_t i = 0; i < batch.size(); ++i) {
    if (batch_error) {
      batch[i]->done.set_exception(batch_error);
    } else if (errors[i]) {
      batch[i]->done.set_exception(errors[i]);
    } else {
      batch[i]->done.set_value();
    }
  }
  if (kept_any && !batch_error) {
    std::vector<std::function<void()>> hooks;
    {
      std::lock_guard<std::mutex> lock(mutex_);
      hooks = commit_hooks_;
    }
    for (auto& hook : hooks) hook();
  }
}

Conn& SqliteDatabase::Reader() {
  // Keyed by instance id (never reused), so a destroyed database's entries are never read.
  thread_local std::unordered_map<uint64_t, Conn*> cache;
  auto found = cache.find(instance_id_);
  if (found != cache.end()) return *found->second;
  auto db = std::make_unique<SQLite::Database>(options_.path,
                                               SQLite::OPEN_READONLY | SQLite::OPEN_NOMUTEX);
  ApplyConnectionPragmas(*db, options_.busy_timeout_ms, kReaderCacheKb);
  auto conn = std::make_unique<SqliteConn>(*db);
  Conn* raw = conn.get();
  {
    std::lock_guard<std::mutex> lock(impl_->readers_mutex);
    impl_->readers.push_back(std::move(db));
    impl_->reader_conns.push_back(std::move(conn));
  }
  cache[instance_id_] = raw;
  return *raw;
}

}  // namespace lanyard::storage::sqlite
