#include "storage/sqlite/sqlite_files.h"

#include <fcntl.h>
#include <sqlite3.h>
#include <sys/stat.h>
#include <unistd.h>

#include <SQLiteCpp/SQLiteCpp.h>
#include <stdexcept>

#include "storage/migrations.h"

namespace lanyard::storage::sqlite {

namespace {
// The clean-close marker holds the database file's size and modification time at close.
std::string FileStamp(const std::string& path) {
  struct stat st {};
  if (::stat(path.c_str(), &st) != 0) return "";
  return std::to_string(st.st_size) + " " + std::to_string(st.st_mtim.tv_sec) + "." +
         std::to_string(st.st_mtim.tv_nsec);
}
}  // namespace

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

bool QuickCheck(const std::string& path, const std::atomic<bool>* cancel) {
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

int Inspect(const std::string& path) {
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

void Backup(const std::string& db_path, const std::string& target) {
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

}  // namespace lanyard::storage::sqlite
