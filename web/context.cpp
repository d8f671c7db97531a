#include "web/context.h"

#include <charconv>

#include "web/client_address.h"
#include "web/errors.h"

namespace lanyard::web {

using nlohmann::json;

namespace {

constexpr int kMaxJsonDepth = 64;

// True when arrays and objects in `text` nest deeper than `limit`. Counted before parsing, so
// no later copy, dump or destruction of the document recurses deeper than that.
bool NestsDeeperThan(const std::string& text, int limit) {
  int depth = 0;
  bool in_string = false;
  for (size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (in_string) {
      if (c == '\\') {
        ++i;
      } else if (c == '"') {
        in_string = false;
      }
    } else if (c == '"') {
      in_string = true;
    } else if (c == '[' || c == '{') {
      if (++depth > limit) return true;
    } else if (c == ']' || c == '}') {
      --depth;
    }
  }
  return false;
}

}  // namespace

void BodyReader::TypeError(const char* key, const char* type) {
  if (!error_) {
    error_ = Error::BadRequest(std::string("Field '") + key + "' must be " + type + ".");
    error_->fields[key] = std::string("must be ") + type;
  }
}

std::optional<std::string> BodyReader::Str(const char* key) {
  auto it = body_.find(key);
  if (it == body_.end() || it->is_null()) return std::nullopt;
  if (!it->is_string()) {
    TypeError(key, "a string");
    return std::nullopt;
  }
  std::string value = it->get<std::string>();
  // SPEC §15: no control characters in text; newline and tab stay (multi-line fields).
  for (char c : value) {
    const auto u = static_cast<unsigned char>(c);
    if ((u < 0x20 && c != '\n' && c != '\t') || u == 0x7f) {
      if (!error_) {
        error_ = Error::Invalid(key, "must not contain control characters");
      }
      return std::nullopt;
    }
  }
  return value;
}

std::optional<int64_t> BodyReader::Int(const char* key) {
  auto it = body_.find(key);
  if (it == body_.end() || it->is_null()) return std::nullopt;
  if (!it->is_number_integer()) {
    TypeError(key, "an integer");
    return std::nullopt;
  }
  if (it->is_number_unsigned() && it->get<uint64_t>() > static_cast<uint64_t>(INT64_MAX)) {
    TypeError(key, "an integer in range");
    return std::nullopt;
  }
  return it->get<int64_t>();
}

std::optional<bool> BodyReader::Bool(const char* key) {
  auto it = body_.find(key);
  if (it == body_.end() || it->is_null()) return std::nullopt;
  if (!it->is_boolean()) {
    TypeError(key, "true or false");
    return std::nullopt;
  }
  return it->get<bool>();
}

const json* BodyReader::Raw(const char* key) {
  auto it = body_.find(key);
  if (it == body_.end() || it->is_null()) return nullptr;
  return &*it;
}

std::string Ctx::ClientIp() const {
  return ClientAddress(req, (*app.settings().Snapshot())["trusted_proxies"].get<std::string>());
}

std::optional<int64_t> Ctx::Id(size_t n) const {
  if (n == 0 || n > params.size()) return std::nullopt;
  const std::string& s = params[n - 1];
  int64_t v = 0;
  auto [ptr, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (ec != std::errc() || ptr != s.data() + s.size()) return std::nullopt;
  return v;
}

std::string Ctx::Query(const char* name, const std::string& fallback) const {
  return req.has_param(name) ? req.get_param_value(name) : fallback;
}

Result<ListPage> Ctx::Page() const {
  ListPage page;
  std::map<std::string, std::string> fields;
  auto read = [&](const char* name, int* out, int min, int max) {
    if (!req.has_param(name)) return;
    const std::string s = req.get_param_value(name);
    int v = 0;
    auto [ptr, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
    if (ec != std::errc() || ptr != s.data() + s.size() || v < min || v > max) {
      fields[name] = "must be an integer from " + std::to_string(min) + " to " + std::to_string(max);
      return;
    }
    *out = v;
  };
  read("limit", &page.limit, 1, 100);
  read("offset", &page.offset, 0, 100000000);
  if (!fields.empty()) return Error::Invalid(fields);
  return page;
}

Result<json> Ctx::JsonBody() const {
  if (req.body.size() > kMaxJsonBody) {
    return Error::Make(codes::kPayloadTooLarge, "The JSON body is larger than 1 MiB.");
  }
  if (req.body.empty()) return json::object();
  if (NestsDeeperThan(req.body, kMaxJsonDepth)) {
    return Error::BadRequest("The JSON body nests deeper than " + std::to_string(kMaxJsonDepth) +
                             " levels.");
  }
  json body = json::parse(req.body, nullptr, false);
  if (body.is_discarded()) return Error::BadRequest("The body is not valid JSON.");
  if (!body.is_object()) return Error::BadRequest("The body must be a JSON object.");
  return body;
}

bool Ctx::ReadJson(json* body) {
  auto parsed = JsonBody();
  if (!parsed) {
    Fail(parsed.error());
    return false;
  }
  *body = std::move(parsed.value());
  return true;
}

bool Ctx::Check(const BodyReader& reader) {
  if (reader.ok()) return true;
  Fail(reader.error());
  return false;
}

bool Ctx::ReadStringField(const char* key, std::string* value) {
  json body;
  if (!ReadJson(&body)) return false;
  BodyReader reader(body);
  *value = reader.StrOr(key, "");
  return Check(reader);
}

Result<httplib::MultipartFormData> Ctx::FilePart() const {
  if (!req.is_multipart_form_data()) {
    return Error::Make(codes::kUnsupportedMediaType, "Send multipart/form-data with a part named file.");
  }
  if (!req.has_file("file")) return Error::Invalid("file", "is required");
  return req.get_file_value("file");
}

std::string Ctx::FormField(const char* name) const {
  if (req.has_file(name)) return req.get_file_value(name).content;
  return Query(name);
}

void Ctx::Json(int status, const json& body) {
  res.status = status;
  // API replies may carry personal data: no shared or browser cache keeps them.
  if (!res.has_header("Cache-Control")) res.set_header("Cache-Control", "no-store");
  res.set_content(body.dump(-1, ' ', false, json::error_handler_t::replace),
                  "application/json; charset=utf-8");
}

void Ctx::Fail(const Error& error) {
  const json body = ErrorBody(error);
  if (error.code == codes::kRateLimited && !res.has_header("Retry-After")) {
    res.set_header("Retry-After", "5");
  }
  Json(body["status"].get<int>(), body);
}

bool Ctx::Allowed(const Status& may) {
  if (may.ok()) return true;
  Fail(may.error());
  return false;
}

void Ctx::SendFile(const std::string& content_type, const std::string& filename,
                   const std::string& bytes, bool inline_disposition) {
  res.status = 200;
  res.set_header("X-Content-Type-Options", "nosniff");
  res.set_header("Content-Disposition",
                 std::string(inline_disposition ? "inline" : "attachment") + "; filename=\"" +
                     filename + "\"");
  res.set_header("Cache-Control", "private, no-store");
  res.set_content(bytes, content_type.c_str());
}

bool Ctx::RateLimit(const std::string& key, int limit, int window_seconds,
                    const std::map<std::string, std::string>& extra) {
  int retry_after = 0;
  if (limits.Allow(key, limit, window_seconds, &retry_after)) return true;
  res.set_header("Retry-After", std::to_string(retry_after));
  Error refusal = Error::Make(codes::kRateLimited, "Too many attempts; try again in " +
                                                       std::to_string(retry_after) + " seconds.");
  refusal.extra = extra;
  refusal.extra["retry_after"] = std::to_string(retry_after);
  Fail(refusal);
  return false;
}

int Ctx::SettingInt(const char* key) const {
  return (*app.settings().Snapshot())[key].get<int>();
}

}  // namespace lanyard::web
