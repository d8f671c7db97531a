#pragma once
// Numbered, append-only schema migrations, embedded from storage/migrations/NNNN_name.sql.
#include <string>
#include <vector>

namespace SQLite {
class Database;
}

namespace lanyard::storage {

struct Migration {
  int version;       // NNNN of the file name
  std::string name;  // the file name
  std::string sql;
};

// All embedded migrations in ascending version order.
std::vector<Migration> EmbeddedMigrations();

// Applies every migration newer than the recorded version, each in its own transaction, and
// records it in schema_migrations. Throws when the database is newer than the binary knows.
// Returns the schema version afterwards.
int ApplyMigrations(SQLite::Database& db);

}  // namespace lanyard::storage
