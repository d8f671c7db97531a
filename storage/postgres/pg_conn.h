#pragma once
// The PostgreSQL engine's Conn and statements (storage/ only). A PgConn runs its statements
// through a SessionSource: a writer's own session for the length of its transaction, or the
// reader pool, which lends a session for the length of one execution (the whole result is
// fetched at once, so a reader never holds a connection between rows).
#include <memory>
#include <string>
#include <vector>

#include "storage/conn.h"
#include "storage/postgres/pg_session.h"

namespace lanyard::storage::postgres {

class SessionSource {
 public:
  virtual ~SessionSource() = default;
  // PgSession::Run on a session of this source; throws DbError.
  virtual ResultPtr Run(const char* key, const TranslatedSql& sql,
                        const std::vector<const char*>& values) = 0;
  // PgSession::Exec on a session of this source; throws DbError.
  virtual void Exec(const std::string& sql) = 0;
};

// A Conn whose statements run on `source` (which outlives it). Same thread rules as Conn.
class PgConn final : public Conn {
 public:
  explicit PgConn(SessionSource& source) : source_(source) {}
  Dialect dialect() const override { return Dialect::kPostgres; }
  void ExecScript(const std::string& sql) override { source_.Exec(sql); }

 protected:
  std::unique_ptr<Statement> Prepare(const char* sql) override;

 private:
  SessionSource& source_;
};

// A SessionSource that is one session (a writer's).
class OwnSession final : public SessionSource {
 public:
  explicit OwnSession(PgSession& session) : session_(session) {}
  ResultPtr Run(const char* key, const TranslatedSql& sql,
                const std::vector<const char*>& values) override {
    return session_.Run(key, sql, values);
  }
  void Exec(const std::string& sql) override { session_.Exec(sql); }

 private:
  PgSession& session_;
};

}  // namespace lanyard::storage::postgres
