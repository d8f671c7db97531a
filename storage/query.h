#pragma once
// Bound statements for the repositories (storage/ only). Statements are prepared once per
// connection and cached by their SQL text's address, so pass string literals.
//
//   Query q(conn, "SELECT name FROM users WHERE id = ?", id);
//   if (q.Next()) name = q.Text(0);
//
// The statement is reset when the Query goes out of scope, which ends its read snapshot.
#include <cstdint>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <type_traits>

#include "storage/conn.h"
#include "storage/statuses.h"

namespace lanyard::storage {

// A number that grows after every commit of the writer (of any Database in the process),
// before the units of that commit are answered, and, on PostgreSQL, when another instance's
// commit is announced (storage/database.h says how soon). Repositories key short-lived read
// caches on it: a value read before a query is never newer than the data the query sees.
uint64_t CommitGeneration();
// CommitGeneration as the database behind `c` knows it, for caches that must also follow the
// commits of other instances sharing that database. SQLite: CommitGeneration() (no cost).
// PostgreSQL: also moves once any instance has answered a commit (every instance moves the
// database's commit counter after a commit and before answering, migrations_postgres/0032):
// one round trip to the server, reading the counter through `c` (a reader, or a unit's
// connection). Read it before reading the data a cache keeps under it: equal values mean no
// commit answered by any instance came between. Grows in one process like CommitGeneration()
// (the counter in the high 32 bits, this process's generation in the low 32 bits). Throws what
// `c` throws.
uint64_t CommitGeneration(Conn& c);

class Query {
 public:
  template <typename... Args>
  Query(Conn& conn, const char* sql, const Args&... args) : st_(CachedStatement(conn, sql)) {
    int index = 1;
    (Bind(index++, args), ...);
  }
  ~Query() { st_.Reset(); }
  Query(const Query&) = delete;
  Query& operator=(const Query&) = delete;

  bool Next() { return st_.Step(); }
  // Runs a statement that returns no rows; returns the number of changed rows.
  int Exec() { return st_.Execute(); }

  bool IsNull(int col) { return st_.IsNull(col); }
  int64_t Int(int col) { return st_.Int(col); }
  double Real(int col) { return st_.Real(col); }
  std::string Text(int col) { return st_.Text(col); }
  std::optional<int64_t> OptInt(int col) {
    if (st_.IsNull(col)) return std::nullopt;
    return st_.Int(col);
  }
  std::optional<std::string> OptText(int col) {
    if (st_.IsNull(col)) return std::nullopt;
    return st_.Text(col);
  }
  bool Bool(int col) { return st_.Int(col) != 0; }
  // Reads the current row's columns, from 0 on, into `out...` in order, each by its type:
  // int64_t, double, bool, std::string, or an optional of int64_t / std::string (NULL: nullopt).
  //   q.Columns(r.id, r.name, r.phone);   // SELECT id, name, phone ...
  template <typename... T>
  void Columns(T&... out) {
    ColumnsFrom(0, out...);
  }
  // The same from column `first` on: a row that a join puts after another one's columns.
  template <typename... T>
  void ColumnsFrom(int first, T&... out) {
    int col = first;
    (Read(col++, out), ...);
  }

 private:
  void Read(int col, int64_t& v) { v = Int(col); }
  void Read(int col, double& v) { v = Real(col); }
  void Read(int col, bool& v) { v = Bool(col); }
  void Read(int col, std::string& v) { v = Text(col); }
  void Read(int col, std::optional<int64_t>& v) { v = OptInt(col); }
  void Read(int col, std::optional<std::string>& v) { v = OptText(col); }
  void Bind(int i, std::nullptr_t) { st_.BindNull(i); }
  void Bind(int i, const std::string& v) { st_.BindText(i, v); }
  void Bind(int i, std::string_view v) { st_.BindText(i, std::string(v)); }
  void Bind(int i, const char* v) { st_.BindText(i, std::string(v)); }
  void Bind(int i, bool v) { st_.BindInt(i, v ? 1 : 0); }
  void Bind(int i, double v) { st_.BindReal(i, v); }
  template <typename T, typename = std::enable_if_t<std::is_integral_v<T>>>
  void Bind(int i, T v) {
    st_.BindInt(i, static_cast<int64_t>(v));
  }
  // A status enum binds as its word (storage/statuses.h).
  template <typename E, typename = std::enable_if_t<std::is_enum_v<E>>, typename = void>
  void Bind(int i, E v) {
    Bind(i, ToString(v));
  }
  template <typename T>
  void Bind(int i, const std::optional<T>& v) {
    if (v) {
      Bind(i, *v);
    } else {
      st_.BindNull(i);
    }
  }

  Statement& st_;
};

// Runs `sql` (no results) with the arguments bound; returns changed rows.
template <typename... Args>
int Exec(Conn& conn, const char* sql, const Args&... args) {
  Query q(conn, sql, args...);
  return q.Exec();
}

// First column of the first row, or nullopt.
template <typename... Args>
std::optional<int64_t> ScalarInt(Conn& conn, const char* sql, const Args&... args) {
  Query q(conn, sql, args...);
  if (!q.Next() || q.IsNull(0)) return std::nullopt;
  return q.Int(0);
}

// Runs an `INSERT … RETURNING id` (both engines know RETURNING; SQLite since 3.35) and returns
// the new row's id. Throws std::logic_error when the statement returned no row (an insert that
// can skip its row, ON CONFLICT DO NOTHING, goes through ScalarInt and gets nullopt instead).
template <typename... Args>
int64_t InsertId(Conn& conn, const char* sql, const Args&... args) {
  const std::optional<int64_t> id = ScalarInt(conn, sql, args...);
  if (!id) throw std::logic_error(std::string("insert returned no id: ") + sql);
  return *id;
}

}  // namespace lanyard::storage
