// Every error code a core service or a web handler can return has an HTTP status in web/errors:
// the registry (core/common/error_codes.h) maps completely, and no source in core/ or web/ builds
// an error from a code spelled as a literal or from a constant of its own (an unlisted code would
// silently become a 500): codes are named through codes::k... only.
#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>
#include <regex>
#include <set>
#include <sstream>
#include <string>

#include "core/common/error_codes.h"
#include "web/errors.h"

namespace {

// The codes a source text names, where it builds an error, by a string literal ("sold_out") or
// by a constant that is not the registry's (kSoldOut without codes::): both bypass the registry.
std::set<std::string> UnregisteredNames(const std::string& source) {
  static const std::regex kErrorCode(
      R"re((?:Error::Make|Error::Conflict|Refusal|refuse)\(\s*("[a-z_]+"|(?:[A-Za-z_]+::)*k[A-Z]\w*))re");
  std::set<std::string> found;
  for (std::sregex_iterator it(source.begin(), source.end(), kErrorCode), end; it != end; ++it) {
    const std::string name = (*it)[1].str();
    if (name.rfind("codes::", 0) == 0 || name.find("::codes::") != std::string::npos) continue;
    found.insert(name[0] == '"' ? name.substr(1, name.size() - 2) : name);
  }
  return found;
}

// "name in file" for every such name in core's and web's sources.
std::set<std::string> UnregisteredNamesInSources() {
  std::set<std::string> where;
  for (const char* folder : {"core", "web"}) {
    const std::filesystem::path root = std::filesystem::path(LANYARD_SOURCE_DIR) / folder;
    for (const auto& entry : std::filesystem::recursive_directory_iterator(root)) {
      const auto ext = entry.path().extension();
      if (!entry.is_regular_file() || (ext != ".cpp" && ext != ".h")) continue;
      std::ifstream in(entry.path(), std::ios::binary);
      std::stringstream text;
      text << in.rdbuf();
      for (const std::string& name : UnregisteredNames(text.str())) {
        where.insert(name + " in " + entry.path().filename().string());
      }
    }
  }
  return where;
}

}  // namespace

TEST_CASE("errors: every registered code has an HTTP status, only internal is a 500") {
  for (std::string_view code : lanyard::codes::kAllErrorCodes) {
    CAPTURE(code);
    const int status = lanyard::web::HttpStatusFor(std::string(code));
    if (code == lanyard::codes::kInternal) {
      CHECK(status == 500);
    } else {
      CHECK(status >= 400);
      CHECK(status != 500);
    }
  }
  CHECK(lanyard::web::HttpStatusFor("no_such_code") == 500);
}

TEST_CASE("errors: core and web name every code through the registry") {
  for (const std::string& place : UnregisteredNamesInSources()) {
    CAPTURE(place);
    FAIL_CHECK("name it codes::k... (add it to core/common/error_codes.h and web/errors.cpp)");
  }
}

TEST_CASE("errors: the scan finds a code outside the registry however the error is built") {
  const std::string source =
      "return Error::Conflict(\"made_up\", \"x\");\n"
      "return Error::Make(\n      \"other_code\", \"y\");\n"
      "return Refusal(\"third\", \"z\");\n"
      "return refuse(kOwnConstant, \"v\");\n"
      "return Error::Conflict(programme::kAlsoOwn, \"u\");\n"
      "return Error::Conflict(codes::kSoldOut, \"w\");\n"
      "return Error::Make(lanyard::codes::kSoldOut, \"w\");\n"
      "return Error::Make(code, message);\n";
  CHECK(UnregisteredNames(source) ==
        std::set<std::string>{"made_up", "other_code", "third", "kOwnConstant", "programme::kAlsoOwn"});
}
