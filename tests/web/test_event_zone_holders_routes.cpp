// Issue 15, items 1 and 5 over HTTP: an event's own time zone (validated, in its JSON, in the
// mails about it) and the holders named per ticket at checkout (off, optional, required).
#include <doctest/doctest.h>

#include "storage/query.h"
#include "tests/support/test_server.h"
#include "tests/web/ticket_fixture.h"

using lanyard::testing::Reply;
using lanyard::testing::RunScenarios;
using lanyard::testing::Scenario;
using lanyard::testing::TestServer;
using lanyard::testing::TestUser;
namespace fx = lanyard::testing;
using nlohmann::json;
namespace storage = lanyard::storage;

namespace {

// Sets the event's holder_details (and time zone) the way its owner does, over the API.
void SetEvent(TestServer& s, int64_t event, const TestUser& owner, const json& patch) {
  REQUIRE(s.Patch("/api/v1/events/" + std::to_string(event), patch, owner.token).status == 200);
}

std::string Order(int64_t event, int64_t type, int64_t quantity, const json& holders) {
  json body = {{"event_id", event}, {"items", {{{"ticket_type_id", type}, {"quantity", quantity}}}}};
  if (!holders.is_null()) body["holders"] = holders;
  return body.dump();
}

// The holder names of the order's tickets, in ticket order.
std::vector<std::string> HolderNames(TestServer& s, int64_t order_id) {
  std::vector<std::string> out;
  storage::Query q(s.app().db().Reader(),
                   "SELECT holder_name || '|' || holder_email FROM tickets WHERE order_id = ? "
                   "ORDER BY id",
                   order_id);
  while (q.Next()) out.push_back(q.Text(0));
  return out;
}

}  // namespace

TEST_CASE("event zone: an event may have its own IANA time zone, shown in its JSON and mails") {
  TestServer s;
  TestUser owner = s.MakeUser("organizer");
  TestUser other = s.MakeUser("organizer");
  TestUser buyer = s.MakeUser("attendee", "Siti Rahma");
  const int64_t event = fx::MakeEvent(s, owner.id, "published");
  const int64_t type = fx::MakeTicketType(s, event);
  const std::string path = "/api/v1/events/" + std::to_string(event);
  std::vector<Scenario> table = {
      {"new events follow the deployment's zone", "GET", path, "", "", 200,
       {"\"time_zone\":null", "\"holder_details\":\"off\""}},
      {"the owner sets Makassar", "PATCH", path, json{{"time_zone", "Asia/Makassar"}}.dump(),
       owner.token, 200, {"\"time_zone\":\"Asia/Makassar\""}},
      {"everyone sees it", "GET", path, "", "", 200, {"\"time_zone\":\"Asia/Makassar\""}},
      {"an unknown zone", "PATCH", path, json{{"time_zone", "Asia/Atlantis"}}.dump(), owner.token,
       400, {"validation_failed", "\"time_zone\"", "IANA"}},
      {"an offset is not a zone", "PATCH", path, json{{"time_zone", "+08:00"}}.dump(), owner.token,
       400, {"\"time_zone\""}},
      {"a zone of the wrong type", "PATCH", path, json{{"time_zone", 8}}.dump(), owner.token, 400,
       {"time_zone"}},
      {"another organizer may not", "PATCH", path, json{{"time_zone", "UTC"}}.dump(), other.token,
       403, {"forbidden"}},
      {"an attendee may not", "PATCH", path, json{{"time_zone", "UTC"}}.dump(), buyer.token, 403,
       {"forbidden"}},
      {"the zone is kept after a refused change", "GET", path, "", "", 200,
       {"\"time_zone\":\"Asia/Makassar\""}},
      {"an order's tickets mail names the event's zone for its start", "POST", "/api/v1/orders",
       Order(event, type, 1, nullptr), buyer.token, 201, {"\"status\":\"paid\""}, {}, nullptr,
       [&](TestServer& srv, const Reply&) {
         auto mails = srv.Mails("tickets", buyer.email);
         REQUIRE(mails.size() == 1);
         CHECK(mails[0]["event_starts_at"]["tz"] == "Asia/Makassar");
         CHECK(mails[0]["event_starts_at"]["style"] == "datetime");
       }},
      {"the order carries the event's zone for its pages", "GET", "/api/v1/orders", "", buyer.token,
       200, {"\"event_time_zone\":\"Asia/Makassar\""}},
      {"null is the deployment's zone again", "PATCH", path, R"({"time_zone":null})", owner.token,
       200, {"\"time_zone\":null"}},
      {"so is an empty name", "PATCH", path, json{{"time_zone", ""}}.dump(), owner.token, 200,
       {"\"time_zone\":null"}},
  };
  RunScenarios(s, table);
}

TEST_CASE("holders: the event says whether checkout asks who each ticket is for") {
  TestServer s;
  TestUser owner = s.MakeUser("organizer");
  TestUser buyer = s.MakeUser("attendee", "Budi Buyer");
  const int64_t event = fx::MakeEvent(s, owner.id, "published");
  const int64_t type = fx::MakeTicketType(s, event);
  const std::string path = "/api/v1/events/" + std::to_string(event);
  const json two = json::array({{{"name", "Citra"}, {"email", "citra@example.org"}},
                                {{"name", "Dimas"}}});
  std::vector<Scenario> table = {
      {"holder_details must be a known word", "PATCH", path,
       json{{"holder_details", "sometimes"}}.dump(), owner.token, 400, {"\"holder_details\""}},
      {"off: holders sent anyway are ignored", "POST", "/api/v1/orders", Order(event, type, 2, two),
       buyer.token, 201, {"\"status\":\"paid\""}, {}, nullptr,
       [&](TestServer& srv, const Reply& r) {
         CHECK(HolderNames(srv, r.Json()["id"]) ==
               std::vector<std::string>{"Budi Buyer|" + buyer.email, "Budi Buyer|" + buyer.email});
         CHECK(srv.Mails("ticket_holder", "citra@example.org").empty());
       }},
      {"required", "PATCH", path, json{{"holder_details", "required"}}.dump(), owner.token, 200,
       {"\"holder_details\":\"required\""}},
      {"required: no holders", "POST", "/api/v1/orders", Order(event, type, 2, nullptr),
       buyer.token, 400, {"validation_failed", "\"holders\""}},
      {"required: one holder for two tickets", "POST", "/api/v1/orders",
       Order(event, type, 2, json::array({{{"name", "Citra"}}})), buyer.token, 400,
       {"\"holders\"", "2 tickets"}},
      {"required: a place without a name", "POST", "/api/v1/orders",
       Order(event, type, 2, json::array({{{"name", "Citra"}}, {{"name", " "}}})), buyer.token,
       400, {"holders[1].name"}},
      {"a holder's address that is not one", "POST", "/api/v1/orders",
       Order(event, type, 1, json::array({{{"name", "Citra"}, {"email", "citra@"}}})),
       buyer.token, 400, {"holders[0].email"}},
      {"holders of the wrong shape", "POST", "/api/v1/orders",
       Order(event, type, 1, json("Citra")), buyer.token, 400, {"bad_request"}},
      {"a holder of the wrong shape", "POST", "/api/v1/orders",
       Order(event, type, 1, json::array({"Citra"})), buyer.token, 400, {"bad_request"}},
      {"a name of the wrong type", "POST", "/api/v1/orders",
       Order(event, type, 1, json::array({{{"name", 7}}})), buyer.token, 400, {"name"}},
      {"required: named holders get the tickets; an address gets the ticket mail", "POST",
       "/api/v1/orders", Order(event, type, 2, two), buyer.token, 201, {"\"status\":\"paid\""}, {},
       nullptr,
       [&](TestServer& srv, const Reply& r) {
         CHECK(HolderNames(srv, r.Json()["id"]) ==
               std::vector<std::string>{"Citra|citra@example.org", "Dimas|" + buyer.email});
         auto holder_mails = srv.Mails("ticket_holder", "citra@example.org");
         REQUIRE(holder_mails.size() == 1);
         CHECK(holder_mails[0]["buyer_name"] == "Budi Buyer");
         CHECK(holder_mails[0]["ticket_url"].get<std::string>().find("?key=") != std::string::npos);
         // The buyer keeps both (the tickets mail lists them with their holders).
         auto buyer_mails = srv.Mails("tickets", buyer.email);
         REQUIRE_FALSE(buyer_mails.empty());
         CHECK(buyer_mails.back()["tickets"].dump().find("Citra") != std::string::npos);
       }},
      {"the buyer sees both tickets", "GET", "/api/v1/tickets", "", buyer.token, 200,
       {"Citra", "Dimas"}},
      {"optional", "PATCH", path, json{{"holder_details", "optional"}}.dump(), owner.token, 200,
       {"\"holder_details\":\"optional\""}},
      {"optional: no holders keeps the buyer's name", "POST", "/api/v1/orders",
       Order(event, type, 1, nullptr), buyer.token, 201, {}, {}, nullptr,
       [&](TestServer& srv, const Reply& r) {
         CHECK(HolderNames(srv, r.Json()["id"]) ==
               std::vector<std::string>{"Budi Buyer|" + buyer.email});
       }},
      {"optional: an empty name keeps the buyer's, an address alone is used", "POST",
       "/api/v1/orders",
       Order(event, type, 2,
             json::array({{{"name", ""}}, {{"name", ""}, {"email", "eka@example.org"}}})),
       buyer.token, 201, {}, {}, nullptr,
       [&](TestServer& srv, const Reply& r) {
         CHECK(HolderNames(srv, r.Json()["id"]) ==
               std::vector<std::string>{"Budi Buyer|" + buyer.email, "Budi Buyer|eka@example.org"});
         CHECK(srv.Mails("ticket_holder", "eka@example.org").size() == 1);
       }},
  };
  RunScenarios(s, table);
}

TEST_CASE("holders: a paid order keeps its holders until the desk confirms the payment") {
  TestServer s;
  TestUser owner = s.MakeUser("organizer");
  TestUser staff = s.MakeUser("staff");
  TestUser buyer = s.MakeUser("attendee", "Budi Buyer");
  const int64_t event = fx::MakeEvent(s, owner.id, "published");
  int64_t type = 0;
  s.app().db().Write([&](storage::Conn& c) {
    type = storage::InsertId(c,
                  "INSERT INTO ticket_types (event_id, name, kind, price, sold, created_at) "
                  "VALUES (?, 'Reguler', 'paid', 150000, 0, ?) RETURNING id",
                  event, lanyard::NowRfc3339());
    return true;
  });
  SetEvent(s, event, owner, {{"holder_details", "required"}});
  // The buyer reads Indonesian; Citra has no account.
  REQUIRE(s.Patch("/api/v1/me", {{"locale", "id"}}, buyer.token).status == 200);
  Reply placed = s.Post("/api/v1/orders",
                        json::parse(Order(event, type, 2,
                                          json::array({{{"name", "Citra"}, {"email", "citra@example.org"}},
                                                       {{"name", "Dimas"}}}))),
                        buyer.token);
  REQUIRE(placed.status == 201);
  CHECK(placed.Json()["status"] == "pending");
  const int64_t order = placed.Json()["id"];
  CHECK(HolderNames(s, order).empty());
  CHECK(s.Mails("ticket_holder", "citra@example.org").empty());
  // The pending order shows who each ticket is for, to the buyer and to the desk.
  const std::string path = "/api/v1/orders/" + std::to_string(order);
  const json holders = json::array(
      {{{"position", 1}, {"ticket_type", "Reguler"}, {"name", "Citra"}, {"email", "citra@example.org"}},
       {{"position", 2}, {"ticket_type", "Reguler"}, {"name", "Dimas"}, {"email", ""}}});
  for (const TestUser* who : {&buyer, &staff, &owner}) {
    Reply seen = s.Get(path, who->token);
    REQUIRE(seen.status == 200);
    CHECK(seen.Json()["holders"] == holders);
  }
  REQUIRE(s.Post(path + "/confirm-payment", json::object(), staff.token).status == 200);
  CHECK(HolderNames(s, order) ==
        std::vector<std::string>{"Citra|citra@example.org", "Dimas|" + buyer.email});
  CHECK(s.Mails("ticket_holder", "citra@example.org").size() == 1);
  // A companion without an account gets the ticket in the language the buyer ordered in.
  CHECK(storage::ScalarInt(s.app().db().Reader(),
                           "SELECT COUNT(*) FROM mail_outbox WHERE kind = 'ticket_holder' AND "
                           "to_email = ? AND locale = 'id'",
                           std::string("citra@example.org"))
            .value_or(0) == 1);
}

TEST_CASE("holders: a companion with an account gets the holder mail in their own language") {
  TestServer s;
  TestUser owner = s.MakeUser("organizer");
  TestUser buyer = s.MakeUser("attendee", "Budi Buyer");
  TestUser friend_ = s.MakeUser("attendee", "Eka Friend");
  REQUIRE(s.Patch("/api/v1/me", {{"locale", "id"}}, buyer.token).status == 200);
  const int64_t event = fx::MakeEvent(s, owner.id, "published");
  const int64_t type = fx::MakeTicketType(s, event);
  SetEvent(s, event, owner, {{"holder_details", "optional"}});
  Reply placed = s.Post("/api/v1/orders",
                        json::parse(Order(event, type, 1,
                                          json::array({{{"name", "Eka"}, {"email", friend_.email}}}))),
                        buyer.token);
  REQUIRE(placed.status == 201);
  CHECK(placed.Json()["holders"].size() == 1);
  CHECK(storage::ScalarInt(s.app().db().Reader(),
                           "SELECT COUNT(*) FROM mail_outbox WHERE kind = 'ticket_holder' AND "
                           "to_email = ? AND locale = 'en'",
                           friend_.email)
            .value_or(0) == 1);
}

TEST_CASE("event zone: order mails and sessions lead with the event's zone, the API stays UTC") {
  TestServer s;
  TestUser owner = s.MakeUser("organizer");
  TestUser buyer = s.MakeUser("attendee", "Wayan");
  const int64_t event = fx::MakeEvent(s, owner.id, "published");
  SetEvent(s, event, owner, {{"time_zone", "Asia/Makassar"}});
  Reply paid = s.Post(fx::EventPath(event, "/ticket-types"),
                      json{{"name", "Regular"}, {"kind", "paid"}, {"price", 150000}}, owner.token);
  REQUIRE_MESSAGE(paid.status == 201, paid.body);
  const int64_t type = paid.Json()["id"];
  // The API takes and gives UTC, whatever the event's zone.
  const std::string starts = s.Get(fx::EventPath(event)).Json()["starts_at"];
  REQUIRE(starts.back() == 'Z');
  Reply session = s.Post(fx::EventPath(event, "/sessions"),
                         json{{"kind", "talk"}, {"title", "Opening"}, {"starts_at", starts},
                              {"ends_at", s.Get(fx::EventPath(event)).Json()["ends_at"]}},
                         owner.token);
  REQUIRE_MESSAGE(session.status == 201, session.body);
  std::vector<Scenario> table = {
      {"a pending order's mail: its times in the event's zone", "POST", "/api/v1/orders",
       Order(event, type, 1, nullptr), buyer.token, 201,
       {"\"status\":\"pending\"", "\"event_time_zone\":\"Asia/Makassar\""}, {}, nullptr,
       [&](TestServer& srv, const Reply&) {
         auto mails = srv.Mails("order_placed", buyer.email);
         REQUIRE(mails.size() == 1);
         CHECK(mails[0]["$zone"] == "Asia/Makassar");
         CHECK(mails[0]["event_starts_at"]["$time"].get<std::string>().back() == 'Z');
       }},
      {"the programme carries the zone; its times stay UTC", "GET", fx::EventPath(event, "/sessions"),
       "", "", 200,
       {"\"event_time_zone\":\"Asia/Makassar\"", "\"starts_at\":\"" + starts + "\""}},
      {"one session too", "GET", "/api/v1/sessions/" + std::to_string(session.Json()["id"].get<int64_t>()),
       "", "", 200, {"\"event_time_zone\":\"Asia/Makassar\""}},
  };
  RunScenarios(s, table);
}
