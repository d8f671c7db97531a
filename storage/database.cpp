#include "storage/database.h"
#include "storage/generations.h"

#include <sqlite3.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <SQLiteCpp/SQLiteCpp.h>
#include <atomic>
#include <cstdio>
#include <cstring>
#include <stdexcept>
#include <unordered_map>

#include "storage/migrations.h"

namespace lanyard::storage {

Conn::Conn(SQLite::Database& db) : db_(db) {}
Conn::~Conn() = default;

SQLite::Statement& CachedStatement(Conn& conn, const char* sql) {
  auto found = conn.statements_.find(sql);
  if (found != conn.statements_.end()) return *found->second;
  auto st = std::make_unique<SQLite::Statement>(conn.db_, sql);
  SQLite::Statement& ref = *st;
  conn.statements_.emplace(sql, std::move(st));
  return ref;
}

int64_t Conn::LastInsertId() const { return db_.getLastInsertRowid(); }
int Conn::Changes() const { return db_.getChanges(); }

namespace {

std::atomic<uint64_t> next_instance_id{1};
std::atomic<uint64_t> commit_generation{1};
std::atomic<uint64_t> auth_generation{1};

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

}  // namespace

uint64_t CommitGeneration() { return commit_generation.load(std::memory_order_acquire); }
uint64_t AuthGeneration() { return auth_generation.load(std::memory_order_acquire); }

struct Database::Job {
  const std::function<bool(Conn&)>* unit;
  std::promise<void> done;
};

struct Database::Impl {
  std::unique_ptr<SQLite::Database> writer;
  std::unique_ptr<Conn> writer_conn;
  std::mutex readers_mutex;
  std::vector<std::unique_ptr<SQLite::Database>> readers;  // GUARDED_BY(readers_mutex)
  std::vector<std::unique_ptr<Conn>> reader_conns;         // GUARDED_BY(readers_mutex)
  std::thread::id writer_thread;
  // Set by the writer's update hook when the open batch touched an IsAuthTable row (writer
  // thread only); a batch that set it bumps auth_generation after its commit.
  bool auth_touched = false;
  // The batch's own statements, prepared once: sqlite3_exec parsed them again for every unit.
  std::unique_ptr<SQLite::Statement> begin, savepoint, rollback_to, release, commit;
};

namespace {
void Run(SQLite::Statement& st) {
  st.exec();
  st.reset();
}
// The clean-close marker holds the database file's size and modification time at close.
std::string FileStamp(const std::string& path) {
  struct stat st {};
  if (::stat(path.c_str(), &st) != 0) return "";
  return std::to_string(st.st_size) + " " + std::to_string(st.st_mtim.tv_sec) + "." +
         std::to_string(st.st_mtim.tv_nsec);
}

void MarkCleanClose(const std::string& path) {
  const std::string stamp = FileStamp(path);
  if (stamp.empty()) return;
  const int fd = ::open((path + ".clean").c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
  if (fd < 0) return;
  const bool ok = ::write(fd, stamp.data(), stamp.size()) == static_cast<ssize_t>(stamp.size());
  ::fsync(fd);
  ::close(fd);
  if (!ok) ::unlink((path + ".clean").c_str());
}

// True when the marker matches the file; the marker is consumed either way, so a crash while
// serving leads to a full check at the next start.
bool UnchangedSinceCleanClose(const std::string& path) {
  const std::string marker = path + ".clean";
  char buf[128] = {0};
  const int fd = ::open(marker.c_str(), O_RDONLY);
  if (fd < 0) return false;
  const ssize_t n = ::read(fd, buf, sizeof buf - 1);
  ::close(fd);
  ::unlink(marker.c_str());
  return n > 0 && std::string(buf, static_cast<size_t>(n)) == FileStamp(path) &&
         ::access((path + "-wal").c_str(), F_OK) != 0;
}

}  // namespace

Database::Database(DatabaseOptions options)
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
  impl_->writer_conn = std::make_unique<Conn>(db);
  auth_generation.fetch_add(1, std::memory_order_acq_rel);  // this file's accounts are new to caches
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

bool Database::QuickCheck(const std::string& path, const std::atomic<bool>* cancel) {
  SQLite::Database db(path, SQLite::OPEN_READONLY);
  if (cancel) {
    // Lets the destructor interrupt a long check instead of waiting for it.
    sqlite3_progress_handler(
        db.getHandle(), 10000,
        [](void* flag) { return static_cast<const std::atomic<bool>*>(flag)->load() ? 1 : 0; },
        const_cast<std::atomic<bool>*>(cancel));
  }
  try {
    SQLite::Statement check(db, "PRAGMA quick_check");
    return check.executeStep() && check.getColumn(0).getString() == "ok";
  } catch (const SQLite::Exception&) {
    return false;
  }
}

Database::~Database() {
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

void Database::Write(const std::function<bool(Conn&)>& unit) {
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

void Database::OnCommit(std::function<void()> hook) {
  std::lock_guard<std::mutex> lock(mutex_);
  commit_hooks_.push_back(std::move(hook));
}

size_t Database::QueuedUnits() {
  std::lock_guard<std::mutex> lock(mutex_);
  return queue_.size();
}

void Database::WriterLoop() {
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

void Database::RunBatch(std::vector<std::shared_ptr<Job>>& batch) {
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
    if (kept_any) commit_generation.fetch_add(1, std::memory_order_acq_rel);
    // Also when the touching unit was rolled back: one needless bump, never a missed one.
    if (impl_->auth_touched) auth_generation.fetch_add(1, std::memory_order_acq_rel);
    impl_->auth_touched = false;
  } catch (...) {
    if (impl_->auth_touched) auth_generation.fetch_add(1, std::memory_order_acq_rel);
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

Conn& Database::Reader() {
  // Keyed by instance id (never reused), so a destroyed Database's entries are never read.
  thread_local std::unordered_map<uint64_t, Conn*> cache;
  auto found = cache.find(instance_id_);
  if (found != cache.end()) return *found->second;
  auto db = std::make_unique<SQLite::Database>(options_.path,
                                               SQLite::OPEN_READONLY | SQLite::OPEN_NOMUTEX);
  ApplyConnectionPragmas(*db, options_.busy_timeout_ms, kReaderCacheKb);
  auto conn = std::make_unique<Conn>(*db);
  Conn* raw = conn.get();
  {
    std::lock_guard<std::mutex> lock(impl_->readers_mutex);
    impl_->readers.push_back(std::move(db));
    impl_->reader_conns.push_back(std::move(conn));
  }
  cache[instance_id_] = raw;
  return *raw;
}

int Database::Inspect(const std::string& path) {
  if (!QuickCheck(path)) throw std::runtime_error(path + " failed quick_check");
  SQLite::Database db(path, SQLite::OPEN_READONLY);
  SQLite::Statement version(db, "SELECT COALESCE(MAX(version), 0) FROM schema_migrations");
  version.executeStep();
  const int v = version.getColumn(0).getInt();
  const auto migrations = EmbeddedMigrations();
  if (!migrations.empty() && v > migrations.back().version) {
    throw std::runtime_error(path + " has a schema newer than this lanyard knows");
  }
  return v;
}

void Database::Backup(const std::string& db_path, const std::string& target) {
  SQLite::Database source(db_path, SQLite::OPEN_READONLY);
  sqlite3* dest = nullptr;
  if (sqlite3_open(target.c_str(), &dest) != SQLITE_OK) {
    sqlite3_close(dest);
    throw std::runtime_error("cannot open backup target " + target);
  }
  sqlite3_backup* backup = sqlite3_backup_init(dest, "main", source.getHandle(), "main");
  int rc = SQLITE_OK;
  if (backup) {
    // All pages in one step, inside one read transaction: a copy made in slices restarts
    // whenever another connection commits between two slices, so under steady writes to a
    // database of some size it never finished. In WAL mode the long read blocks no writer.
    do {
      rc = sqlite3_backup_step(backup, -1);
      if (rc == SQLITE_BUSY || rc == SQLITE_LOCKED) sqlite3_sleep(5);
    } while (rc == SQLITE_OK || rc == SQLITE_BUSY || rc == SQLITE_LOCKED);
    sqlite3_backup_finish(backup);
  }
  rc = sqlite3_errcode(dest);
  sqlite3_close(dest);
  chmod(target.c_str(), 0600);
  if (rc != SQLITE_OK) throw std::runtime_error("backup to " + target + " failed");
}

}  // namespace lanyard::storage
