#pragma once
// A handle on one database connection, opaque to the layers above: repository functions
// (storage/*_repo.h) take a Conn&; core/ passes along the one it is given. The engine behind it
// (storage/sqlite/ or storage/postgres/) implements Conn and Statement; the repositories see
// only these two classes, through storage/query.h.
//
// Thread safety: a Conn and its statements belong to one thread at a time (the writer's unit,
// or the reader connection of the calling thread).
#include <cstdint>
#include <memory>
#include <string>
#include <unordered_map>

namespace lanyard::storage {

// The SQL dialect of a connection. Repositories write portable SQL and pick a statement by
// dialect only where the two truly differ (keep those few and visible).
enum class Dialect { kSqlite, kPostgres };

// One prepared statement. Parameters are numbered from 1, written `?` or `?N` in the SQL text
// (the PostgreSQL engine rewrites them to `$N`); columns from 0. A parameter left unbound in a
// run is NULL. Errors throw std::runtime_error (SQLite: SQLite::Exception; PostgreSQL:
// storage::DbError), e.g. on a constraint violation.
class Statement {
 public:
  virtual ~Statement() = default;
  // The highest parameter number the SQL text names.
  virtual int ParameterCount() = 0;
  virtual void BindNull(int index) = 0;
  virtual void BindInt(int index, int64_t value) = 0;
  virtual void BindReal(int index, double value) = 0;
  virtual void BindText(int index, const std::string& value) = 0;
  // Runs the statement on the first call; true while a row is current.
  virtual bool Step() = 0;
  // Runs a statement and returns the number of rows it changed.
  virtual int Execute() = 0;
  // The current row's column `col` (from 0). Int of a boolean column is 1 or 0.
  virtual bool IsNull(int col) = 0;
  virtual int64_t Int(int col) = 0;
  virtual double Real(int col) = 0;
  virtual std::string Text(int col) = 0;  // NULL reads as ""
  // Ends the run (and its read snapshot) and forgets the bindings. Never throws.
  virtual void Reset() noexcept = 0;
};

class Conn {
 public:
  Conn() = default;
  virtual ~Conn();
  Conn(const Conn&) = delete;
  Conn& operator=(const Conn&) = delete;

  virtual Dialect dialect() const = 0;
  // Runs one or more statements without parameters (migrations, test set-up); throws on error.
  virtual void ExecScript(const std::string& sql) = 0;

 protected:
  // Prepares `sql` on this connection; throws on a syntax error.
  virtual std::unique_ptr<Statement> Prepare(const char* sql) = 0;

 private:
  friend Statement& CachedStatement(Conn& conn, const char* sql);
  std::unordered_map<const char*, std::unique_ptr<Statement>> statements_;
};

// The statement for `sql` on `conn`, prepared on first use and cached by the text's address
// (pass string literals or interned strings).
Statement& CachedStatement(Conn& conn, const char* sql);

}  // namespace lanyard::storage
