// The SQLite migration runner (declared in storage/migrations.h).
#include <SQLiteCpp/SQLiteCpp.h>

#include <set>
#include <stdexcept>

#include "storage/migrations.h"

namespace lanyard::storage {

int ApplyMigrations(SQLite::Database& db) { return ApplyMigrations(db, EmbeddedMigrations()); }

int ApplyMigrations(SQLite::Database& db, const std::vector<Migration>& migrations) {
  db.exec(
      "CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, "
      "name TEXT NOT NULL, applied_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ','now')))");
  std::set<int> recorded;
  {
    SQLite::Statement q(db, "SELECT version FROM schema_migrations");
    while (q.executeStep()) recorded.insert(q.getColumn(0).getInt());
  }
  const int current = recorded.empty() ? 0 : *recorded.rbegin();
  const int known = migrations.empty() ? 0 : migrations.back().version;
  if (current > known) {
    throw std::runtime_error("database schema version " + std::to_string(current) +
                             " is newer than this lanyard knows (" + std::to_string(known) +
                             "); use a newer lanyard");
  }
  for (const Migration& m : migrations) {
    if (recorded.count(m.version)) continue;
    SQLite::Transaction tx(db);
    db.exec(m.sql);
    SQLite::Statement record(db, "INSERT INTO schema_migrations(version, name) VALUES (?, ?)");
    record.bind(1, m.version);
    record.bind(2, m.name);
    record.exec();
    tx.commit();
    recorded.insert(m.version);
  }
  return recorded.empty() ? 0 : *recorded.rbegin();
}

}  // namespace lanyard::storage
