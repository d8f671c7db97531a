// /openapi.json documents every route of the table, and no route exists outside the table: this
// is the test that fails when someone registers an undocumented route.
#include <doctest/doctest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <regex>
#include <set>
#include <sstream>

#include "tests/support/test_server.h"
#include "web/server.h"

using lanyard::testing::Reply;
using lanyard::testing::TestServer;
using lanyard::web::Access;
using nlohmann::json;

namespace {

std::string Lower(std::string s) {
  for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

std::string ReadFile(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

// Drops // and /* */ comments and the contents of ordinary string literals' escapes stay; good
// enough to not flag a registration that is only mentioned in a comment.
std::string StripComments(const std::string& src) {
  std::string out;
  out.reserve(src.size());
  for (size_t i = 0; i < src.size(); ++i) {
    if (src.compare(i, 2, "//") == 0) {
      while (i < src.size() && src[i] != '\n') ++i;
      out += '\n';
    } else if (src.compare(i, 2, "/*") == 0) {
      const size_t end = src.find("*/", i + 2);
      i = end == std::string::npos ? src.size() : end + 1;
    } else {
      out += src[i];
    }
  }
  return out;
}

// Calls that register an httplib handler directly: server.Get("/x", ...), srv->Post(R"(...)", ...),
// s.Delete(pattern, ...) and friends.
const std::regex& RawRegistration() {
  static const std::regex re(
      R"(((\.|->)\s*(Get|Post|Put|Patch|Delete|Options)\s*\(\s*R?")|)"
      R"(\b(s|svr|srv|server|http|server_|svr_)\s*(\.|->)\s*(Get|Post|Put|Patch|Delete|Options)\s*\()");
  return re;
}

}  // namespace

TEST_CASE("openapi: every route of the table is in /openapi.json with a summary and responses") {
  TestServer s;
  Reply r = s.Get("/api/v1/openapi.json");
  REQUIRE(r.status == 200);
  CHECK(r.Header("Content-Type").find("application/json") == 0);
  const json doc = r.Json();
  REQUIRE(doc.is_object());
  CHECK(doc["openapi"].get<std::string>().rfind("3.", 0) == 0);
  CHECK(doc["info"]["title"].is_string());
  CHECK(doc["info"]["version"] == LANYARD_VERSION);
  CHECK(doc["components"]["schemas"].contains("Error"));
  CHECK(doc["components"]["securitySchemes"].contains("bearer"));

  const lanyard::web::RouteTable table = lanyard::web::BuildRouteTable();
  REQUIRE(table.routes().size() > 20);
  size_t operations = 0;
  std::set<std::string> seen;
  static const std::regex param("\\{([a-z_]+)\\}");
  for (const auto& route : table.routes()) {
    const std::string method = Lower(route.method);
    INFO("route ", route.method, " ", route.path);
    CHECK(seen.insert(route.method + " " + route.path).second);  // declared once
    CHECK(route.path.rfind("/", 0) == 0);
    CHECK_FALSE(route.summary.empty());
    CHECK(static_cast<bool>(route.handler));
    CHECK(std::any_of(route.responses.begin(), route.responses.end(), [](int st) { return st < 300; }));
    REQUIRE(doc["paths"].contains(route.path));
    REQUIRE(doc["paths"][route.path].contains(method));
    const json& op = doc["paths"][route.path][method];
    ++operations;
    REQUIRE(op["summary"].is_string());
    CHECK(op["summary"] == route.summary);
    REQUIRE(op["responses"].is_object());
    CHECK_FALSE(op["responses"].empty());
    for (int status : route.responses) {
      INFO("status ", status);
      CHECK(op["responses"].contains(std::to_string(status)));
      CHECK(op["responses"][std::to_string(status)]["description"].is_string());
    }
    CHECK(op["responses"].contains("429"));
    CHECK(op["responses"].contains("500"));
    // Path parameters are declared.
    for (std::sregex_iterator it(route.path.begin(), route.path.end(), param), end; it != end; ++it) {
      const std::string name = (*it)[1];
      bool declared = false;
      for (const auto& p : op["parameters"]) declared = declared || (p["name"] == name && p["in"] == "path");
      CHECK_MESSAGE(declared, "path parameter " << name);
    }
    // Signed-in routes say so.
    const bool needs_token = route.access != Access::kPublic && route.access != Access::kOptional;
    CHECK(op.contains("security") == needs_token);
    CHECK(op["x-access"].is_string());
    if (route.method == "POST" || route.method == "PUT" || route.method == "PATCH") {
      CHECK(op.contains("requestBody"));
    }
  }
  // Nothing in the document that the table does not have.
  size_t documented = 0;
  for (const auto& [path, ops] : doc["paths"].items()) documented += ops.size();
  CHECK(documented == operations);
}

TEST_CASE("openapi: the accounts and operations routes of SPEC sections 3 and 12 are all in the table") {
  const lanyard::web::RouteTable table = lanyard::web::BuildRouteTable();
  std::set<std::string> have;
  for (const auto& r : table.routes()) have.insert(r.method + " " + r.path);
  for (const char* expected :
       {"POST /auth/register", "POST /auth/confirm", "POST /auth/confirm/resend", "POST /auth/login",
        "POST /auth/refresh", "POST /auth/verify", "POST /auth/logout", "POST /auth/password/forgot",
        "POST /auth/password/reset", "POST /auth/password/change", "GET /me", "PATCH /me",
        "POST /me/documents", "GET /me/documents", "GET /documents/{id}", "GET /users", "GET /users/{id}",
        "PATCH /users/{id}", "POST /organizer-applications", "GET /organizer-applications",
        "POST /organizer-applications/{id}/decision", "GET /settings", "PATCH /settings",
        "GET /settings/public", "GET /audit", "GET /health", "GET /openapi.json", "GET /setup",
        "POST /setup"}) {
    INFO("expected route ", expected);
    CHECK(have.count(expected) == 1);
  }
}

TEST_CASE("openapi: no route is registered with httplib outside the route table") {
  // The scanner itself must see what it looks for.
  const std::regex& re = RawRegistration();
  CHECK(std::regex_search("server.Get(\"/x\", handler);", re));
  CHECK(std::regex_search("srv->Post(R\"(/api/v1/x/(\\d+))\", h);", re));
  CHECK(std::regex_search("s.Delete(pattern, h);", re));
  CHECK(std::regex_search("  svr.Patch( \"/y\", h);", re));
  CHECK_FALSE(std::regex_search("ctx.req.get_param_value(\"x\");", re));
  CHECK_FALSE(std::regex_search("auto v = cache.Get(key);", re));
  CHECK_FALSE(std::regex_search("t.Add({\"GET\", \"/me\", Access::kAuth, ...});", re));

  const std::filesystem::path web = std::filesystem::path(LANYARD_SOURCE_DIR) / "web";
  REQUIRE(std::filesystem::is_directory(web));
  size_t scanned = 0;
  for (const auto& entry : std::filesystem::directory_iterator(web)) {
    const std::string name = entry.path().filename().string();
    const std::string ext = entry.path().extension().string();
    if (ext != ".cpp" && ext != ".h") continue;
    if (name == "router.cpp" || name == "static_assets.cpp") continue;
    ++scanned;
    const std::string src = StripComments(ReadFile(entry.path()));
    std::smatch m;
    if (std::regex_search(src, m, re)) {
      const size_t line = static_cast<size_t>(std::count(src.begin(), src.begin() + m.position(), '\n')) + 1;
      FAIL_CHECK("web/" << name << ":" << line << " registers a route outside the route table: "
                        << m.str() << " — declare it with RouteTable::Add so it is documented");
    }
  }
  CHECK(scanned >= 5);
  // The two files allowed to register: the table's dispatcher and the static pages.
  CHECK(std::regex_search(StripComments(ReadFile(web / "router.cpp")), re));
}

TEST_CASE("openapi: /docs answers the offline reference page") {
  TestServer s;
  Reply docs = s.Get("/docs");
  CHECK(docs.status == 200);
  CHECK(docs.Header("Content-Type").find("text/html") == 0);
  std::string lower = Lower(docs.body);
  CHECK((lower.find("<!doctype html") != std::string::npos || lower.find("<html") != std::string::npos));
  // Offline: no remote scripts or styles.
  CHECK(lower.find("src=\"http") == std::string::npos);
  CHECK(lower.find("href=\"http") == std::string::npos);
}
