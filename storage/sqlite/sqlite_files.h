#pragma once
// Operations on a SQLite database file as a whole: integrity check, online backup, inspection
// and the clean-close marker that lets a start skip the blocking check. storage/ only.
#include <atomic>
#include <string>

namespace lanyard::storage::sqlite {

// PRAGMA quick_check on its own read-only connection; `cancel` aborts it early (→ false).
bool QuickCheck(const std::string& path, const std::atomic<bool>* cancel = nullptr);

// Online backup of the database file at `db_path` into `target` (mode 0600), safe while
// another process or thread writes to it. Throws std::runtime_error on failure.
void Backup(const std::string& db_path, const std::string& target);

// Checks that `path` is a healthy Lanyard database this binary can open; returns its schema
// version or throws std::runtime_error with the reason.
int Inspect(const std::string& path);

// Writes <path>.clean holding the file's size and modification time (after a clean close).
void MarkCleanClose(const std::string& path);

// True when <path>.clean matches the file and no WAL is left; the marker is consumed either
// way, so a crash while serving leads to a full check at the next start.
bool UnchangedSinceCleanClose(const std::string& path);

}  // namespace lanyard::storage::sqlite
