// What README's operator section tells a load balancer to ask must be answered: the HAProxy
// example's health check (`option httpchk GET <path>`) gets 200 from a real server. A wrong path
// there marks every instance down and the whole site answers 503.
#include <doctest/doctest.h>

#include <fstream>
#include <regex>
#include <sstream>
#include <string>
#include <vector>

#include "tests/support/test_server.h"

using lanyard::testing::TestServer;

TEST_CASE("README: the load balancer's health check path answers 200") {
  std::ifstream in(std::string(LANYARD_SOURCE_DIR) + "/README.md");
  REQUIRE(in.good());
  std::stringstream text;
  text << in.rdbuf();
  const std::string readme = text.str();
  const std::regex check(R"(option httpchk GET (\S+))");
  std::vector<std::string> paths;
  for (auto it = std::sregex_iterator(readme.begin(), readme.end(), check); it != std::sregex_iterator(); ++it) {
    paths.push_back((*it)[1].str());
  }
  REQUIRE_FALSE(paths.empty());  // the example is there
  TestServer server;
  for (const std::string& path : paths) {
    CAPTURE(path);
    CHECK(server.Get(path).status == 200);
  }
}
