// Links queued on a loopback address (lanyard demo, a first start) follow the base URL at send.
#include <doctest/doctest.h>

#include "core/mail/mail_compose.h"
#include "core/mail/mail_links.h"

using namespace lanyard;
using nlohmann::json;

TEST_CASE("mail links: loopback links queued by the demo take the base URL the server sends with") {
  json v = {{"order_url", "http://127.0.0.1:8080/account/orders/7?x=1"},
            {"confirm_url", "http://localhost:8080/account/confirm?token=T"},
            {"event_url", "https://tickets.example.org/events/3"},  // already real: kept
            {"note", "http://127.0.0.1:8080/account"},             // not a link field: kept
            {"tickets", json::array({{{"ticket_url", "http://127.0.0.1:8080/account/tickets/1"}}})}};
  RebaseLoopbackLinks(v, "https://192.168.1.20:8443/");
  CHECK(v["order_url"] == "https://192.168.1.20:8443/account/orders/7?x=1");
  CHECK(v["confirm_url"] == "https://192.168.1.20:8443/account/confirm?token=T");
  CHECK(v["event_url"] == "https://tickets.example.org/events/3");
  CHECK(v["note"] == "http://127.0.0.1:8080/account");
  CHECK(v["tickets"][0]["ticket_url"] == "https://192.168.1.20:8443/account/tickets/1");
}

TEST_CASE("mail links: nothing changes while the base URL is loopback too") {
  json v = {{"order_url", "http://127.0.0.1:8080/account/orders/7"}};
  RebaseLoopbackLinks(v, "http://127.0.0.1:9090");
  CHECK(v["order_url"] == "http://127.0.0.1:8080/account/orders/7");
  RebaseLoopbackLinks(v, "");
  CHECK(v["order_url"] == "http://127.0.0.1:8080/account/orders/7");
}

TEST_CASE("mail links: a composed demo mail sent after the base URL was set opens on a phone") {
  MailSettings settings;
  settings.base_url = "https://tiket.example.id";
  MailRequest request;
  request.id = 3;
  request.kind = "order_expired";
  request.locale = "id";
  request.to_email = "dewi@example.org";
  request.to_name = "Dewi";
  request.data = {{"order_code", "K7QX2M9A"},
                  {"order_url", "http://127.0.0.1:8080/account/orders/5"},
                  {"event_title", "Bandung Dev Day"}};
  auto mail = ComposeMail(request, DefaultMailTemplate("order_expired", "id"), settings, 1780304400);
  REQUIRE(mail.ok());
  CHECK(mail->rendered.text.find("https://tiket.example.id/account/orders/5") != std::string::npos);
  CHECK(mail->rendered.text.find("127.0.0.1") == std::string::npos);
}
