#pragma once
// What a route handler works with: the request, the response, the app, the caller, and helpers
// that turn input into values and results into replies. Handlers hold no business rules.
#include <httplib.h>

#include <map>

#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "core/app.h"
#include "core/ops/audit.h"
#include "core/accounts/auth_user.h"
#include "core/common/result.h"
#include "web/rate_limit.h"

namespace lanyard::web {

constexpr size_t kMaxJsonBody = 1024 * 1024;         // 1 MiB
constexpr size_t kMaxUploadBody = 10 * 1024 * 1024;  // 10 MiB

// Reads typed fields out of a JSON object; a present field of the wrong type is a bad_request.
class BodyReader {
 public:
  explicit BodyReader(const nlohmann::json& body) : body_(body) {}
  std::optional<std::string> Str(const char* key);
  std::optional<int64_t> Int(const char* key);
  std::optional<bool> Bool(const char* key);
  const nlohmann::json* Raw(const char* key);  // present and not null
  std::string StrOr(const char* key, const std::string& fallback) {
    return Str(key).value_or(fallback);
  }
  bool ok() const { return !error_; }
  const Error& error() const { return *error_; }

 private:
  void TypeError(const char* key, const char* type);
  const nlohmann::json& body_;
  std::optional<Error> error_;
};

class Ctx {
 public:
  Ctx(const httplib::Request& req, httplib::Response& res, App& app, RateLimiter& limits)
      : req(req), res(res), app(app), limits(limits) {}

  const httplib::Request& req;
  httplib::Response& res;
  App& app;
  RateLimiter& limits;
  std::optional<AuthUser> user;  // set for authenticated routes
  std::vector<std::string> params;  // path parameters in order of appearance

  const AuthUser& me() const { return *user; }
  // The client's address: the peer, or X-Forwarded-For behind a trusted proxy (client_address.h).
  std::string ClientIp() const;
  // The n-th captured path parameter as an id; nullopt when it does not fit in int64.
  std::optional<int64_t> Id(size_t n = 1) const;
  std::string Param(size_t n = 1) const { return n <= params.size() ? params[n - 1] : ""; }
  std::string Query(const char* name, const std::string& fallback = "") const;
  // limit (1..100, default 20) and offset (>= 0) from the query string.
  Result<ListPage> Page() const;
  // The JSON body as an object (an empty body is {}); bad_request when malformed.
  Result<nlohmann::json> JsonBody() const;
  // Reads the JSON body; on a malformed body replies with the error and returns false.
  bool ReadJson(nlohmann::json* body);
  // False (after replying) when the reader met a field of the wrong type.
  bool Check(const BodyReader& reader);
  // For bodies of one string field: reads it ("" when absent); false after replying when the
  // body is malformed or the field is not a string.
  bool ReadStringField(const char* key, std::string* value);
  // The uploaded file part named `file` (multipart); validation_failed when missing.
  Result<httplib::MultipartFormData> FilePart() const;
  std::string FormField(const char* name) const;

  void Json(int status, const nlohmann::json& body);
  void Fail(const Error& error);
  // The access check a handler makes before it reads the body or the upload (SPEC §1): true
  // when `may` is ok; otherwise replies with its error (401/403/404) and returns false.
  //   if (!ctx.Allowed(events::CheckAccess(ctx.app, ctx.me(), *ctx.Id(), EventAccess::kManage))) return;
  bool Allowed(const Status& may);
  void NoContent() { res.status = 204; }
  void Reply(const Result<nlohmann::json>& result, int success_status = 200) {
    if (result.ok()) {
      Json(success_status, result.value());
    } else {
      Fail(result.error());
    }
  }
  void Reply(const Status& status, int success_status = 200, const nlohmann::json& body = {{"ok", true}}) {
    if (status.ok()) {
      Json(success_status, body);
    } else {
      Fail(status.error());
    }
  }
  // A file download: nosniff, and attachment unless it is safe to show inline.
  void SendFile(const std::string& content_type, const std::string& filename,
                const std::string& bytes, bool inline_disposition);
  // Applies a rate-limit rule; on refusal writes the 429 reply (Retry-After, and retry_after in
  // seconds as text in the body, plus the members of `extra`) and returns false.
  bool RateLimit(const std::string& key, int limit, int window_seconds,
                 const std::map<std::string, std::string>& extra = {});
  int SettingInt(const char* key) const;
};

}  // namespace lanyard::web
