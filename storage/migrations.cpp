#include "storage/migrations.h"

#include <SQLiteCpp/SQLiteCpp.h>
#include <algorithm>
#include <set>
#include <stdexcept>

#include "storage/embedded_file.h"

namespace lanyard::embedded_migrations {
const EmbeddedFile* Files(size_t* count);
}

namespace lanyard::storage {

std::vector<Migration> EmbeddedMigrations() {
  size_t count = 0;
  const EmbeddedFile* files = embedded_migrations::Files(&count);
  std::vector<Migration> out;
  for (size_t i = 0; i < count; ++i) {
    std::string name = files[i].path;
    out.push_back({std::stoi(name.substr(0, 4)), name,
                   std::string(reinterpret_cast<const char*>(files[i].data), files[i].size)});
  }
  std::sort(out.begin(), out.end(), [](const Migration& a, const Migration& b) {
    return a.version < b.version;
  });
  return out;
}

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
