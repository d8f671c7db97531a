#pragma once
// The SQLite engine's connection and statements (SQLiteCpp underneath); storage/ only.
#include <memory>
#include <string>

#include "storage/conn.h"

namespace SQLite {
class Database;
}

namespace lanyard::storage::sqlite {

// A Conn over an open SQLite connection it does not own. Same thread rules as Conn.
class SqliteConn final : public Conn {
 public:
  explicit SqliteConn(SQLite::Database& db) : db_(db) {}
  Dialect dialect() const override { return Dialect::kSqlite; }
  void ExecScript(const std::string& sql) override;
  SQLite::Database& handle() { return db_; }

 protected:
  std::unique_ptr<Statement> Prepare(const char* sql) override;

 private:
  SQLite::Database& db_;
};

}  // namespace lanyard::storage::sqlite
