#include "storage/sqlite/sqlite_conn.h"

#include <SQLiteCpp/SQLiteCpp.h>

namespace lanyard::storage {

Conn::~Conn() = default;

Statement& CachedStatement(Conn& conn, const char* sql) {
  auto found = conn.statements_.find(sql);
  if (found != conn.statements_.end()) return *found->second;
  std::unique_ptr<Statement> st = conn.Prepare(sql);
  Statement& ref = *st;
  conn.statements_.emplace(sql, std::move(st));
  return ref;
}

namespace sqlite {
namespace {

class SqliteStatement final : public Statement {
 public:
  SqliteStatement(SQLite::Database& db, const char* sql) : st_(db, sql) {}
  int ParameterCount() override { return st_.getBindParameterCount(); }
  void BindNull(int index) override { st_.bind(index); }
  void BindInt(int index, int64_t value) override { st_.bind(index, value); }
  void BindReal(int index, double value) override { st_.bind(index, value); }
  void BindText(int index, const std::string& value) override { st_.bind(index, value); }
  bool Step() override { return st_.executeStep(); }
  int Execute() override { return st_.exec(); }
  bool IsNull(int col) override { return st_.getColumn(col).isNull(); }
  int64_t Int(int col) override { return st_.getColumn(col).getInt64(); }
  double Real(int col) override { return st_.getColumn(col).getDouble(); }
  std::string Text(int col) override {
    SQLite::Column c = st_.getColumn(col);
    return c.isNull() ? std::string() : c.getString();
  }
  void Reset() noexcept override {
    try {
      st_.reset();
      st_.clearBindings();
    } catch (...) {
    }
  }

 private:
  SQLite::Statement st_;
};

}  // namespace

void SqliteConn::ExecScript(const std::string& sql) { db_.exec(sql); }

std::unique_ptr<Statement> SqliteConn::Prepare(const char* sql) {
  return std::make_unique<SqliteStatement>(db_, sql);
}

}  // namespace sqlite
}  // namespace lanyard::storage
