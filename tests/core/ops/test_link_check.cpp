// LinkWarning: when links in mails cannot open on a phone (issue 15, item 3).
#include <doctest/doctest.h>

#include "core/ops/link_check.h"

using namespace lanyard;
using nlohmann::json;

TEST_CASE("link check: loopback hosts and URLs are recognised") {
  CHECK(IsLoopbackUrl("http://127.0.0.1:8080"));
  CHECK(IsLoopbackUrl("https://localhost/x"));
  CHECK(IsLoopbackUrl("http://[::1]:8080/"));
  CHECK(IsLoopbackUrl("127.0.0.5:8080"));
  CHECK_FALSE(IsLoopbackUrl("https://192.168.1.20:8443"));
  CHECK_FALSE(IsLoopbackUrl("https://tickets.example.org"));
  CHECK_FALSE(IsLoopbackUrl("https://127.example.org"));
  CHECK(IsLoopbackHost("127.0.0.1"));
  CHECK_FALSE(IsLoopbackHost("0.0.0.0"));
}

TEST_CASE("link check: a loopback base URL with mail leaving the machine warns, naming the LAN address") {
  const json s = {{"base_url", "http://127.0.0.1:8080"}, {"mail_transport", "smtp"},
                  {"listen_host", "127.0.0.1"}, {"listen_port", 8443}};
  const auto w = LinkWarning(s, {"192.168.1.20"});
  REQUIRE(w);
  CHECK(w->find("http://127.0.0.1:8080") != std::string::npos);
  CHECK(w->find("--base-url https://192.168.1.20:8443") != std::string::npos);
  CHECK(w->find("--listen 0.0.0.0:8443 --tls auto") != std::string::npos);
  const auto without_lan = LinkWarning(s, {});
  REQUIRE(without_lan);
  CHECK(without_lan->find("<LAN-IP>") != std::string::npos);
}

TEST_CASE("link check: listening beyond loopback with a loopback base URL warns even with file mail") {
  const json s = {{"base_url", "http://127.0.0.1:8080"}, {"mail_transport", "file"},
                  {"listen_host", "0.0.0.0"}, {"listen_port", 8080}};
  CHECK(LinkWarning(s, {"10.0.0.7"}));
}

TEST_CASE("link check: no warning for file mail on loopback, or for a LAN base URL") {
  CHECK_FALSE(LinkWarning({{"base_url", "http://127.0.0.1:8080"}, {"mail_transport", "file"},
                           {"listen_host", "127.0.0.1"}},
                          {"192.168.1.20"}));
  CHECK_FALSE(LinkWarning({{"base_url", "https://192.168.1.20:8443"}, {"mail_transport", "smtp"},
                           {"listen_host", "0.0.0.0"}},
                          {"192.168.1.20"}));
}
