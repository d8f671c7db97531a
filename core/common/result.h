#pragma once
// The vocabulary for expected outcomes: a Result<T> holds a value or an Error. Errors carry the
// spec's error code ("sold_out", "validation_failed", ...); web/errors.cpp maps codes to HTTP.
#include <map>
#include <optional>
#include <string>
#include <utility>
#include <variant>

#include "core/common/error_codes.h"

namespace lanyard {

struct Error {
  std::string code;     // a code of SPEC §2 or a domain code
  std::string message;  // a human sentence, safe to show
  std::map<std::string, std::string> fields;  // per-field reasons for validation_failed
  std::map<std::string, std::string> extra;   // extra string members of the error body

  static Error Make(std::string code, std::string message) {
    return Error{std::move(code), std::move(message), {}, {}};
  }
  static Error NotFound(std::string what = "Not found.") { return Make(codes::kNotFound, std::move(what)); }
  static Error Forbidden(std::string what = "You may not do this.") {
    return Make(codes::kForbidden, std::move(what));
  }
  static Error Unauthorized(std::string what = "Sign in first.") {
    return Make(codes::kUnauthorized, std::move(what));
  }
  static Error Conflict(std::string code, std::string what) { return Make(std::move(code), std::move(what)); }
  static Error BadRequest(std::string what) { return Make(codes::kBadRequest, std::move(what)); }
  static Error Invalid(std::map<std::string, std::string> fields,
                       std::string what = "Some fields are not valid.") {
    Error e = Make(codes::kValidationFailed, std::move(what));
    e.fields = std::move(fields);
    return e;
  }
  static Error Invalid(const std::string& field, const std::string& why) {
    return Invalid(std::map<std::string, std::string>{{field, why}});
  }
};

template <typename T>
class [[nodiscard]] Result {
 public:
  Result(T value) : state_(std::move(value)) {}  // NOLINT: implicit by design
  Result(Error error) : state_(std::move(error)) {}  // NOLINT
  bool ok() const { return state_.index() == 0; }
  explicit operator bool() const { return ok(); }
  T& value() & { return std::get<0>(state_); }
  const T& value() const& { return std::get<0>(state_); }
  T&& value() && { return std::get<0>(std::move(state_)); }
  T* operator->() { return &value(); }
  const T* operator->() const { return &value(); }
  T& operator*() & { return value(); }
  const Error& error() const { return std::get<1>(state_); }

 private:
  std::variant<T, Error> state_;
};

struct Ok {};
using Status = Result<Ok>;
inline Status OkStatus() { return Ok{}; }

}  // namespace lanyard
