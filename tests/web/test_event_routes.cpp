// SPEC §4: every route of web/routes_events.cpp for events — listing and its filters, create,
// read, edit, delete, submit and review, cancel, image, stats — with each error code and each
// refused role, over real HTTP. Ticket types have their own file.
#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "core/common/qr.h"
#include "core/common/local_time.h"
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

// An event body starting `days` from now, lasting `hours`.
json EventBody(const std::string& title, int64_t days = 30, int64_t hours = 8) {
  const int64_t start = NowSeconds() + days * 86400;
  return {{"title", title},
          {"description", "Talks and demos."},
          {"category", "tech"},
          {"venue", "Aula Barat"},
          {"city", "Bandung"},
          {"address", "Jl. Ganesa 10"},
          {"starts_at", FormatRfc3339(start)},
          {"ends_at", FormatRfc3339(start + hours * 3600)}};
}

int64_t CreateEvent(TestServer& s, const TestUser& organizer, const json& body) {
  Reply r = s.Post("/api/v1/events", body, organizer.token);
  REQUIRE_MESSAGE(r.status == 201, r.body);
  return r.Json()["id"].get<int64_t>();
}

void Publish(TestServer& s, const TestUser& organizer, int64_t id) {
  Reply r = s.Post(EventPath(id, "/submit"), json::object(), organizer.token);
  REQUIRE_MESSAGE(r.status == 200, r.body);
  REQUIRE(r.Json()["status"] == "published");
}

int64_t CreateType(TestServer& s, const TestUser& organizer, int64_t event, const json& body) {
  Reply r = s.Post(EventPath(event, "/ticket-types"), body, organizer.token);
  REQUIRE_MESSAGE(r.status == 201, r.body);
  return r.Json()["id"].get<int64_t>();
}

json PaidType(int64_t price, std::optional<int64_t> quota = std::nullopt) {
  json t = {{"name", "Regular"}, {"kind", "paid"}, {"price", price}};
  t["quota"] = quota ? json(*quota) : json();
  return t;
}

// An order, checked to be created.
json Order(TestServer& s, const TestUser& buyer, int64_t event, int64_t type, int64_t quantity = 1) {
  Reply r = s.Post("/api/v1/orders",
                   {{"event_id", event}, {"items", {{{"ticket_type_id", type}, {"quantity", quantity}}}}},
                   buyer.token);
  REQUIRE_MESSAGE(r.status == 201, r.body);
  return r.Json();
}

json Confirm(TestServer& s, const TestUser& staff, int64_t order) {
  Reply r = s.Post("/api/v1/orders/" + std::to_string(order) + "/confirm-payment", json::object(),
                   staff.token);
  REQUIRE_MESSAGE(r.status == 200, r.body);
  return r.Json();
}

std::vector<std::string> Titles(const Reply& r) {
  std::vector<std::string> out;
  const json body = r.Json();
  for (const auto& e : body["items"]) out.push_back(e["title"].get<std::string>());
  return out;
}

std::string StoredText(TestServer& s, const char* sql, int64_t id) {
  storage::Query q(s.app().db().Reader(), sql, id);
  return q.Next() ? q.Text(0) : "";
}

int64_t StoredInt(TestServer& s, const char* sql, int64_t id) {
  return storage::ScalarInt(s.app().db().Reader(), sql, id).value_or(-1);
}

// The first leap year at least two years ahead: dates in it stay in the future for a while and
// February 29 exists.
int LeapYearAhead() {
  int y = std::stoi(NowRfc3339().substr(0, 4)) + 2;
  while (!((y % 4 == 0 && y % 100 != 0) || y % 400 == 0)) ++y;
  return y;
}

std::string Y(int year) { return std::to_string(year); }

}  // namespace

TEST_CASE("events: create, with its checks and the roles it refuses") {
  TestServer s;
  TestUser org = s.MakeUser("organizer", "Olivia Organizer");
  TestUser admin = s.MakeUser("admin");
  TestUser staff = s.MakeUser("staff");
  TestUser attendee = s.MakeUser("attendee");
  json good = EventBody("Bandung Tech Meetup");
  json with_forbidden = good;
  with_forbidden["status"] = "published";
  with_forbidden["organizer_id"] = admin.id;
  with_forbidden["id"] = 424242;
  with_forbidden["review_message"] = "self-approved";
  with_forbidden["unknown_field"] = true;
  json backwards = good;
  backwards["ends_at"] = FormatRfc3339(NowSeconds() + 29 * 86400);
  json same_instant = good;
  same_instant["ends_at"] = good["starts_at"];
  json offsets = good;
  offsets["starts_at"] = "2031-05-01T16:00:00+07:00";
  offsets["ends_at"] = "2031-05-01T18:00:00+07:00";
  json bad_time = good;
  bad_time["starts_at"] = "tomorrow at nine";
  json long_title = good;
  long_title["title"] = std::string(201, 'T');
  json blank_title = good;
  blank_title["title"] = "   ";

  std::vector<Scenario> table = {
      {"organizer creates a draft", "POST", "/api/v1/events", good.dump(), org.token, 201,
       {"\"status\":\"draft\"", "\"title\":\"Bandung Tech Meetup\"", "\"organizer_id\":" + std::to_string(org.id),
        "\"image_url\":null", "\"online\":false", "\"created_at\""}},
      {"status, organizer_id and id are ignored", "POST", "/api/v1/events", with_forbidden.dump(),
       org.token, 201, {"\"status\":\"draft\"", "\"organizer_id\":" + std::to_string(org.id)},
       {"self-approved", "424242"}, nullptr,
       [&](TestServer& srv, const Reply& r) {
         const int64_t id = r.Json()["id"].get<int64_t>();
         CHECK(StoredText(srv, "SELECT status FROM events WHERE id = ?", id) == "draft");
         CHECK(StoredInt(srv, "SELECT organizer_id FROM events WHERE id = ?", id) == org.id);
         CHECK(StoredInt(srv, "SELECT review_message IS NULL FROM events WHERE id = ?", id) == 1);
       }},
      {"admin creates", "POST", "/api/v1/events", good.dump(), admin.token, 201,
       {"\"organizer_id\":" + std::to_string(admin.id)}},
      {"an event may start and end at once", "POST", "/api/v1/events", same_instant.dump(), org.token, 201},
      {"offsets are stored as UTC", "POST", "/api/v1/events", offsets.dump(), org.token, 201,
       {"\"starts_at\":\"2031-05-01T09:00:00Z\"", "\"ends_at\":\"2031-05-01T11:00:00Z\""}},
      {"ends before it starts", "POST", "/api/v1/events", backwards.dump(), org.token, 400,
       {"validation_failed", "\"fields\":{\"ends_at\""}},
      {"not a time", "POST", "/api/v1/events", bad_time.dump(), org.token, 400,
       {"validation_failed", "\"starts_at\""}},
      {"title too long", "POST", "/api/v1/events", long_title.dump(), org.token, 400, {"\"title\""}},
      {"blank title", "POST", "/api/v1/events", blank_title.dump(), org.token, 400, {"\"title\""}},
      {"required fields", "POST", "/api/v1/events", "{}", org.token, 400,
       {"validation_failed", "\"title\"", "\"starts_at\"", "\"ends_at\""}},
      {"attendee may not", "POST", "/api/v1/events", good.dump(), attendee.token, 403, {"forbidden"}},
      {"staff may not", "POST", "/api/v1/events", good.dump(), staff.token, 403, {"forbidden"}},
      {"anonymous", "POST", "/api/v1/events", good.dump(), "", 401, {"unauthorized"}},
      {"bad token", "POST", "/api/v1/events", good.dump(), "not-a-token", 401, {"unauthorized"}},
  };
  for (auto& sc : BodyErrorScenarios("POST", "/api/v1/events", org.token, "title")) table.push_back(sc);
  for (auto& sc : BodyErrorScenarios("POST", "/api/v1/events", org.token, "online", "yes")) {
    table.push_back(sc);
  }
  RunScenarios(s, table);
  CHECK(storage::ScalarInt(s.app().db().Reader(), "SELECT COUNT(*) FROM events").value_or(0) == 5);
}

TEST_CASE("events: who sees one event") {
  TestServer s;
  TestUser org = s.MakeUser("organizer");
  TestUser other_org = s.MakeUser("organizer");
  TestUser staff = s.MakeUser("staff");
  TestUser admin = s.MakeUser("admin");
  TestUser attendee = s.MakeUser("attendee");
  const int64_t draft = CreateEvent(s, org, EventBody("Draft Night"));
  const int64_t published = CreateEvent(s, org, EventBody("Open Day"));
  Publish(s, org, published);
  RunScenarios(s, {
      {"published, anonymous", "GET", EventPath(published), "", "", 200, {"Open Day", "\"status\":\"published\""}},
      {"published, attendee", "GET", EventPath(published), "", attendee.token, 200, {"Open Day"}},
      {"published, another organizer", "GET", EventPath(published), "", other_org.token, 200},
      {"draft, owner", "GET", EventPath(draft), "", org.token, 200, {"Draft Night"}},
      {"draft, staff", "GET", EventPath(draft), "", staff.token, 200, {"Draft Night"}},
      {"draft, admin", "GET", EventPath(draft), "", admin.token, 200, {"Draft Night"}},
      {"draft, anonymous", "GET", EventPath(draft), "", "", 404, {"not_found"}, {"Draft Night"}},
      {"draft, attendee", "GET", EventPath(draft), "", attendee.token, 404, {"not_found"}, {"Draft Night"}},
      {"draft, another organizer", "GET", EventPath(draft), "", other_org.token, 404, {"not_found"}},
      {"no such event", "GET", EventPath(987654), "", admin.token, 404, {"not_found"}},
      {"not a number", "GET", "/api/v1/events/abc", "", admin.token, 404},
  });
}

TEST_CASE("events: listing with every filter") {
  TestServer s;
  TestUser org = s.MakeUser("organizer");
  TestUser org2 = s.MakeUser("organizer");
  TestUser attendee = s.MakeUser("attendee");
  // Dates below are UTC days: a deployment in UTC (the WIB case is in test_first_event_routes).
  TestUser admin = s.MakeUser("admin");
  REQUIRE(s.Patch("/api/v1/settings", {{"timezone", "UTC"}}, admin.token).status == 200);
  const int y = LeapYearAhead();
  auto body = [](const std::string& title, const std::string& starts, const std::string& ends,
                 const std::string& city, const std::string& category, const std::string& venue,
                 const std::string& address, const std::string& description) {
    return json{{"title", title}, {"starts_at", starts}, {"ends_at", ends}, {"city", city},
                {"category", category}, {"venue", venue}, {"address", address},
                {"description", description}};
  };
  // A: Feb 29 in Bandung, paid. B: March 1 in Jakarta, free. C: New Year's Eve into next year in
  // Surabaya, pay what you want. F: another organizer's, June. E: over already. D: a draft.
  const int64_t a = CreateEvent(s, org, body("Bandung Tech Meetup", Y(y) + "-02-29T02:00:00Z",
                                             Y(y) + "-02-29T10:00:00Z", "Bandung", "tech",
                                             "Gedung Sate", "Jl. Diponegoro 22", "Talks on Go and Rust."));
  const int64_t b = CreateEvent(s, org, body("Jakarta Design Day", Y(y) + "-03-01T02:00:00Z",
                                             Y(y) + "-03-01T10:00:00Z", "Jakarta", "design",
                                             "Balai Kartini", "Jl. Gatot Subroto", "Type and colour."));
  const int64_t c = CreateEvent(s, org, body("New Year Hack Night", Y(y) + "-12-31T20:00:00Z",
                                             Y(y + 1) + "-01-01T04:00:00Z", "Surabaya", "Tech",
                                             "Koridor", "Jl. Tunjungan 1", "Hacking till dawn."));
  const int64_t f = CreateEvent(s, org2, body("Medan Data Summit", Y(y) + "-06-15T02:00:00Z",
                                              Y(y) + "-06-15T10:00:00Z", "Medan", "data",
                                              "Hotel Santika", "Jl. Kapten Maulana Lubis", "Data."));
  const int64_t e = CreateEvent(s, org, EventBody("Last Month Meetup", -30, 8));
  const int64_t d = CreateEvent(s, org, EventBody("Secret Draft", 40, 8));
  CreateType(s, org, a, PaidType(150000));
  CreateType(s, org, b, {{"name", "Free"}, {"kind", "free"}});
  CreateType(s, org, c, {{"name", "Pay what you want"}, {"kind", "pay_what_you_want"}, {"price", 50000}});
  CreateType(s, org2, f, PaidType(75000));
  for (int64_t id : {a, b, c, e}) Publish(s, org, id);
  Publish(s, org2, f);
  (void)d;

  struct Case {
    std::string query;
    std::vector<std::string> titles;  // in order
  };
  const std::string A = "Bandung Tech Meetup", B = "Jakarta Design Day", C = "New Year Hack Night",
                    F = "Medan Data Summit", E = "Last Month Meetup", D = "Secret Draft";
  const std::vector<Case> cases = {
      {"", {A, B, F, C}},
      {"?q=sate", {A}},                    // venue
      {"?q=HACKING", {C}},                 // description
      {"?q=surabaya", {C}},                // city
      {"?q=meetup", {A}},                  // title; the past one is not listed
      {"?title=design", {B}},
      {"?title=Sate", {}},                 // title only
      {"?location=diponegoro", {A}},       // address
      {"?location=kartini", {B}},          // venue
      {"?location=jakarta", {B}},          // city
      {"?city=bandung", {A}},
      {"?city=band", {}},                  // the whole city name
      {"?category=TECH", {A, C}},
      {"?organizer=" + std::to_string(org2.id), {F}},
      {"?date=" + Y(y), {A, B, F, C}},
      {"?date=" + Y(y + 1), {C}},          // still running on New Year's Day
      {"?date=" + Y(y) + "-02", {A}},
      {"?date=" + Y(y) + "-02-29", {A}},
      {"?date=" + Y(y) + "-03", {B}},
      {"?date=" + Y(y) + "-03-01", {B}},
      {"?date=" + Y(y) + "-12", {C}},      // December rolls over into January
      {"?date=" + Y(y + 1) + "-01-01", {C}},
      {"?date=" + Y(y) + "-01", {}},
      {"?from=" + Y(y) + "-03-01", {B, F, C}},
      {"?to=" + Y(y) + "-02-29", {A}},
      {"?from=" + Y(y) + "-03-01&to=" + Y(y) + "-06-30", {B, F}},
      {"?from=" + Y(y + 1) + "-01-01", {C}},
      {"?min_price=100000", {A}},
      {"?max_price=0", {B}},
      {"?max_price=60000", {B, C}},
      {"?min_price=60000&max_price=100000", {F}},
      {"?include_past=true", {E, A, B, F, C}},
      {"?include_past=false", {A, B, F, C}},
      {"?sort=title", {A, B, F, C}},
      {"?sort=-starts_at", {C, F, B, A}},
      {"?sort=-created_at", {F, C, B, A}},
      {"?sort=starts_at&limit=2&offset=1", {B, F}},
      {"?category=tech&city=surabaya", {C}},
  };
  for (const Case& cs : cases) {
    INFO("query: ", cs.query);
    Reply r = s.Get("/api/v1/events" + cs.query);
    INFO("got: ", json(Titles(r)).dump(), " expected: ", json(cs.titles).dump(), " body ", r.body.substr(0, 300));
    REQUIRE(r.status == 200);
    CHECK(Titles(r) == cs.titles);
    if (cs.query.find("limit") == std::string::npos) CHECK(r.Json()["total"] == cs.titles.size());
  }
  Reply paged = s.Get("/api/v1/events?limit=2&offset=1");
  CHECK(paged.Json()["total"] == 4);
  CHECK(paged.Json()["limit"] == 2);
  CHECK(paged.Json()["offset"] == 1);

  // mine=true: the organizer's own, any status, past ones too.
  Reply mine = s.Get("/api/v1/events?mine=true", org.token);
  REQUIRE(mine.status == 200);
  CHECK(Titles(mine) == std::vector<std::string>{E, D, A, B, C});
  CHECK(Titles(s.Get("/api/v1/events?mine=true", org2.token)) == std::vector<std::string>{F});
  CHECK(Titles(s.Get("/api/v1/events?mine=true&city=bandung", org.token)) == std::vector<std::string>{E, D, A});
  CHECK(Titles(s.Get("/api/v1/events?mine=true&q=secret", org.token)) == std::vector<std::string>{D});
  // Without mine, a signed-in organizer sees the public list.
  CHECK(Titles(s.Get("/api/v1/events", org.token)) == std::vector<std::string>{A, B, F, C});

  auto invalid = [](const std::string& query, const std::string& field) {
    return Scenario{"malformed " + query, "GET", "/api/v1/events" + query, "", "", 400,
                    {"validation_failed", "\"fields\":{\"" + field + "\""}};
  };
  RunScenarios(s, {
      invalid("?date=" + Y(y) + "-13", "date"),
      invalid("?date=" + Y(y + 1) + "-02-29", "date"),  // not a leap year
      invalid("?date=" + Y(y) + "-02-30", "date"),
      invalid("?date=yesterday", "date"),
      invalid("?date=" + Y(y) + "/02/29", "date"),
      invalid("?date=" + Y(y) + "-2", "date"),
      invalid("?from=" + Y(y) + "-3-1", "from"),
      invalid("?to=soon", "to"),
      invalid("?min_price=-1", "min_price"),
      invalid("?max_price=cheap", "max_price"),
      invalid("?organizer=me", "organizer"),
      invalid("?include_past=yes", "include_past"),
      invalid("?mine=please", "mine"),
      invalid("?sort=price", "sort"),
      invalid("?limit=0", "limit"),
      invalid("?limit=101", "limit"),
      invalid("?offset=-1", "offset"),
      {"mine, anonymous", "GET", "/api/v1/events?mine=true", "", "", 401, {"unauthorized"}},
      {"mine, attendee", "GET", "/api/v1/events?mine=true", "", attendee.token, 403, {"forbidden"}},
  });
}

TEST_CASE("events: edit, and what the caller may not set") {
  TestServer s;
  TestUser org = s.MakeUser("organizer");
  TestUser other_org = s.MakeUser("organizer");
  TestUser admin = s.MakeUser("admin");
  TestUser staff = s.MakeUser("staff");
  TestUser attendee = s.MakeUser("attendee");
  const int64_t draft = CreateEvent(s, org, EventBody("Draft Night"));
  const int64_t published = CreateEvent(s, org, EventBody("Open Day"));
  Publish(s, org, published);
  const std::string start = s.Get(EventPath(draft), org.token).Json()["starts_at"];
  const int64_t start_s = *ParseRfc3339(start);

  std::vector<Scenario> table = {
      {"owner edits", "PATCH", EventPath(draft), R"({"title":"  Renamed Night ","city":"Bogor","online":true})",
       org.token, 200, {"\"title\":\"Renamed Night\"", "\"city\":\"Bogor\"", "\"online\":true",
                        "\"venue\":\"Aula Barat\""}},
      {"status, organizer_id and messages are ignored", "PATCH", EventPath(draft),
       json{{"status", "published"}, {"organizer_id", other_org.id}, {"review_message", "ok"},
            {"cancel_message", "x"}, {"created_at", "2000-01-01T00:00:00Z"}, {"id", 5}}
           .dump(),
       org.token, 200, {"\"status\":\"draft\""}, {"2000-01-01"}, nullptr,
       [&](TestServer& srv, const Reply&) {
         CHECK(StoredText(srv, "SELECT status FROM events WHERE id = ?", draft) == "draft");
         CHECK(StoredInt(srv, "SELECT organizer_id FROM events WHERE id = ?", draft) == org.id);
         CHECK(StoredInt(srv, "SELECT review_message IS NULL AND cancel_message IS NULL FROM events "
                              "WHERE id = ?", draft) == 1);
       }},
      {"admin edits any event", "PATCH", EventPath(published), R"({"category":"community"})",
       admin.token, 200, {"\"category\":\"community\"", "\"status\":\"published\""}},
      {"moving the end before the stored start", "PATCH", EventPath(draft),
       json{{"ends_at", FormatRfc3339(start_s - 3600)}}.dump(), org.token, 400,
       {"validation_failed", "\"fields\":{\"ends_at\""}},
      {"moving the start after the stored end", "PATCH", EventPath(draft),
       json{{"starts_at", FormatRfc3339(start_s + 30 * 86400)}}.dump(), org.token, 400,
       {"\"ends_at\""}},
      {"both together, consistent", "PATCH", EventPath(draft),
       json{{"starts_at", FormatRfc3339(start_s + 30 * 86400)},
            {"ends_at", FormatRfc3339(start_s + 30 * 86400 + 7200)}}.dump(),
       org.token, 200, {FormatRfc3339(start_s + 30 * 86400 + 7200)}},
      {"bad time", "PATCH", EventPath(draft), R"({"starts_at":"2031-02-30T00:00:00Z"})", org.token, 400,
       {"\"starts_at\""}},
      {"empty title", "PATCH", EventPath(draft), R"({"title":""})", org.token, 400, {"\"title\""}},
      {"another organizer, draft", "PATCH", EventPath(draft), R"({"title":"Mine now"})",
       other_org.token, 404, {"not_found"}},
      {"another organizer, published", "PATCH", EventPath(published), R"({"title":"Mine now"})",
       other_org.token, 403, {"forbidden"}},
      {"staff may not edit", "PATCH", EventPath(published), R"({"title":"X"})", staff.token, 403},
      {"attendee may not edit", "PATCH", EventPath(published), R"({"title":"X"})", attendee.token, 403},
      {"anonymous", "PATCH", EventPath(published), R"({"title":"X"})", "", 401},
      {"no such event", "PATCH", EventPath(999999), R"({"title":"X"})", admin.token, 404},
  };
  for (auto& sc : BodyErrorScenarios("PATCH", EventPath(draft), org.token, "starts_at")) table.push_back(sc);
  RunScenarios(s, table);
  CHECK(s.Get(EventPath(published)).Json()["title"] == "Open Day");
}

TEST_CASE("events: delete only without orders") {
  TestServer s;
  TestUser org = s.MakeUser("organizer");
  TestUser other_org = s.MakeUser("organizer");
  TestUser admin = s.MakeUser("admin");
  TestUser staff = s.MakeUser("staff");
  TestUser buyer = s.MakeUser("attendee");
  const int64_t empty_draft = CreateEvent(s, org, EventBody("Empty Draft"));
  CreateType(s, org, empty_draft, PaidType(10000));
  const int64_t published = CreateEvent(s, org, EventBody("Open Day"));
  const int64_t type = CreateType(s, org, published, PaidType(10000));
  Publish(s, org, published);
  const int64_t sold = CreateEvent(s, org, EventBody("Sold Day"));
  const int64_t sold_type = CreateType(s, org, sold, PaidType(10000));
  Publish(s, org, sold);
  Order(s, buyer, sold, sold_type);
  const int64_t admins_target = CreateEvent(s, org, EventBody("Admin Deletes"));
  (void)type;

  RunScenarios(s, {
      {"another organizer, draft", "DELETE", EventPath(empty_draft), "", other_org.token, 404, {"not_found"}},
      {"another organizer, published", "DELETE", EventPath(published), "", other_org.token, 403, {"forbidden"}},
      {"staff", "DELETE", EventPath(published), "", staff.token, 403},
      {"attendee", "DELETE", EventPath(published), "", buyer.token, 403},
      {"anonymous", "DELETE", EventPath(published), "", "", 401},
      {"with orders", "DELETE", EventPath(sold), "", org.token, 409, {"has_orders"}},
      {"owner, no orders (with its ticket types)", "DELETE", EventPath(empty_draft), "", org.token, 204, {}, {},
       nullptr,
       [&](TestServer& srv, const Reply& r) {
         CHECK(r.body.empty());
         CHECK(srv.Get(EventPath(empty_draft), org.token).status == 404);
         CHECK(StoredInt(srv, "SELECT COUNT(*) FROM ticket_types WHERE event_id = ?", empty_draft) == 0);
       }},
      {"again", "DELETE", EventPath(empty_draft), "", org.token, 404},
      {"owner, published without orders", "DELETE", EventPath(published), "", org.token, 204},
      {"admin", "DELETE", EventPath(admins_target), "", admin.token, 204},
      {"admin, with orders", "DELETE", EventPath(sold), "", admin.token, 409, {"has_orders"}},
  });
  CHECK(s.Get(EventPath(sold)).status == 200);
  CHECK(storage::ScalarInt(s.app().db().Reader(), "SELECT COUNT(*) FROM audit_log WHERE action = 'event.delete'")
            .value_or(0) == 3);
}

TEST_CASE("events: submit publishes at once while approval is off") {
  TestServer s;
  TestUser org = s.MakeUser("organizer");
  TestUser other_org = s.MakeUser("organizer");
  TestUser admin = s.MakeUser("admin");
  TestUser staff = s.MakeUser("staff");
  const int64_t ev = CreateEvent(s, org, EventBody("Quick Publish"));
  const int64_t other = CreateEvent(s, other_org, EventBody("Not Yours"));
  RunScenarios(s, {
      {"another organizer", "POST", EventPath(other, "/submit"), "{}", org.token, 404},
      {"staff", "POST", EventPath(ev, "/submit"), "{}", staff.token, 403},
      {"anonymous", "POST", EventPath(ev, "/submit"), "{}", "", 401},
      {"owner", "POST", EventPath(ev, "/submit"), "{}", org.token, 200, {"\"status\":\"published\""}},
      {"published is listed", "GET", "/api/v1/events", "", "", 200, {"Quick Publish"}, {"Not Yours"}},
      {"twice", "POST", EventPath(ev, "/submit"), "{}", org.token, 409, {"invalid_state"}},
      {"another organizer, now published", "POST", EventPath(ev, "/submit"), "{}", other_org.token, 403},
      {"admin submits another's draft", "POST", EventPath(other, "/submit"), "{}", admin.token, 200,
       {"\"status\":\"published\""}},
  });
  CHECK(s.Mails("event_review_result", org.email).empty());
}

TEST_CASE("events: with approval on, submit waits for the admin's review") {
  TestServer s;
  TestUser org = s.MakeUser("organizer", "Olivia Organizer");
  TestUser admin = s.MakeUser("admin");
  TestUser staff = s.MakeUser("staff");
  Reply set = s.Patch("/api/v1/settings", {{"require_event_approval", true}}, admin.token);
  REQUIRE_MESSAGE(set.status == 200, set.body);
  const int64_t ok_event = CreateEvent(s, org, EventBody("Approved Fest"));
  const int64_t bad_event = CreateEvent(s, org, EventBody("Rejected Fest"));
  const int64_t admins_own = CreateEvent(s, admin, EventBody("Admin Fest"));
  RunScenarios(s, {
      {"submit", "POST", EventPath(ok_event, "/submit"), "{}", org.token, 200, {"\"status\":\"pending_review\""}},
      {"submit the other", "POST", EventPath(bad_event, "/submit"), "{}", org.token, 200,
       {"\"status\":\"pending_review\""}},
      {"pending is not listed", "GET", "/api/v1/events", "", "", 200, {"\"total\":0"}},
      {"pending is not public", "GET", EventPath(ok_event), "", "", 404},
      {"submit again while pending", "POST", EventPath(ok_event, "/submit"), "{}", org.token, 409,
       {"invalid_state"}},
      {"an admin's own submit publishes", "POST", EventPath(admins_own, "/submit"), "{}", admin.token, 200,
       {"\"status\":\"published\""}},
      {"organizer may not review", "POST", EventPath(ok_event, "/review"), R"({"decision":"approve"})",
       org.token, 403, {"forbidden"}},
      {"staff may not review", "POST", EventPath(ok_event, "/review"), R"({"decision":"approve"})",
       staff.token, 403},
      {"anonymous", "POST", EventPath(ok_event, "/review"), R"({"decision":"approve"})", "", 401},
      {"unknown decision", "POST", EventPath(ok_event, "/review"), R"({"decision":"maybe"})", admin.token,
       400, {"validation_failed", "\"decision\""}},
      {"no decision", "POST", EventPath(ok_event, "/review"), R"({"message":"hm"})", admin.token, 400,
       {"\"decision\""}},
      {"decision of the wrong type", "POST", EventPath(ok_event, "/review"), R"({"decision":true})",
       admin.token, 400, {"bad_request"}},
      {"malformed", "POST", EventPath(ok_event, "/review"), R"({"decision":)", admin.token, 400,
       {"bad_request"}},
      {"no such event", "POST", EventPath(999999, "/review"), R"({"decision":"approve"})", admin.token, 404},
      {"approve", "POST", EventPath(ok_event, "/review"), R"({"decision":"approve","message":"Looks great"})",
       admin.token, 200, {"\"status\":\"published\"", "\"review_message\":\"Looks great\""}, {}, nullptr,
       [&](TestServer& srv, const Reply&) {
         auto mails = srv.Mails("event_review_result", org.email);
         REQUIRE(mails.size() == 1);
         CHECK(mails[0]["event_title"] == "Approved Fest");
         CHECK(mails[0]["decision"] == "published");
         CHECK(mails[0]["message"] == "Looks great");
       }},
      {"reject", "POST", EventPath(bad_event, "/review"),
       R"({"decision":"reject","message":"Add a venue <please>"})", admin.token, 200,
       {"\"status\":\"rejected\""}, {}, nullptr,
       [&](TestServer& srv, const Reply&) {
         auto mails = srv.Mails("event_review_result", org.email);
         REQUIRE(mails.size() == 2);
         CHECK(mails[1]["event_title"] == "Rejected Fest");
         CHECK(mails[1]["decision"] == "rejected");
         CHECK(mails[1]["message"] == "Add a venue <please>");
       }},
      {"approved is listed", "GET", "/api/v1/events", "", "", 200, {"Approved Fest", "Admin Fest"},
       {"Rejected Fest"}},
      {"rejected can be submitted again", "POST", EventPath(bad_event, "/submit"), "{}", org.token, 200,
       {"\"status\":\"pending_review\""}},
  });
  CHECK(storage::ScalarInt(s.app().db().Reader(), "SELECT COUNT(*) FROM audit_log WHERE action = 'event.review'")
            .value_or(0) == 2);
}

TEST_CASE("events: cancel refunds, cancels, voids and tells every holder") {
  TestServer s;
  TestUser org = s.MakeUser("organizer");
  TestUser other_org = s.MakeUser("organizer");
  TestUser staff = s.MakeUser("staff");
  TestUser pending_buyer = s.MakeUser("attendee", "Pending Buyer");
  TestUser free_holder = s.MakeUser("attendee", "Free Holder");
  TestUser paid_holder = s.MakeUser("attendee", "Paid Holder");
  const int64_t ev = CreateEvent(s, org, EventBody("Doomed Fest"));
  const int64_t paid = CreateType(s, org, ev, PaidType(100000, 10));
  const int64_t free = CreateType(s, org, ev, {{"name", "Community"}, {"kind", "free"}, {"quota", 10}});
  Publish(s, org, ev);
  const int64_t draft = CreateEvent(s, org, EventBody("Draft Fest"));
  const json pending = Order(s, pending_buyer, ev, paid, 2);
  const json free_order = Order(s, free_holder, ev, free, 2);
  REQUIRE(free_order["status"] == "paid");
  const json to_pay = Order(s, paid_holder, ev, paid, 1);
  const json paid_order = Confirm(s, staff, to_pay["id"].get<int64_t>());
  REQUIRE(paid_order["tickets"].size() == 1);
  const int64_t paid_ticket = paid_order["tickets"][0]["id"].get<int64_t>();

  std::vector<Scenario> table = {
      {"another organizer, draft", "POST", EventPath(draft, "/cancel"), "{}", other_org.token, 404},
      {"another organizer, published", "POST", EventPath(ev, "/cancel"), "{}", other_org.token, 403,
       {"forbidden"}},
      {"staff", "POST", EventPath(ev, "/cancel"), "{}", staff.token, 403},
      {"attendee", "POST", EventPath(ev, "/cancel"), "{}", paid_holder.token, 403},
      {"anonymous", "POST", EventPath(ev, "/cancel"), "{}", "", 401},
      {"message too long", "POST", EventPath(ev, "/cancel"), json{{"message", std::string(2001, 'm')}}.dump(),
       org.token, 400, {"\"message\""}},
  };
  for (auto& sc : BodyErrorScenarios("POST", EventPath(ev, "/cancel"), org.token, "message")) {
    table.push_back(sc);
  }
  table.push_back(
      {"owner cancels", "POST", EventPath(ev, "/cancel"), R"({"message":"The venue flooded."})", org.token,
       200, {"\"status\":\"cancelled\"", "\"cancel_message\":\"The venue flooded.\""}, {}, nullptr,
       [&](TestServer& srv, const Reply&) {
         auto status_of = [&](const json& o) {
           return StoredText(srv, "SELECT status FROM orders WHERE id = ?", o["id"].get<int64_t>());
         };
         CHECK(status_of(pending) == "cancelled");
         CHECK(status_of(free_order) == "refunded");
         CHECK(status_of(to_pay) == "refunded");
         CHECK(StoredInt(srv, "SELECT COUNT(*) FROM tickets WHERE event_id = ? AND status = 'valid'", ev) == 0);
         CHECK(StoredInt(srv, "SELECT COUNT(*) FROM tickets WHERE event_id = ? AND status = 'void'", ev) == 3);
         CHECK(srv.Get("/api/v1/tickets/" + std::to_string(paid_ticket), paid_holder.token).Json()["status"] ==
               "void");
         // Quota released everywhere.
         CHECK(StoredInt(srv, "SELECT SUM(sold + pending) FROM ticket_types WHERE event_id = ?", ev) == 0);
         // Every holder hears it once; the buyer of the pending order holds no ticket.
         auto free_mails = srv.Mails("event_cancelled", free_holder.email);
         REQUIRE(free_mails.size() == 1);
         CHECK(free_mails[0]["message"] == "The venue flooded.");
         CHECK(free_mails[0]["event_title"] == "Doomed Fest");
         CHECK(srv.Mails("event_cancelled", paid_holder.email).size() == 1);
         CHECK(srv.Mails("event_cancelled", pending_buyer.email).empty());
         CHECK(srv.Mails("order_cancelled", pending_buyer.email).size() == 1);
         // A free order is closed as refunded, but worded as a cancellation: no "refunded (Rp 0)".
         CHECK(srv.Mails("order_refunded", free_holder.email).empty());
         CHECK(srv.Mails("order_cancelled", free_holder.email).size() == 1);
         CHECK(srv.Mails("order_refunded", paid_holder.email).size() == 1);
       }});
  table.push_back({"still visible, as cancelled", "GET", EventPath(ev), "", "", 200,
                   {"\"status\":\"cancelled\""}});
  table.push_back({"cancel again", "POST", EventPath(ev, "/cancel"), "{}", org.token, 409, {"invalid_state"}});
  table.push_back({"edit a cancelled event", "PATCH", EventPath(ev), R"({"title":"Back"})", org.token, 409,
                   {"invalid_state"}});
  table.push_back({"order on a cancelled event", "POST", "/api/v1/orders",
                   json{{"event_id", ev}, {"items", {{{"ticket_type_id", free}, {"quantity", 1}}}}}.dump(),
                   free_holder.token, 409, {"event_not_on_sale"}});
  table.push_back({"add a ticket type to a cancelled event", "POST", EventPath(ev, "/ticket-types"),
                   PaidType(5000).dump(), org.token, 409, {"invalid_state"}});
  RunScenarios(s, table);
  CHECK(storage::ScalarInt(s.app().db().Reader(), "SELECT COUNT(*) FROM audit_log WHERE action = 'event.cancel'")
            .value_or(0) == 1);
}

TEST_CASE("events: an admin cancels anyone's event") {
  TestServer s;
  TestUser org = s.MakeUser("organizer");
  TestUser admin = s.MakeUser("admin");
  const int64_t draft = CreateEvent(s, org, EventBody("Draft to drop"));
  Reply r = s.Post(EventPath(draft, "/cancel"), json::object(), admin.token);
  CHECK(r.status == 200);
  CHECK(r.Json()["status"] == "cancelled");
  CHECK(r.Json()["cancel_message"] == "");
}

TEST_CASE("events: image upload by content, and who may read it") {
  TestServer s;
  TestUser org = s.MakeUser("organizer");
  TestUser other_org = s.MakeUser("organizer");
  TestUser admin = s.MakeUser("admin");
  TestUser staff = s.MakeUser("staff");
  const int64_t ev = CreateEvent(s, org, EventBody("Picture Day"));
  Publish(s, org, ev);
  const int64_t draft = CreateEvent(s, org, EventBody("Hidden Picture"));
  const std::string png = QrPng("https://example.org/banner");
  const std::string jpeg = std::string("\xFF\xD8\xFF\xE0", 4) + std::string(200, '\x11');

  CHECK(s.Get(EventPath(ev, "/image")).status == 404);  // none yet
  Reply up = s.Upload(EventPath(ev, "/image"), png, "banner.txt", org.token, {}, "PUT");
  REQUIRE_MESSAGE(up.status == 200, up.body);
  CHECK(up.Json()["image_url"] == EventPath(ev, "/image"));
  Reply got = s.Get(EventPath(ev, "/image"));
  CHECK(got.status == 200);
  CHECK(got.Header("Content-Type") == "image/png");
  CHECK(got.Header("X-Content-Type-Options") == "nosniff");
  CHECK(got.body == png);
  CHECK(got.headers.count("Cache-Control") == 1);  // one caching policy, not two
  CHECK(got.Header("Cache-Control") == "public, max-age=300");
  CHECK(s.Get(EventPath(ev)).Json()["image_url"] == EventPath(ev, "/image"));

  // Replaced by a JPEG by an admin.
  Reply by_admin = s.Upload(EventPath(ev, "/image"), jpeg, "photo.png", admin.token, {}, "PUT");
  CHECK(by_admin.status == 200);
  Reply got2 = s.Get(EventPath(ev, "/image"));
  CHECK(got2.Header("Content-Type") == "image/jpeg");
  CHECK(got2.body == jpeg);

  auto upload = [&](const std::string& name, int64_t id, const std::string& bytes, const TestUser* who,
                    int status, const std::string& code) {
    INFO("upload: ", name);
    Reply r = s.Upload(EventPath(id, "/image"), bytes, "x.png", who ? who->token : "", {}, "PUT");
    CHECK(r.status == status);
    CHECK(r.Json()["code"] == code);
  };
  upload("text", ev, "just some text, not a picture", &org, 415, "unsupported_media_type");
  upload("a PDF is not an image", ev, "%PDF-1.4\n%\xE2\xE3\n1 0 obj\n", &org, 415, "unsupported_media_type");
  upload("over 5 MB", ev, std::string("\x89PNG\r\n\x1a\n", 8) + std::string(5 * 1024 * 1024, '\0'), &org,
         413, "payload_too_large");
  upload("empty", ev, "", &org, 400, "validation_failed");
  upload("another organizer, published", ev, png, &other_org, 403, "forbidden");
  upload("another organizer, draft", draft, png, &other_org, 404, "not_found");
  upload("staff", ev, png, &staff, 403, "forbidden");
  upload("anonymous", ev, png, nullptr, 401, "unauthorized");
  upload("no such event", 999999, png, &admin, 404, "not_found");
  // Not multipart at all.
  Reply raw = s.Call("PUT", EventPath(ev, "/image"), png, org.token);
  CHECK(raw.status == 415);
  // The image follows the event's visibility.
  REQUIRE(s.Upload(EventPath(draft, "/image"), png, "a.png", org.token, {}, "PUT").status == 200);
  CHECK(s.Get(EventPath(draft, "/image")).status == 404);
  CHECK(s.Get(EventPath(draft, "/image"), other_org.token).status == 404);
  Reply own = s.Get(EventPath(draft, "/image"), org.token);
  CHECK(own.status == 200);
  CHECK(own.headers.count("Cache-Control") == 1);
  CHECK(own.Header("Cache-Control") == "private, no-store");  // a draft's image is not shared
  CHECK(s.Get(EventPath(draft, "/image"), staff.token).status == 200);
  CHECK(s.Get(EventPath(ev, "/image")).body == jpeg);  // the refused uploads changed nothing
}

TEST_CASE("events: stats count sales, revenue, pending orders and check-ins") {
  TestServer s;
  TestUser org = s.MakeUser("organizer");
  TestUser other_org = s.MakeUser("organizer");
  TestUser staff = s.MakeUser("staff");
  TestUser admin = s.MakeUser("admin");
  TestUser a = s.MakeUser("attendee");
  TestUser b = s.MakeUser("attendee");
  TestUser c = s.MakeUser("attendee");
  const int64_t ev = CreateEvent(s, org, EventBody("Counting Day"));
  const int64_t paid = CreateType(s, org, ev, PaidType(100000, 20));
  const int64_t free = CreateType(s, org, ev, {{"name", "Student"}, {"kind", "free"}});
  const int64_t pwyw = CreateType(s, org, ev,
                                  {{"name", "Supporter"}, {"kind", "pay_what_you_want"}, {"price", 10000}});
  Publish(s, org, ev);
  const int64_t draft = CreateEvent(s, org, EventBody("Draft Counting"));

  const std::string first_day = LocalDateKey(NowSeconds(), "Asia/Jakarta");  // before any sale
  const json paid_order = Confirm(s, staff, Order(s, a, ev, paid, 2)["id"].get<int64_t>());  // 200000
  Order(s, b, ev, free, 3);                                                                   // 3 free
  Reply supporter = s.Post("/api/v1/orders",
                           {{"event_id", ev}, {"items", {{{"ticket_type_id", pwyw}, {"quantity", 1}, {"price", 25000}}}}},
                           c.token);
  REQUIRE(supporter.status == 201);
  Confirm(s, staff, supporter.Json()["id"].get<int64_t>());                                   // 25000
  Order(s, c, ev, paid, 4);                                                                   // pending
  Order(s, b, ev, paid, 1);                                                                   // pending
  const std::string code = paid_order["tickets"][0]["code"];
  REQUIRE(s.Post("/api/v1/checkin", {{"code", code}}, staff.token).status == 200);

  Reply r = s.Get(EventPath(ev, "/stats"), org.token);
  REQUIRE_MESSAGE(r.status == 200, r.body);
  json st = r.Json();
  CHECK(st["tickets_sold"] == 6);
  CHECK(st["revenue"] == 225000);
  CHECK(st["free"] == false);
  CHECK(st["currency"] == "IDR");
  CHECK(st["orders_pending"] == 2);
  CHECK(st["checked_in"] == 1);
  REQUIRE(st["by_ticket_type"].size() == 3);
  CHECK(st["by_ticket_type"][0]["ticket_type_id"] == paid);
  CHECK(st["by_ticket_type"][0]["sold"] == 2);
  CHECK(st["by_ticket_type"][0]["pending"] == 5);
  CHECK(st["by_ticket_type"][0]["quota"] == 20);
  CHECK(st["by_ticket_type"][1]["sold"] == 3);
  CHECK(st["by_ticket_type"][1]["quota"].is_null());
  CHECK(st["by_ticket_type"][2]["sold"] == 1);
  // One day of sales (two if the test ran across midnight), adding up to the totals; days are
  // those of the deployment's time zone (Asia/Jakarta by default).
  REQUIRE(!st["sales_by_day"].empty());
  CHECK(st["sales_by_day"].size() <= 2);
  int64_t day_tickets = 0, day_revenue = 0;
  for (const auto& d : st["sales_by_day"]) {
    CHECK(ParseRfc3339(d["date"].get<std::string>() + "T00:00:00Z"));
    day_tickets += d["tickets"].get<int64_t>();
    day_revenue += d["revenue"].get<int64_t>();
  }
  // The sales' day(s): from the WIB day before the first sale to the WIB day after the reply
  // (they differ only when WIB midnight, 17:00 UTC, falls during the test).
  const std::string last_day = LocalDateKey(NowSeconds(), "Asia/Jakarta");
  CHECK(st["sales_by_day"].front()["date"].get<std::string>() >= first_day);
  CHECK(st["sales_by_day"].back()["date"].get<std::string>() <= last_day);
  CHECK((st["sales_by_day"].size() == 1 || first_day != last_day));
  CHECK(day_tickets == 6);
  CHECK(day_revenue == 225000);

  RunScenarios(s, {
      {"staff", "GET", EventPath(ev, "/stats"), "", staff.token, 200, {"\"tickets_sold\":6"}},
      {"admin", "GET", EventPath(ev, "/stats"), "", admin.token, 200, {"\"revenue\":225000"}},
      {"empty draft", "GET", EventPath(draft, "/stats"), "", org.token, 200,
       {"\"tickets_sold\":0", "\"revenue\":0", "\"free\":false", "\"sales_by_day\":[]", "\"by_ticket_type\":[]"}},
      {"another organizer, published", "GET", EventPath(ev, "/stats"), "", other_org.token, 403, {"forbidden"}},
      {"another organizer, draft", "GET", EventPath(draft, "/stats"), "", other_org.token, 404, {"not_found"}},
      {"attendee", "GET", EventPath(ev, "/stats"), "", a.token, 403, {"forbidden"}},
      {"anonymous", "GET", EventPath(ev, "/stats"), "", "", 401},
      {"no such event", "GET", EventPath(999999, "/stats"), "", admin.token, 404},
  });
}

TEST_CASE("events: stats say free for an event whose ticket types take no money") {
  TestServer s;
  TestUser org = s.MakeUser("organizer");
  TestUser a = s.MakeUser("attendee");
  const int64_t ev = CreateEvent(s, org, EventBody("Free Meetup"));
  const int64_t free = CreateType(s, org, ev, {{"name", "Community"}, {"kind", "free"}});
  CreateType(s, org, ev, {{"name", "Speaker"}, {"kind", "free"}});
  Publish(s, org, ev);
  Order(s, a, ev, free, 2);
  json st = s.Get(EventPath(ev, "/stats"), org.token).Json();
  CHECK(st["tickets_sold"] == 2);
  CHECK(st["revenue"] == 0);
  CHECK(st["free"] == true);
  // One type that may take money (pay what you want, even with nothing paid yet): not free.
  CreateType(s, org, ev, {{"name", "Supporter"}, {"kind", "pay_what_you_want"}, {"price", 0}});
  json mixed = s.Get(EventPath(ev, "/stats"), org.token).Json();
  CHECK(mixed["revenue"] == 0);
  CHECK(mixed["free"] == false);
}

TEST_CASE("events: an event with door scans or prize draws but no orders is kept, not a 500") {
  TestServer s;
  TestUser org = s.MakeUser("organizer");
  TestUser staff = s.MakeUser("staff");
  const int64_t scanned = CreateEvent(s, org, EventBody("Scanned Day"));
  Publish(s, org, scanned);
  // A door set to this event scans something that is not a ticket: the scan is logged.
  Reply scan = s.Post("/api/v1/checkin", {{"code", "not-a-ticket"}, {"event_id", scanned}}, staff.token);
  REQUIRE(scan.status == 400);
  REQUIRE(StoredInt(s, "SELECT COUNT(*) FROM checkin_scans WHERE event_id = ?", scanned) == 1);
  Reply del = s.Call("DELETE", EventPath(scanned), "", org.token);
  CHECK(del.status == 409);
  CHECK(del.Json()["code"] == "conflict");
  CHECK(s.Get(EventPath(scanned)).status == 200);
  const int64_t drawn = CreateEvent(s, org, EventBody("Draw Day"));
  Publish(s, org, drawn);
  Reply draw = s.Post(EventPath(drawn, "/draws"),
                      {{"title", "Door prize"}, {"prizes", {{{"name", "Mug"}, {"quantity", 1}}}},
                       {"eligibility", "ticket_holders"}},
                      org.token);
  REQUIRE_MESSAGE(draw.status == 201, draw.body);
  Reply del2 = s.Call("DELETE", EventPath(drawn), "", org.token);
  CHECK(del2.status == 409);
  CHECK(del2.Json()["code"] == "conflict");
  CHECK(s.Get(EventPath(drawn)).status == 200);
  // Cancelling is the way out, as the message says.
  CHECK(s.Post(EventPath(drawn, "/cancel"), json::object(), org.token).status == 200);
}
