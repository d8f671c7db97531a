// SPEC §5: the ticket type routes of web/routes_events.cpp — list, create, edit, delete — with
// the price rules of each kind, quotas, windows, each error code and each refused role.
#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "core/common/time_util.h"
#include "storage/query.h"
#include "tests/support/test_server.h"

using namespace lanyard;
using namespace lanyard::testing;
using nlohmann::json;

namespace {

std::string EventPath(int64_t id, const std::string& tail = "") {
  return "/api/v1/events/" + std::to_string(id) + tail;
}
std::string TypePath(int64_t id) { return "/api/v1/ticket-types/" + std::to_string(id); }

int64_t CreateEvent(TestServer& s, const TestUser& organizer, const std::string& title, bool publish) {
  const int64_t start = NowSeconds() + 30 * 86400;
  Reply r = s.Post("/api/v1/events",
                   {{"title", title}, {"starts_at", FormatRfc3339(start)}, {"ends_at", FormatRfc3339(start + 8 * 3600)}},
                   organizer.token);
  REQUIRE_MESSAGE(r.status == 201, r.body);
  const int64_t id = r.Json()["id"].get<int64_t>();
  if (publish) REQUIRE(s.Post(EventPath(id, "/submit"), json::object(), organizer.token).status == 200);
  return id;
}

int64_t CreateType(TestServer& s, const TestUser& organizer, int64_t event, const json& body) {
  Reply r = s.Post(EventPath(event, "/ticket-types"), body, organizer.token);
  REQUIRE_MESSAGE(r.status == 201, r.body);
  return r.Json()["id"].get<int64_t>();
}

json Paid(int64_t price, std::optional<int64_t> quota = std::nullopt) {
  json t = {{"name", "Regular"}, {"kind", "paid"}, {"price", price}};
  if (quota) t["quota"] = *quota;
  return t;
}

json OrderBody(int64_t event, int64_t type, int64_t quantity) {
  return {{"event_id", event}, {"items", {{{"ticket_type_id", type}, {"quantity", quantity}}}}};
}

json Counters(TestServer& s, int64_t type) {
  storage::Query q(s.app().db().Reader(), "SELECT sold, pending, quota, price FROM ticket_types WHERE id = ?",
                   type);
  REQUIRE(q.Next());
  return {{"sold", q.Int(0)}, {"pending", q.Int(1)}, {"quota", q.OptInt(2) ? json(*q.OptInt(2)) : json()},
          {"price", q.Int(3)}};
}

}  // namespace

TEST_CASE("ticket types: create each kind, with the rules of SPEC section 5") {
  TestServer s;
  TestUser org = s.MakeUser("organizer");
  TestUser other_org = s.MakeUser("organizer");
  TestUser admin = s.MakeUser("admin");
  TestUser staff = s.MakeUser("staff");
  TestUser attendee = s.MakeUser("attendee");
  const int64_t draft = CreateEvent(s, org, "Draft Fest", false);
  const int64_t published = CreateEvent(s, org, "Open Fest", true);
  const std::string path = EventPath(draft, "/ticket-types");
  auto invalid = [&](const std::string& name, const json& body, const std::string& field) {
    return Scenario{name, "POST", path, body.dump(), org.token, 400,
                    {"validation_failed", "\"" + field + "\""}};
  };
  json with_counters = Paid(50000, 10);
  with_counters["sold"] = 10;
  with_counters["pending"] = 5;
  with_counters["available"] = 0;
  with_counters["event_id"] = published;
  with_counters["id"] = 777;
  json window = Paid(50000);
  window["sales_start"] = "2031-01-01T00:00:00Z";
  window["sales_end"] = "2030-12-31T00:00:00Z";

  std::vector<Scenario> table = {
      {"free, no price given", "POST", path, R"({"name":"Community","kind":"free"})", org.token, 201,
       {"\"kind\":\"free\"", "\"price\":0", "\"quota\":null", "\"available\":null", "\"max_per_order\":10",
        "\"active\":true", "\"sold\":0", "\"sales_start\":null", "\"event_id\":" + std::to_string(draft)}},
      {"paid", "POST", path, Paid(150000, 100).dump(), org.token, 201,
       {"\"price\":150000", "\"quota\":100", "\"available\":100"}},
      {"pay what you want, minimum 0", "POST", path,
       R"({"name":"Supporter","kind":"pay_what_you_want","price":0})", org.token, 201, {"\"price\":0"}},
      {"pay what you want, a minimum", "POST", path,
       R"({"name":"Patron","kind":"pay_what_you_want","price":25000,"max_per_order":2,"active":false})",
       org.token, 201, {"\"max_per_order\":2", "\"active\":false", "\"on_sale\":false"}},
      {"quota 0 is allowed", "POST", path, Paid(50000, 0).dump(), org.token, 201,
       {"\"quota\":0", "\"available\":0"}},
      {"explicit null quota is unlimited", "POST", path,
       R"({"name":"Many","kind":"paid","price":1000,"quota":null})", org.token, 201, {"\"quota\":null"}},
      {"a sales window, stored in UTC", "POST", path,
       R"({"name":"Early","kind":"paid","price":1000,"sales_start":"2030-01-01T07:00:00+07:00","sales_end":"2030-02-01T00:00:00Z"})",
       org.token, 201, {"\"sales_start\":\"2030-01-01T00:00:00Z\"", "\"sales_end\":\"2030-02-01T00:00:00Z\""}},
      {"counters and ids are not taken from input", "POST", path, with_counters.dump(), org.token, 201,
       {"\"sold\":0", "\"pending\":0", "\"available\":10", "\"event_id\":" + std::to_string(draft)},
       {"777"}, nullptr,
       [&](TestServer& srv, const Reply& r) {
         json c = Counters(srv, r.Json()["id"].get<int64_t>());
         CHECK(c["sold"] == 0);
         CHECK(c["pending"] == 0);
         CHECK(storage::ScalarInt(srv.app().db().Reader(), "SELECT event_id FROM ticket_types WHERE id = ?",
                                  r.Json()["id"].get<int64_t>()) == draft);
       }},
      {"admin adds to anyone's event", "POST", EventPath(published, "/ticket-types"), Paid(1000).dump(),
       admin.token, 201},
      {"owner adds to the published event", "POST", EventPath(published, "/ticket-types"), Paid(2000).dump(),
       org.token, 201},
      invalid("free with a price", {{"name", "X"}, {"kind", "free"}, {"price", 5000}}, "price"),
      invalid("paid at 0", Paid(0), "price"),
      invalid("paid without a price", {{"name", "X"}, {"kind", "paid"}}, "price"),
      invalid("negative price", Paid(-1), "price"),
      invalid("price above the maximum", Paid(1'000'000'000'001), "price"),
      invalid("price near int64's limit", Paid(9'000'000'000'000'000'000), "price"),
      invalid("negative minimum", {{"name", "X"}, {"kind", "pay_what_you_want"}, {"price", -100}}, "price"),
      invalid("negative quota", Paid(1000, -1), "quota"),
      invalid("max_per_order 0", {{"name", "X"}, {"kind", "free"}, {"max_per_order", 0}}, "max_per_order"),
      invalid("negative max_per_order", {{"name", "X"}, {"kind", "free"}, {"max_per_order", -2}}, "max_per_order"),
      invalid("unknown kind", {{"name", "X"}, {"kind", "vip"}, {"price", 1}}, "kind"),
      invalid("no kind", {{"name", "X"}, {"price", 1}}, "kind"),
      invalid("no name", {{"kind", "free"}}, "name"),
      invalid("blank name", {{"name", "  "}, {"kind", "free"}}, "name"),
      invalid("window ends before it starts", window, "sales_end"),
      invalid("window start not a time", {{"name", "X"}, {"kind", "free"}, {"sales_start", "soon"}}, "sales_start"),
      {"price as text", "POST", path, R"({"name":"X","kind":"paid","price":"150000"})", org.token, 400,
       {"bad_request", "price"}},
      {"quota as text", "POST", path, R"({"name":"X","kind":"paid","price":1,"quota":"10"})", org.token, 400,
       {"bad_request", "quota"}},
      {"fractional price", "POST", path, R"({"name":"X","kind":"paid","price":1.5})", org.token, 400,
       {"bad_request"}},
      {"active as text", "POST", path, R"({"name":"X","kind":"free","active":"yes"})", org.token, 400,
       {"bad_request", "active"}},
      {"another organizer, draft", "POST", path, Paid(1000).dump(), other_org.token, 404, {"not_found"}},
      {"another organizer, published", "POST", EventPath(published, "/ticket-types"), Paid(1000).dump(),
       other_org.token, 403, {"forbidden"}},
      {"staff", "POST", EventPath(published, "/ticket-types"), Paid(1000).dump(), staff.token, 403},
      {"attendee", "POST", EventPath(published, "/ticket-types"), Paid(1000).dump(), attendee.token, 403},
      {"anonymous", "POST", EventPath(published, "/ticket-types"), Paid(1000).dump(), "", 401},
      {"no such event", "POST", EventPath(999999, "/ticket-types"), Paid(1000).dump(), admin.token, 404},
  };
  for (auto& sc : BodyErrorScenarios("POST", path, org.token, "name")) table.push_back(sc);
  for (auto& sc : BodyErrorScenarios("POST", path, org.token, "max_per_order", "ten")) table.push_back(sc);
  RunScenarios(s, table);
  CHECK(storage::ScalarInt(s.app().db().Reader(), "SELECT COUNT(*) FROM ticket_types").value_or(0) == 10);
}

TEST_CASE("ticket types: listed as the event is visible") {
  TestServer s;
  TestUser org = s.MakeUser("organizer");
  TestUser other_org = s.MakeUser("organizer");
  TestUser staff = s.MakeUser("staff");
  TestUser buyer = s.MakeUser("attendee");
  const int64_t draft = CreateEvent(s, org, "Draft Fest", false);
  const int64_t published = CreateEvent(s, org, "Open Fest", true);
  CreateType(s, org, draft, Paid(1000));
  const int64_t regular = CreateType(s, org, published, Paid(100000, 10));
  CreateType(s, org, published, {{"name", "Student"}, {"kind", "free"}});
  // 3 sold, 2 pending.
  Reply paid = s.Post("/api/v1/orders", OrderBody(published, regular, 3), buyer.token);
  REQUIRE(paid.status == 201);
  REQUIRE(s.Post("/api/v1/orders/" + std::to_string(paid.Json()["id"].get<int64_t>()) + "/confirm-payment",
                 json::object(), staff.token)
              .status == 200);
  REQUIRE(s.Post("/api/v1/orders", OrderBody(published, regular, 2), buyer.token).status == 201);

  Reply list = s.Get(EventPath(published, "/ticket-types"));
  REQUIRE(list.status == 200);
  json items = list.Json()["items"];
  REQUIRE(items.size() == 2);
  CHECK(list.Json()["total"] == 2);
  CHECK(items[0]["name"] == "Regular");
  CHECK(items[0]["sold"] == 3);
  CHECK(items[0]["pending"] == 2);
  CHECK(items[0]["available"] == 5);
  CHECK(items[0]["on_sale"] == true);
  CHECK(items[1]["name"] == "Student");
  CHECK(items[1]["available"].is_null());
  RunScenarios(s, {
      {"draft, anonymous", "GET", EventPath(draft, "/ticket-types"), "", "", 404, {"not_found"}},
      {"draft, attendee", "GET", EventPath(draft, "/ticket-types"), "", buyer.token, 404},
      {"draft, another organizer", "GET", EventPath(draft, "/ticket-types"), "", other_org.token, 404},
      {"draft, owner", "GET", EventPath(draft, "/ticket-types"), "", org.token, 200, {"\"total\":1"}},
      {"draft, staff", "GET", EventPath(draft, "/ticket-types"), "", staff.token, 200, {"\"total\":1"}},
      {"no such event", "GET", EventPath(999999, "/ticket-types"), "", "", 404},
  });
}

TEST_CASE("ticket types: edit, quota_below_sold and the counters nobody sets") {
  TestServer s;
  TestUser org = s.MakeUser("organizer");
  TestUser other_org = s.MakeUser("organizer");
  TestUser admin = s.MakeUser("admin");
  TestUser staff = s.MakeUser("staff");
  TestUser buyer = s.MakeUser("attendee");
  const int64_t ev = CreateEvent(s, org, "Open Fest", true);
  const int64_t draft = CreateEvent(s, org, "Draft Fest", false);
  const int64_t type = CreateType(s, org, ev, Paid(100000, 10));
  const int64_t draft_type = CreateType(s, org, draft, Paid(1000));
  Reply first = s.Post("/api/v1/orders", OrderBody(ev, type, 3), buyer.token);
  REQUIRE(first.status == 201);
  REQUIRE(s.Post("/api/v1/orders/" + std::to_string(first.Json()["id"].get<int64_t>()) + "/confirm-payment",
                 json::object(), staff.token)
              .status == 200);
  REQUIRE(s.Post("/api/v1/orders", OrderBody(ev, type, 2), buyer.token).status == 201);
  const std::string path = TypePath(type);

  std::vector<Scenario> table = {
      {"rename and reprice", "PATCH", path, R"({"name":" Regular Plus ","price":120000,"description":"Lunch"})",
       org.token, 200, {"\"name\":\"Regular Plus\"", "\"price\":120000", "\"description\":\"Lunch\"", "\"quota\":10"}},
      {"quota below sold + pending", "PATCH", path, R"({"quota":4})", org.token, 409, {"quota_below_sold"}, {},
       nullptr, [&](TestServer& srv, const Reply&) { CHECK(Counters(srv, type)["quota"] == 10); }},
      {"quota 0 below sold", "PATCH", path, R"({"quota":0})", org.token, 409, {"quota_below_sold"}},
      {"quota exactly sold + pending", "PATCH", path, R"({"quota":5})", org.token, 200,
       {"\"quota\":5", "\"available\":0"}},
      {"counters are not taken from input", "PATCH", path,
       R"({"sold":0,"pending":0,"available":99,"event_id":1,"id":3})", org.token, 200,
       {"\"sold\":3", "\"pending\":2"}, {}, nullptr,
       [&](TestServer& srv, const Reply&) {
         json c = Counters(srv, type);
         CHECK(c["sold"] == 3);
         CHECK(c["pending"] == 2);
         CHECK(storage::ScalarInt(srv.app().db().Reader(), "SELECT event_id FROM ticket_types WHERE id = ?",
                                  type) == ev);
       }},
      {"unlimited again", "PATCH", path, R"({"quota":null})", org.token, 200, {"\"quota\":null"}},
      {"deactivate", "PATCH", path, R"({"active":false})", org.token, 200, {"\"active\":false"}},
      {"a paid type cannot become free at its price", "PATCH", path, R"({"kind":"free"})", org.token, 400,
       {"\"price\""}},
      {"negative quota", "PATCH", path, R"({"quota":-3})", org.token, 400, {"\"quota\""}},
      {"max_per_order above 1000", "PATCH", path, R"({"max_per_order":1001})", org.token, 400,
       {"\"max_per_order\""}},
      {"window end before start", "PATCH", path,
       R"({"sales_start":"2030-05-01T00:00:00Z","sales_end":"2030-04-01T00:00:00Z"})", org.token, 400,
       {"\"sales_end\""}},
      {"admin edits", "PATCH", path, R"({"max_per_order":4})", admin.token, 200, {"\"max_per_order\":4"}},
      {"another organizer, published", "PATCH", path, R"({"price":1})", other_org.token, 403, {"forbidden"}},
      {"another organizer, draft", "PATCH", TypePath(draft_type), R"({"price":1})", other_org.token, 404,
       {"not_found"}},
      {"staff", "PATCH", path, R"({"price":1})", staff.token, 403},
      {"attendee", "PATCH", path, R"({"price":1})", buyer.token, 403},
      {"anonymous", "PATCH", path, R"({"price":1})", "", 401},
      {"no such type", "PATCH", TypePath(999999), R"({"price":1})", admin.token, 404},
  };
  for (auto& sc : BodyErrorScenarios("PATCH", path, org.token, "quota", "ten")) table.push_back(sc);
  RunScenarios(s, table);
  json c = Counters(s, type);
  CHECK(c["price"] == 120000);
  CHECK(c["quota"].is_null());
}

TEST_CASE("ticket types: delete only without orders") {
  TestServer s;
  TestUser org = s.MakeUser("organizer");
  TestUser other_org = s.MakeUser("organizer");
  TestUser admin = s.MakeUser("admin");
  TestUser staff = s.MakeUser("staff");
  TestUser buyer = s.MakeUser("attendee");
  const int64_t ev = CreateEvent(s, org, "Open Fest", true);
  const int64_t draft = CreateEvent(s, org, "Draft Fest", false);
  const int64_t sold = CreateType(s, org, ev, Paid(1000));
  const int64_t unused = CreateType(s, org, ev, Paid(2000));
  const int64_t unused2 = CreateType(s, org, ev, Paid(3000));
  const int64_t draft_type = CreateType(s, org, draft, Paid(1000));
  Reply order = s.Post("/api/v1/orders", OrderBody(ev, sold, 1), buyer.token);
  REQUIRE(order.status == 201);
  // Even a cancelled order keeps the type: payments are never deleted.
  REQUIRE(s.Post("/api/v1/orders/" + std::to_string(order.Json()["id"].get<int64_t>()) + "/cancel",
                 json::object(), buyer.token)
              .status == 200);
  RunScenarios(s, {
      {"with orders", "DELETE", TypePath(sold), "", org.token, 409, {"has_orders"}},
      {"another organizer, published", "DELETE", TypePath(unused), "", other_org.token, 403, {"forbidden"}},
      {"another organizer, draft", "DELETE", TypePath(draft_type), "", other_org.token, 404, {"not_found"}},
      {"staff", "DELETE", TypePath(unused), "", staff.token, 403},
      {"attendee", "DELETE", TypePath(unused), "", buyer.token, 403},
      {"anonymous", "DELETE", TypePath(unused), "", "", 401},
      {"owner", "DELETE", TypePath(unused), "", org.token, 204, {}, {}, nullptr,
       [&](TestServer& srv, const Reply& r) {
         CHECK(r.body.empty());
         CHECK(srv.Get(EventPath(ev, "/ticket-types")).Json()["total"] == 2);
       }},
      {"again", "DELETE", TypePath(unused), "", org.token, 404},
      {"admin", "DELETE", TypePath(unused2), "", admin.token, 204},
      {"no such type", "DELETE", TypePath(999999), "", admin.token, 404},
  });
  CHECK(s.Get(EventPath(ev, "/ticket-types")).Json()["total"] == 1);
}
