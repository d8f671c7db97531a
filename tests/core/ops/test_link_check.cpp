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

TEST_CASE("link check: serving on loopback with mail leaving the machine suggests listening on the LAN") {
  const json s = {{"base_url", "http://127.0.0.1:8080"}, {"mail_transport", "smtp"},
                  {"listen_host", "127.0.0.1"}, {"listen_port", 8443}};
  const auto w = LinkWarning(s, {"192.168.1.20"});
  REQUIRE(w);
  CHECK(w->code == "loopback_listen");
  CHECK(w->base_url == "http://127.0.0.1:8080");
  CHECK(w->lan_url == "https://192.168.1.20:8443");
  CHECK(w->listen == "0.0.0.0:8443");
  CHECK(w->message.find("http://127.0.0.1:8080") != std::string::npos);
  CHECK(w->message.find("--listen 0.0.0.0:8443 --base-url https://192.168.1.20:8443") !=
        std::string::npos);
  CHECK(w->message.find("--tls auto") != std::string::npos);
  const json j = w->ToJson();
  CHECK(j["code"] == "loopback_listen");
  CHECK(j["params"]["lan_url"] == "https://192.168.1.20:8443");
  const auto without_lan = LinkWarning(s, {});
  REQUIRE(without_lan);
  CHECK(without_lan->lan_url.empty());
  CHECK(without_lan->message.find("<LAN-IP>") != std::string::npos);
}

TEST_CASE("link check: serving on 0.0.0.0 with a loopback base URL asks only for the public URL") {
  const json s = {{"base_url", "http://127.0.0.1:8080"}, {"mail_transport", "file"},
                  {"listen_host", "0.0.0.0"}, {"listen_port", 8080}};
  const auto w = LinkWarning(s, {"10.0.0.7"});
  REQUIRE(w);
  CHECK(w->code == "loopback_base_url");
  CHECK(w->listen.empty());
  CHECK(w->lan_url == "https://10.0.0.7:8080");
  CHECK(w->message.find("--listen") == std::string::npos);  // it listens there already
  CHECK(w->message.find("listens on 0.0.0.0 already") != std::string::npos);
  CHECK(w->message.find("https://10.0.0.7:8080") != std::string::npos);
}

TEST_CASE("link check: no warning for file mail on loopback, or for a LAN base URL") {
  CHECK_FALSE(LinkWarning({{"base_url", "http://127.0.0.1:8080"}, {"mail_transport", "file"},
                           {"listen_host", "127.0.0.1"}},
                          {"192.168.1.20"}));
  CHECK_FALSE(LinkWarning({{"base_url", "https://192.168.1.20:8443"}, {"mail_transport", "smtp"},
                           {"listen_host", "0.0.0.0"}},
                          {"192.168.1.20"}));
}

TEST_CASE("link check: an instance over PostgreSQL keeps its listen address and gets the public URL") {
  // README "Several instances on PostgreSQL": instances on 127.0.0.1:8081/8082 behind HAProxy.
  for (const char* host : {"127.0.0.1", "0.0.0.0"}) {
    INFO(host);
    const json s = {{"base_url", "http://127.0.0.1:8081"}, {"mail_transport", "smtp"},
                    {"listen_host", host}, {"listen_port", 8081}, {"several_instances", true}};
    const auto w = LinkWarning(s, {"192.168.1.20"});
    REQUIRE(w);
    CHECK(w->code == "instance_base_url");
    CHECK(w->base_url == "http://127.0.0.1:8081");
    CHECK(w->listen.empty());   // no new listen address: the balancer reaches the instance
    CHECK(w->lan_url.empty());  // no instance address to give as the public URL
    CHECK(w->message.find("keep --listen as it is") != std::string::npos);
    CHECK(w->message.find("the same --base-url") != std::string::npos);
    CHECK(w->message.find("load balancer") != std::string::npos);
    CHECK(w->message.find("Several instances on PostgreSQL") != std::string::npos);
    // Nothing suggests this instance's port or the LAN address as the address to give out.
    CHECK(w->message.find("0.0.0.0") == std::string::npos);
    CHECK(w->message.find("192.168.1.20") == std::string::npos);
    CHECK(w->message.find(":8081 ") == std::string::npos);
  }
  // A public base URL: no warning, as on SQLite.
  CHECK_FALSE(LinkWarning({{"base_url", "https://tickets.example.org"}, {"mail_transport", "smtp"},
                           {"listen_host", "127.0.0.1"}, {"several_instances", true}},
                          {"192.168.1.20"}));
}
