#include "storage/database.h"

#include <atomic>
#include <stdexcept>

#include "storage/generations.h"
#include "storage/postgres/pg_database.h"
#include "storage/query.h"
#include "storage/shared_counters.h"
#include "storage/sqlite/sqlite_database.h"
#include "storage/sqlite/sqlite_files.h"

namespace lanyard::storage {

namespace {
std::atomic<uint64_t> commit_generation{1};
std::atomic<uint64_t> auth_generation{1};
std::atomic<int> deaf_listeners{0};
}  // namespace

uint64_t CommitGeneration() {
  if (deaf_listeners.load(std::memory_order_acquire) > 0) {
    return commit_generation.fetch_add(1, std::memory_order_acq_rel) + 1;
  }
  return commit_generation.load(std::memory_order_acquire);
}
void BumpCommitGeneration() { commit_generation.fetch_add(1, std::memory_order_acq_rel); }
uint64_t AuthGeneration() {
  if (deaf_listeners.load(std::memory_order_acquire) > 0) {
    return auth_generation.fetch_add(1, std::memory_order_acq_rel) + 1;
  }
  return auth_generation.load(std::memory_order_acquire);
}
void BumpAuthGeneration() { auth_generation.fetch_add(1, std::memory_order_acq_rel); }
namespace {
// This process's `local` generation beside the database's commit counter (PostgreSQL: moved by
// every instance after each commit, before it answers; storage/shared_counters.h).
uint64_t WithSharedCounter(Conn& c, uint64_t local) {
  if (c.dialect() != Dialect::kPostgres) return local;
  return (SharedCommitCounter(c) << 32) | (local & 0xffffffffu);
}
}  // namespace

uint64_t CommitGeneration(Conn& c) {
  const uint64_t local = CommitGeneration();  // read, like the counter, before the data
  return WithSharedCounter(c, local);
}
uint64_t AuthGeneration(Conn& c) {
  const uint64_t local = AuthGeneration();
  return WithSharedCounter(c, local);
}
void CountDeafListener(int change) { deaf_listeners.fetch_add(change, std::memory_order_acq_rel); }

bool IsPostgresUrl(const std::string& text) {
  return text.rfind("postgres://", 0) == 0 || text.rfind("postgresql://", 0) == 0;
}

namespace {
std::unique_ptr<Engine> OpenEngine(const DatabaseOptions& o) {
  if (!o.url.empty()) {
    if (!IsPostgresUrl(o.url)) {
      throw std::runtime_error("--db takes a postgres:// URL (without it: SQLite in the data "
                               "directory)");
    }
    return std::make_unique<postgres::PgDatabase>(
        postgres::PgOptions{o.url, o.pg_writers, o.pg_readers});
  }
  return std::make_unique<sqlite::SqliteDatabase>(
      sqlite::SqliteOptions{o.path, o.max_batch, o.busy_timeout_ms});
}
}  // namespace

Database::Database(DatabaseOptions options)
    : options_(std::move(options)), engine_(OpenEngine(options_)) {}

Database::~Database() = default;

void Database::Write(const std::function<bool(Conn&)>& unit) { engine_->Write(unit); }
Conn& Database::Reader() { return engine_->Reader(); }
uint64_t Database::WriteRetries() const {
  return dialect() == Dialect::kPostgres ? postgres::PgDatabase::Retries() : 0;
}
size_t Database::QueuedUnits() { return engine_->QueuedUnits(); }
void Database::OnCommit(std::function<void()> hook) { engine_->OnCommit(std::move(hook)); }

bool Database::QuickCheck(const std::string& path, const std::atomic<bool>* cancel) {
  return sqlite::QuickCheck(path, cancel);
}
void Database::Backup(const std::string& db_path, const std::string& target) {
  sqlite::Backup(db_path, target);
}
int Database::Inspect(const std::string& path) { return sqlite::Inspect(path); }

}  // namespace lanyard::storage
