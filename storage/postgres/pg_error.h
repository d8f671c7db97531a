#pragma once
// An error reported by PostgreSQL (storage/ only): the message and the SQLSTATE code.
#include <stdexcept>
#include <string>

namespace lanyard::storage::postgres {

class DbError : public std::runtime_error {
 public:
  DbError(const std::string& message, std::string sqlstate)
      : std::runtime_error(message), sqlstate_(std::move(sqlstate)) {}
  // Five characters ("23505" unique violation, "40001" serialization failure...), or "" when
  // the connection failed before the server answered.
  const std::string& sqlstate() const { return sqlstate_; }
  // A transaction that lost a serialization check or a deadlock: running it again may succeed.
  bool Retryable() const { return sqlstate_ == "40001" || sqlstate_ == "40P01"; }

 private:
  std::string sqlstate_;
};

}  // namespace lanyard::storage::postgres
