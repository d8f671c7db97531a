#pragma once
// One libpq connection and the statements prepared on it (storage/ only). A session belongs to
// one thread at a time: a writer holds one for its whole transaction, a reader borrows one from
// the pool for the length of one statement's execution (storage/postgres/pg_pool.h).
#include <libpq-fe.h>

#include <memory>
#include <string>
#include <unordered_map>
#include <vector>

#include "storage/postgres/pg_sql.h"

namespace lanyard::storage::postgres {

// Owns a PGresult; PQclear on destruction.
using ResultPtr = std::unique_ptr<PGresult, decltype(&PQclear)>;

class PgSession {
 public:
  // Connects to `url` (a libpq URI: postgres://user@host:port/db?host=/socket/dir); throws
  // DbError when the server refuses or is unreachable. Notices are not printed.
  explicit PgSession(const std::string& url);
  ~PgSession();
  PgSession(const PgSession&) = delete;
  PgSession& operator=(const PgSession&) = delete;

  // Runs `sql` (one or more statements, no parameters); throws DbError on failure.
  void Exec(const std::string& sql);
  // Runs the statement whose text is at `key` (translated as `sql`), preparing it on this
  // connection on first use, with `values` as parameters in text form (nullptr = NULL).
  // Returns the result (rows or command status); throws DbError on failure.
  ResultPtr Run(const char* key, const TranslatedSql& sql, const std::vector<const char*>& values);
  // Reconnects when the connection was lost (forgetting its prepared statements); true when
  // the connection is usable afterwards.
  bool EnsureConnected();
  PGconn* handle() { return conn_; }

 private:
  const std::string url_;
  PGconn* conn_ = nullptr;
  std::unordered_map<const char*, std::string> prepared_;  // statement text → its name
  int next_name_ = 0;
};

// Throws DbError for a result that is not a success (or for a missing one), with the
// server's message and SQLSTATE.
void CheckResult(PGconn* conn, const PGresult* result, const char* what);

}  // namespace lanyard::storage::postgres
