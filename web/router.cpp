#include "web/router.h"

#include <cctype>
#include <regex>

#include "core/accounts/accounts.h"
#include "core/common/commit_generation.h"
#include "web/reply_cache.h"
#include "web/errors.h"

namespace lanyard::web {

using nlohmann::json;

namespace {

bool IsIdParam(const std::string& name) {
  return name == "id" || (name.size() > 3 && name.compare(name.size() - 3, 3, "_id") == 0);
}

Role MinRole(Access a) {
  switch (a) {
    case Access::kStaff: return Role::kStaff;
    case Access::kOrganizer: return Role::kOrganizer;
    case Access::kAdmin: return Role::kAdmin;
    default: return Role::kAttendee;
  }
}

std::string BearerToken(const httplib::Request& req) {
  const std::string header = req.get_header_value("Authorization");
  const std::string prefix = "Bearer ";
  if (header.size() <= prefix.size() || header.compare(0, prefix.size(), prefix) != 0) return "";
  return header.substr(prefix.size());
}

// Authenticates the caller as the route asks, refuses a missing or too small role, then runs
// the handler.
void Authorize(const Route& route, App& app, const httplib::Request& req, Ctx& ctx) {
  const std::string token = BearerToken(req);
  if (route.access != Access::kPublic && !token.empty()) {
    auto user = accounts::Authenticate(app, token);
    if (user.ok()) {
      ctx.user = std::move(user.value());
    } else if (route.access != Access::kOptional) {
      ctx.Fail(user.error());
      return;
    }
  }
  if (route.access != Access::kPublic && route.access != Access::kOptional) {
    if (!ctx.user) {
      ctx.Fail(Error::Unauthorized("Sign in to do this."));
      return;
    }
    if (!ctx.user->AtLeast(MinRole(route.access))) {
      ctx.Fail(Error::Forbidden("Your role may not do this."));
      return;
    }
  }
  route.handler(ctx);
}

// True when the reply of `route` to `req` is the one every anonymous caller gets: a cached
// public route, or a cached optional one called without credentials.
bool SharesReply(const Route& route, const httplib::Request& req) {
  return IsCachedRoute(route.method, route.path) && (route.access == Access::kPublic || !req.has_header("Authorization"));
}

// Sends a kept reply: 304 without a body when If-None-Match names its tag, else the 200.
// "no-cache": a browser may keep it but asks again (with If-None-Match) before each use.
void SendShared(const CachedReply& reply, const httplib::Request& req, httplib::Response& res) {
  // The handler's own Cache-Control (no-store) and Content-Type go: one of each is sent.
  res.headers.erase("Cache-Control");
  res.headers.erase("Content-Type");
  res.set_header("ETag", reply.etag);
  res.set_header("Cache-Control", "no-cache");
  if (IfNoneMatchHits(req.get_header_value("If-None-Match"), reply.etag)) {
    res.status = 304;
    res.body.clear();
    return;
  }
  res.status = 200;
  res.set_content(reply.body, "application/json; charset=utf-8");
}

void RunRoute(const Route& route, App& app, RateLimiter& limits, ReplyCache& cache,
              std::vector<std::string>& params, const httplib::Request& req, httplib::Response& res) {
  Ctx ctx(req, res, app, limits);
  ctx.params = std::move(params);
  const size_t limit = route.upload ? kMaxUploadBody : kMaxJsonBody;
  if (req.body.size() > limit) {
    ctx.Fail(ErrorForStatus(413));
    return;
  }
  // Before anything is read: every cache of this request is at least as new as what any
  // instance over the same database had answered by now (PostgreSQL; nothing on SQLite).
  const RequestFreshness fresh(app);
  if (!SharesReply(route, req)) {
    Authorize(route, app, req, ctx);
    return;
  }
  // Read before the handler reads any data: a reply kept under it is at least that new.
  const uint64_t generation = CommitGeneration(app);
  const std::string key = ReplyCacheKey(req);
  std::shared_ptr<const CachedReply> reply = cache.Find(key, generation);
  if (!reply) {
    route.handler(ctx);
    if (res.status != 200) return;  // errors are answered as built, never kept
    reply = cache.Store(key, generation, std::move(res.body));
  }
  SendShared(*reply, req, res);
}

}  // namespace

namespace {

std::vector<std::string> SplitPath(const std::string& path) {
  std::vector<std::string> parts;
  size_t start = 0;
  while (start < path.size()) {
    size_t slash = path.find('/', start);
    if (slash == std::string::npos) slash = path.size();
    if (slash > start) parts.push_back(path.substr(start, slash - start));
    start = slash + 1;
  }
  return parts;
}

bool ParamMatches(bool id_param, const std::string& value) {
  if (value.empty() || value.size() > 200) return false;
  if (id_param) {
    if (value.size() > 18) return false;
    for (char c : value) {
      if (c < '0' || c > '9') return false;
    }
    return true;
  }
  for (char c : value) {
    if (!std::isalnum(static_cast<unsigned char>(c)) && c != '_' && c != '-' && c != '.' && c != '~') {
      return false;
    }
  }
  return true;
}

}  // namespace

void RouteTable::Add(Route route) {
  std::vector<Segment> segments;
  for (const std::string& part : SplitPath(route.path)) {
    Segment seg;
    if (!part.empty() && part.front() == '{') {
      seg.param = true;
      seg.id_param = IsIdParam(part.substr(1, part.size() - 2));
    } else {
      seg.literal = part;
    }
    segments.push_back(std::move(seg));
  }
  segments_.push_back(std::move(segments));
  routes_.push_back(std::move(route));
}

const Route* RouteTable::Match(const std::string& method, const std::string& path,
                               std::vector<std::string>* params, bool* path_known) const {
  const std::vector<std::string> parts = SplitPath(path);
  *path_known = false;
  for (size_t i = 0; i < routes_.size(); ++i) {
    const std::vector<Segment>& pattern = segments_[i];
    if (pattern.size() != parts.size()) continue;
    bool matches = true;
    for (size_t k = 0; k < parts.size() && matches; ++k) {
      matches = pattern[k].param ? ParamMatches(pattern[k].id_param, parts[k])
                                 : pattern[k].literal == parts[k];
    }
    if (!matches) continue;
    if (routes_[i].method != method) {
      *path_known = true;
      continue;
    }
    params->clear();
    for (size_t k = 0; k < parts.size(); ++k) {
      if (pattern[k].param) params->push_back(parts[k]);
    }
    return &routes_[i];
  }
  return nullptr;
}

void RouteTable::Install(httplib::Server& server, App& app, RateLimiter& limits) const {
  // One cache per server, kept alive by the handlers that share it.
  auto cache = std::make_shared<ReplyCache>();
  const std::string prefix = "/api/v1";
  auto dispatch = [this, &app, &limits, cache, prefix](const httplib::Request& req, httplib::Response& res) {
    std::vector<std::string> params;
    bool path_known = false;
    // httplib answers HEAD with the GET handlers (and drops the body): match it as GET.
    const std::string& method = req.method == "HEAD" ? std::string("GET") : req.method;
    const Route* route = Match(method, req.path.substr(prefix.size()), &params, &path_known);
    if (!route) {
      Ctx ctx(req, res, app, limits);
      ctx.Fail(ErrorForStatus(path_known ? 405 : 404));
      return;
    }
    RunRoute(*route, app, limits, *cache, params, req, res);
  };
  const std::string pattern = "/api/v1/.*";
  server.Get(pattern, dispatch);
  server.Post(pattern, dispatch);
  server.Put(pattern, dispatch);
  server.Patch(pattern, dispatch);
  server.Delete(pattern, dispatch);
}

namespace {
constexpr const char* kCachedNote =
    "Anonymous callers get a shared reply from the reply cache (kept until the next commit, at "
    "most 5 s) with a strong ETag and Cache-Control: no-cache; If-None-Match with that tag → 304 "
    "without a body. Signed-in callers get their own reply (no ETag, no-store).";
}  // namespace

json BuildOpenApi(const RouteTable& table, const std::string& version) {
  json paths = json::object();
  static const std::regex kParam("\\{([a-z_]+)\\}");
  for (const Route& r : table.routes()) {
    json op = {{"summary", r.summary}, {"tags", json::array({r.tag})}};
    if (!r.description.empty()) op["description"] = r.description;
    if (IsCachedRoute(r.method, r.path)) {
      op["description"] = r.description + (r.description.empty() ? "" : " ") + kCachedNote;
      op["x-reply-cache"] = true;
    }
    json params = json::array();
    for (std::sregex_iterator it(r.path.begin(), r.path.end(), kParam), end; it != end; ++it) {
      const std::string name = (*it)[1];
      params.push_back({{"name", name},
                        {"in", "path"},
                        {"required", true},
                        {"schema", {{"type", IsIdParam(name) ? "integer" : "string"}}}});
    }
    if (!params.empty()) op["parameters"] = params;
    if (r.access != Access::kPublic && r.access != Access::kOptional) {
      op["security"] = json::array({{{"bearer", json::array()}}});
    }
    const char* who = "public";
    switch (r.access) {
      case Access::kOptional: who = "public (identifies the caller when signed in)"; break;
      case Access::kAuth: who = "signed-in user"; break;
      case Access::kStaff: who = "staff or higher"; break;
      case Access::kOrganizer: who = "organizer or admin"; break;
      case Access::kAdmin: who = "admin"; break;
      default: break;
    }
    op["x-access"] = who;
    if (r.method == "POST" || r.method == "PUT" || r.method == "PATCH") {
      op["requestBody"] = {
          {"content",
           {{r.upload ? "multipart/form-data" : "application/json",
             {{"schema", {{"type", "object"}}}}}}}};
    }
    json responses = json::object();
    for (int status : r.responses) {
      const bool ok = status < 300;
      const json schema = {{"$ref", ok ? "#/components/schemas/Any" : "#/components/schemas/Error"}};
      responses[std::to_string(status)] = {
          {"description", ok ? std::string("Success") : ErrorForStatus(status).message},
          {"content", {{"application/json", {{"schema", schema}}}}}};
    }
    if (IsCachedRoute(r.method, r.path)) responses["304"] = {{"description", "Not Modified (If-None-Match named the ETag)"}};
    responses["429"] = {{"description",
                         "Rate limited (Retry-After header). Counted per instance when several "
                         "instances share a PostgreSQL database (README)"}};
    responses["500"] = {{"description", "Internal error (no details)"}};
    op["responses"] = responses;
    std::string method = r.method;
    for (char& c : method) c = static_cast<char>(std::tolower(c));
    paths[r.path][method] = op;
  }
  return {
      {"openapi", "3.0.3"},
      {"info",
       {{"title", "Lanyard API"},
        {"version", version},
        {"description",
         "Event registration, payments by bank transfer, QR tickets, check-in, mail and prize "
         "draws. Errors always have the body {status, code, message, fields?}. Lists take limit "
         "(default 20, max 100) and offset and return {items, total, limit, offset}."}}},
      {"servers", json::array({{{"url", "/api/v1"}}})},
      {"paths", paths},
      {"components",
       {{"securitySchemes", {{"bearer", {{"type", "http"}, {"scheme", "bearer"}}}}},
        {"schemas",
         {{"Any", {{"type", "object"}}},
          {"Error",
           {{"type", "object"},
            {"required", json::array({"status", "code", "message"})},
            {"properties",
             {{"status", {{"type", "integer"}}},
              {"code", {{"type", "string"}}},
              {"message", {{"type", "string"}}},
              {"fields", {{"type", "object"}, {"additionalProperties", {{"type", "string"}}}}}}}}}}}}}};
}

}  // namespace lanyard::web
