// The PostgreSQL migration runner (declared in storage/postgres/pg_database.h).
#include <set>
#include <stdexcept>

#include "storage/migrations.h"
#include "storage/postgres/pg_database.h"
#include "storage/postgres/pg_session.h"

namespace lanyard::storage::postgres {

namespace {
// Any constant shared by every lanyard: pg_advisory_xact_lock(kMigrationLock) serialises the
// migration runs of instances that start together.
constexpr const char* kLockMigrations = "SELECT pg_advisory_xact_lock(21202600)";

std::set<int> Recorded(PgSession& session) {
  std::set<int> out;
  ResultPtr r(PQexec(session.handle(), "SELECT version FROM schema_migrations"), &PQclear);
  CheckResult(session.handle(), r.get(), "reading schema_migrations");
  for (int i = 0; i < PQntuples(r.get()); ++i) out.insert(std::atoi(PQgetvalue(r.get(), i, 0)));
  return out;
}
}  // namespace

int ApplyPostgresMigrations(const std::string& url) {
  const std::vector<Migration> migrations = EmbeddedMigrations(Dialect::kPostgres);
  PgSession session(url);
  session.Exec("BEGIN");
  session.Exec(kLockMigrations);
  session.Exec(
      "CREATE TABLE IF NOT EXISTS schema_migrations (version BIGINT PRIMARY KEY, "
      "name TEXT NOT NULL, applied_at TEXT NOT NULL DEFAULT "
      "(to_char(now() AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"')))");
  std::set<int> recorded = Recorded(session);
  const int current = recorded.empty() ? 0 : *recorded.rbegin();
  const int known = migrations.empty() ? 0 : migrations.back().version;
  if (current > known) {
    session.Exec("ROLLBACK");
    throw std::runtime_error("database schema version " + std::to_string(current) +
                             " is newer than this lanyard knows (" + std::to_string(known) +
                             "); use a newer lanyard");
  }
  try {
    for (const Migration& m : migrations) {
      if (recorded.count(m.version)) continue;
      session.Exec("SAVEPOINT migration");
      session.Exec(m.sql);
      const std::string version = std::to_string(m.version);
      const char* values[] = {version.c_str(), m.name.c_str()};
      ResultPtr r(PQexecParams(session.handle(),
                               "INSERT INTO schema_migrations (version, name) VALUES ($1, $2)", 2,
                               nullptr, values, nullptr, nullptr, 0),
                  &PQclear);
      CheckResult(session.handle(), r.get(), m.name.c_str());
      session.Exec("RELEASE migration");
      recorded.insert(m.version);
    }
    session.Exec("COMMIT");
  } catch (...) {
    try {
      session.Exec("ROLLBACK");
    } catch (...) {
    }
    throw;
  }
  return recorded.empty() ? 0 : *recorded.rbegin();
}

}  // namespace lanyard::storage::postgres
