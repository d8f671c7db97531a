#pragma once
// A handle on one SQLite connection, opaque to the layers above: only storage/ sees SQLiteCpp.
// Repository functions (storage/*_repo.h) take a Conn&; core/ passes along the one it is given.
#include <cstdint>
#include <memory>
#include <unordered_map>

namespace SQLite {
class Database;
class Statement;
}

namespace lanyard::storage {

class Conn {
 public:
  explicit Conn(SQLite::Database& db);
  ~Conn();
  Conn(const Conn&) = delete;
  Conn& operator=(const Conn&) = delete;

  SQLite::Database& sqlite() { return db_; }
  int64_t LastInsertId() const;
  int Changes() const;

 private:
  friend SQLite::Statement& CachedStatement(Conn& conn, const char* sql);
  SQLite::Database& db_;
  std::unordered_map<const char*, std::unique_ptr<SQLite::Statement>> statements_;
};

SQLite::Statement& CachedStatement(Conn& conn, const char* sql);

}  // namespace lanyard::storage
