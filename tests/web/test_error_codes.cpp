// Every error code a core service can return has an HTTP status in web/errors: the registry
// (core/common/error_codes.h) maps completely, and no core source returns a code spelled as a
// literal that the registry does not list (an unmapped code would silently become a 500).
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

// The codes a source text spells as string literals where it builds an error.
std::set<std::string> LiteralCodes(const std::string& source) {
  static const std::regex kErrorLiteral(R"re((?:Error::Make|Error::Conflict|Refusal)\(\s*"([a-z_]+)")re");
  std::set<std::string> found;
  for (std::sregex_iterator it(source.begin(), source.end(), kErrorLiteral), end; it != end; ++it) {
    found.insert((*it)[1].str());
  }
  return found;
}

// "code in file" for every literal code in core's sources.
std::set<std::string> LiteralCodesInCore() {
  std::set<std::string> where;
  const std::filesystem::path core = std::filesystem::path(LANYARD_SOURCE_DIR) / "core";
  for (const auto& entry : std::filesystem::recursive_directory_iterator(core)) {
    const auto ext = entry.path().extension();
    if (!entry.is_regular_file() || (ext != ".cpp" && ext != ".h")) continue;
    std::ifstream in(entry.path(), std::ios::binary);
    std::stringstream text;
    text << in.rdbuf();
    for (const std::string& code : LiteralCodes(text.str())) {
      where.insert(code + " in " + entry.path().filename().string());
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

TEST_CASE("errors: core returns no code outside the registry") {
  const std::set<std::string> registered(lanyard::codes::kAllErrorCodes.begin(),
                                         lanyard::codes::kAllErrorCodes.end());
  for (const std::string& place : LiteralCodesInCore()) {
    const std::string code = place.substr(0, place.find(' '));
    CAPTURE(place);
    CHECK_MESSAGE(registered.count(code) == 1, "add it to core/common/error_codes.h and web/errors.cpp");
  }
}

TEST_CASE("errors: the scan finds a literal code however the error is built") {
  const std::string source =
      "return Error::Conflict(\"made_up\", \"x\");\n"
      "return Error::Make(\n      \"other_code\", \"y\");\n"
      "return Refusal(\"third\", \"z\");\n"
      "return Error::Conflict(codes::kSoldOut, \"w\");\n";
  CHECK(LiteralCodes(source) == std::set<std::string>{"made_up", "other_code", "third"});
}
