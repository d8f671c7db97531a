#pragma once
// Numbered, append-only schema migrations, embedded from storage/migrations/NNNN_name.sql
// (SQLite) and storage/migrations_postgres/NNNN_name.sql (PostgreSQL, the same numbers).
#include <string>
#include <vector>

#include "storage/conn.h"

namespace SQLite {
class Database;
}

namespace lanyard::storage {

struct Migration {
  int version;       // NNNN of the file name
  std::string name;  // the file name
  std::string sql;
};

// All embedded migrations of `dialect` in ascending version order.
std::vector<Migration> EmbeddedMigrations(Dialect dialect = Dialect::kSqlite);

// Applies every embedded migration not yet recorded in schema_migrations, in ascending order,
// each in its own transaction, and records it. A migration numbered below the recorded version
// (it landed on main after a release whose database already had higher ones) is applied too,
// so an upgrade never skips one. Throws when the database is newer than the binary knows (its
// highest recorded version above the highest embedded one) or a migration fails (that one rolled
// back whole). Returns the schema version afterwards (the highest recorded).
// (SQLite; defined in storage/sqlite/sqlite_migrations.cpp.)
int ApplyMigrations(SQLite::Database& db);
// The same with the given migrations (ascending versions), for tests.
int ApplyMigrations(SQLite::Database& db, const std::vector<Migration>& migrations);

}  // namespace lanyard::storage
