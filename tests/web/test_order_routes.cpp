// SPEC §6: every route of web/routes_orders.cpp — placing orders (free and paid, idempotency,
// each refusal), proofs, confirming and rejecting payments, cancelling, refunding, the event's
// order list — and the scheduler's expiry and reminders, over real HTTP. Each state change is
// checked in the database and the outbox as well as in the reply.
#include <doctest/doctest.h>

#include <set>
#include <string>
#include <vector>

#include "core/mail/mail_templates.h"
#include "core/orders/order_scheduler.h"
#include "core/orders/orders.h"
#include "core/common/qr.h"
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
std::string OrderPath(int64_t id, const std::string& tail = "") {
  return "/api/v1/orders/" + std::to_string(id) + tail;
}

int64_t CreateEvent(TestServer& s, const TestUser& organizer, const std::string& title, bool publish) {
  const int64_t start = NowSeconds() + 30 * 86400;
  Reply r = s.Post("/api/v1/events",
                   {{"title", title}, {"venue", "Aula Timur"}, {"starts_at", FormatRfc3339(start)},
                    {"ends_at", FormatRfc3339(start + 8 * 3600)}},
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

json OrderBody(int64_t event, int64_t type, int64_t quantity) {
  return {{"event_id", event}, {"items", {{{"ticket_type_id", type}, {"quantity", quantity}}}}};
}

// Who is who: `org` owns the published `event` (paid 150.000 with quota, max 4 per order; free;
// pay what you want from 50.000) and a `draft`; `buyer` and `other` are attendees.
struct Shop {
  TestUser admin, staff, org, other_org, buyer, other;
  int64_t event = 0, draft = 0, paid = 0, free = 0, pwyw = 0;
};

Shop MakeShop(TestServer& s, int64_t paid_quota = 10) {
  Shop w;
  w.admin = s.MakeUser("admin");
  w.staff = s.MakeUser("staff", "Desk Staff");
  w.org = s.MakeUser("organizer", "Olivia Organizer");
  w.other_org = s.MakeUser("organizer");
  w.buyer = s.MakeUser("attendee", "Rani Putri");
  w.other = s.MakeUser("attendee", "Budi Santoso");
  w.event = CreateEvent(s, w.org, "Bandung Tech Meetup", false);
  w.paid = CreateType(s, w.org, w.event,
                      {{"name", "Regular"}, {"kind", "paid"}, {"price", 150000}, {"quota", paid_quota},
                       {"max_per_order", 4}});
  w.free = CreateType(s, w.org, w.event, {{"name", "Community"}, {"kind", "free"}});
  w.pwyw = CreateType(s, w.org, w.event,
                      {{"name", "Supporter"}, {"kind", "pay_what_you_want"}, {"price", 50000}});
  REQUIRE(s.Post(EventPath(w.event, "/submit"), json::object(), w.org.token).status == 200);
  w.draft = CreateEvent(s, w.org, "Draft Meetup", false);
  return w;
}

json MustOrder(TestServer& s, const TestUser& buyer, int64_t event, int64_t type, int64_t quantity = 1) {
  Reply r = s.Post("/api/v1/orders", OrderBody(event, type, quantity), buyer.token);
  REQUIRE_MESSAGE(r.status == 201, r.body);
  return r.Json();
}

int64_t IdOf(const json& j) { return j["id"].get<int64_t>(); }

json MustConfirm(TestServer& s, const TestUser& staff, int64_t order) {
  Reply r = s.Post(OrderPath(order, "/confirm-payment"), json::object(), staff.token);
  REQUIRE_MESSAGE(r.status == 200, r.body);
  return r.Json();
}

Reply UploadProof(TestServer& s, const TestUser& who, int64_t order, const std::string& bytes,
                  const std::string& filename = "transfer.png", const std::string& note = "") {
  httplib::MultipartFormDataItems extra;
  if (!note.empty()) extra.push_back({"note", note, "", ""});
  return s.Upload(OrderPath(order, "/payment-proofs"), bytes, filename, who.token, extra);
}

std::string Png() { return QrPng("BCA transfer 150000"); }
std::string Pdf() { return "%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << >>\n%%EOF\n"; }

std::string OrderStatusIn(TestServer& s, int64_t order) {
  storage::Query q(s.app().db().Reader(), "SELECT status FROM orders WHERE id = ?", order);
  return q.Next() ? q.Text(0) : "";
}

struct Counts {
  int64_t sold = 0, pending = 0;
};
Counts TypeCounts(TestServer& s, int64_t type) {
  storage::Query q(s.app().db().Reader(), "SELECT sold, pending FROM ticket_types WHERE id = ?", type);
  REQUIRE(q.Next());
  return {q.Int(0), q.Int(1)};
}

int64_t Count(TestServer& s, const char* sql, int64_t id) {
  return storage::ScalarInt(s.app().db().Reader(), sql, id).value_or(-1);
}

}  // namespace

TEST_CASE("orders: a free order is paid at once, tickets issued and mailed") {
  TestServer s;
  Shop w = MakeShop(s);
  Reply r = s.Post("/api/v1/orders", OrderBody(w.event, w.free, 2), w.buyer.token);
  REQUIRE_MESSAGE(r.status == 201, r.body);
  json o = r.Json();
  CHECK(o["status"] == "paid");
  CHECK(o["total"] == 0);
  CHECK(o["currency"] == "IDR");
  CHECK(o["expires_at"].is_null());
  CHECK(o["paid_at"].is_string());
  CHECK(o["payment"]["method"] == "free");
  CHECK(o["user_id"] == w.buyer.id);
  CHECK(o["event_id"] == w.event);
  REQUIRE(o["items"].size() == 1);
  CHECK(o["items"][0] == json({{"ticket_type_id", w.free}, {"ticket_type", "Community"}, {"quantity", 2},
                               {"unit_price", 0}}));
  REQUIRE(o["tickets"].size() == 2);
  std::set<std::string> codes;
  for (const auto& t : o["tickets"]) {
    CHECK(t["status"] == "valid");
    CHECK(t["holder_name"] == "Rani Putri");
    CHECK(t["holder_email"] == w.buyer.email);
    CHECK(t["ticket_type_id"] == w.free);
    codes.insert(t["code"].get<std::string>());
  }
  CHECK(codes.size() == 2);
  CHECK_FALSE(o.contains("bank_instructions"));
  auto mails = s.Mails("tickets", w.buyer.email);
  REQUIRE(mails.size() == 1);
  CHECK(mails[0]["order_code"] == o["code"]);
  CHECK(mails[0]["event_title"] == "Bandung Tech Meetup");
  REQUIRE(mails[0]["tickets"].size() == 2);
  CHECK(codes.count(mails[0]["tickets"][0]["code"].get<std::string>()) == 1);
  CHECK(s.Mails("order_placed", w.buyer.email).empty());
  CHECK(TypeCounts(s, w.free).sold == 2);
  CHECK(s.Get("/api/v1/tickets", w.buyer.token).Json()["total"] == 2);
  // A pay-what-you-want type with minimum 0 and no amount named is free too.
  const int64_t gift = CreateType(s, w.org, w.event, {{"name", "Gift"}, {"kind", "pay_what_you_want"}, {"price", 0}});
  CHECK(MustOrder(s, w.other, w.event, gift)["status"] == "paid");
}

TEST_CASE("orders: a paid order waits for payment, its order_placed mail carries amount, bank details, code") {
  TestServer s;
  Shop w = MakeShop(s);
  const std::string bank = "BCA 123-456-7890 a.n. Panitia Bandung Tech";
  Reply set = s.Patch("/api/v1/settings", {{"bank_instructions", bank}, {"payment_window_hours", 48}},
                      w.admin.token);
  REQUIRE_MESSAGE(set.status == 200, set.body);
  // `price` on a paid type, and fields nobody may set, are ignored.
  json body = OrderBody(w.event, w.paid, 2);
  body["items"][0]["price"] = 1;
  body["status"] = "paid";
  body["total"] = 0;
  body["user_id"] = w.other.id;
  body["code"] = "AAAAAAAA";
  Reply r = s.Call("POST", "/api/v1/orders", body.dump(), w.buyer.token);
  REQUIRE_MESSAGE(r.status == 201, r.body);
  json o = r.Json();
  CHECK(o["status"] == "pending");
  CHECK(o["total"] == 300000);
  CHECK(o["total_display"] == "Rp 300.000");
  CHECK(o["items"][0]["unit_price"] == 150000);
  CHECK(o["user_id"] == w.buyer.id);
  CHECK(o["tickets"].empty());
  CHECK(o["paid_at"].is_null());
  CHECK(o["payment"]["method"] == "bank_transfer");
  CHECK(o["bank_instructions"] == bank);
  const std::string code = o["code"];
  CHECK(code != "AAAAAAAA");
  CHECK(o["payment_reference"] == code);
  REQUIRE(code.size() == 8);
  CHECK(code.find_first_not_of("ABCDEFGHJKLMNPQRSTUVWXYZ23456789") == std::string::npos);
  const auto created = ParseRfc3339(o["created_at"].get<std::string>());
  const auto expires = ParseRfc3339(o["expires_at"].get<std::string>());
  REQUIRE(created);
  REQUIRE(expires);
  CHECK(*expires - *created == 48 * 3600);
  // The stored row says the same.
  {
    // Scoped: a statement left open would pin this thread's read snapshot.
    storage::Query q(s.app().db().Reader(),
                     "SELECT status, total, user_id, code FROM orders WHERE id = ?", IdOf(o));
    REQUIRE(q.Next());
    CHECK(q.Text(0) == "pending");
    CHECK(q.Int(1) == 300000);
    CHECK(q.Int(2) == w.buyer.id);
    CHECK(q.Text(3) == code);
  }
  CHECK(Count(s, "SELECT SUM(unit_price) FROM order_items WHERE order_id = ?", IdOf(o)) == 150000);
  CHECK(TypeCounts(s, w.paid).pending == 2);
  CHECK(TypeCounts(s, w.paid).sold == 0);
  auto mails = s.Mails("order_placed", w.buyer.email);
  REQUIRE(mails.size() == 1);
  CHECK(mails[0]["amount"] == "Rp 300.000");
  CHECK(mails[0]["bank_instructions"] == bank);
  CHECK(mails[0]["order_code"] == code);
  CHECK(mails[0]["expires_at"] == o["expires_at"]);
  CHECK(mails[0]["event_title"] == "Bandung Tech Meetup");
  CHECK(s.Mails("tickets", w.buyer.email).empty());

  // Pay what you want: the amount named, at least the minimum.
  Reply pwyw = s.Post("/api/v1/orders",
                      {{"event_id", w.event},
                       {"items", {{{"ticket_type_id", w.pwyw}, {"quantity", 2}, {"price", 75000}}}}},
                      w.other.token);
  REQUIRE(pwyw.status == 201);
  CHECK(pwyw.Json()["total"] == 150000);
  CHECK(pwyw.Json()["items"][0]["unit_price"] == 75000);
  Reply minimum = s.Post("/api/v1/orders", OrderBody(w.event, w.pwyw, 1), w.other.token);
  REQUIRE(minimum.status == 201);
  CHECK(minimum.Json()["total"] == 50000);
  // Two types in one order.
  Reply mixed = s.Post("/api/v1/orders",
                       {{"event_id", w.event},
                        {"items", {{{"ticket_type_id", w.paid}, {"quantity", 1}},
                                   {{"ticket_type_id", w.free}, {"quantity", 3}}}}},
                       w.other.token);
  REQUIRE(mixed.status == 201);
  CHECK(mixed.Json()["total"] == 150000);
  CHECK(mixed.Json()["status"] == "pending");
  CHECK(mixed.Json()["items"].size() == 2);
  CHECK(TypeCounts(s, w.free).pending == 3);
}

TEST_CASE("orders: who may read an order, and the own list") {
  TestServer s;
  Shop w = MakeShop(s);
  const json first = MustOrder(s, w.buyer, w.event, w.paid);
  const json second = MustOrder(s, w.buyer, w.event, w.free, 2);
  MustOrder(s, w.other, w.event, w.paid);
  const std::string path = OrderPath(IdOf(first));
  const std::string code = first["code"];
  RunScenarios(s, {
      {"owner", "GET", path, "", w.buyer.token, 200, {code, "\"bank_instructions\"", "\"proofs\":[]"}},
      {"staff", "GET", path, "", w.staff.token, 200, {code}},
      {"event owner", "GET", path, "", w.org.token, 200, {code}},
      {"admin", "GET", path, "", w.admin.token, 200, {code}},
      {"another attendee", "GET", path, "", w.other.token, 404, {"not_found"}, {code}},
      {"another organizer", "GET", path, "", w.other_org.token, 404, {"not_found"}, {code}},
      {"anonymous", "GET", path, "", "", 401},
      {"no such order", "GET", OrderPath(999999), "", w.admin.token, 404},
      {"own list, newest first", "GET", "/api/v1/orders", "", w.buyer.token, 200, {"\"total\":2"}, {}, nullptr,
       [&](TestServer&, const Reply& r) {
         json items = r.Json()["items"];
         REQUIRE(items.size() == 2);
         CHECK(items[0]["id"] == second["id"]);
         CHECK(items[1]["id"] == first["id"]);
         CHECK(items[0]["tickets"].size() == 2);
       }},
      {"own list, paged", "GET", "/api/v1/orders?limit=1&offset=1", "", w.buyer.token, 200,
       {"\"total\":2", "\"limit\":1", "\"offset\":1", code}},
      {"staff own list is their own", "GET", "/api/v1/orders", "", w.staff.token, 200, {"\"total\":0"}},
      {"bad limit", "GET", "/api/v1/orders?limit=500", "", w.buyer.token, 400, {"validation_failed"}},
      {"own list, anonymous", "GET", "/api/v1/orders", "", "", 401},
  });
}

TEST_CASE("orders: each refusal of POST /orders") {
  TestServer s;
  Shop w = MakeShop(s, 3);
  // An event that has ended, and types outside their window or inactive.
  const int64_t past = [&] {
    Reply r = s.Post("/api/v1/events",
                     {{"title", "Over"}, {"starts_at", FormatRfc3339(NowSeconds() - 3 * 86400)},
                      {"ends_at", FormatRfc3339(NowSeconds() - 2 * 86400)}},
                     w.org.token);
    REQUIRE(r.status == 201);
    return IdOf(r.Json());
  }();
  const int64_t past_type = CreateType(s, w.org, past, {{"name", "Free"}, {"kind", "free"}});
  REQUIRE(s.Post(EventPath(past, "/submit"), json::object(), w.org.token).status == 200);
  const int64_t draft_type = CreateType(s, w.org, w.draft, {{"name", "Free"}, {"kind", "free"}});
  const int64_t later = CreateType(s, w.org, w.event,
                                   {{"name", "Later"}, {"kind", "free"},
                                    {"sales_start", FormatRfc3339(NowSeconds() + 86400)}});
  const int64_t closed = CreateType(s, w.org, w.event,
                                    {{"name", "Closed"}, {"kind", "free"},
                                     {"sales_end", FormatRfc3339(NowSeconds() - 60)}});
  const int64_t inactive = CreateType(s, w.org, w.event, {{"name", "Off"}, {"kind", "free"}, {"active", false}});
  const int64_t none_left = CreateType(s, w.org, w.event, {{"name", "None"}, {"kind", "free"}, {"quota", 0}});
  const int64_t other_event = CreateEvent(s, w.other_org, "Elsewhere", true);
  const int64_t foreign = CreateType(s, w.other_org, other_event, {{"name", "Free"}, {"kind", "free"}});
  const std::string t = w.buyer.token;
  auto post = [&](const std::string& name, const json& body, int status, std::vector<std::string> expect) {
    return Scenario{name, "POST", "/api/v1/orders", body.dump(), t, status, std::move(expect)};
  };
  json twenty_one = {{"event_id", w.event}, {"items", json::array()}};
  for (int i = 0; i < 21; ++i) twenty_one["items"].push_back({{"ticket_type_id", 1000 + i}, {"quantity", 1}});
  json twice = {{"event_id", w.event},
                {"items", {{{"ticket_type_id", w.free}, {"quantity", 1}}, {{"ticket_type_id", w.free}, {"quantity", 1}}}}};
  json below = {{"event_id", w.event}, {"items", {{{"ticket_type_id", w.pwyw}, {"quantity", 1}, {"price", 49999}}}}};
  json huge_price = {{"event_id", w.event},
                    {"items", {{{"ticket_type_id", w.pwyw}, {"quantity", 2}, {"price", 5'000'000'000'000'000'000}}}}};
  json negative_price = {{"event_id", w.event},
                         {"items", {{{"ticket_type_id", w.pwyw}, {"quantity", 1}, {"price", -1}}}}};

  std::vector<Scenario> table = {
      post("no such event", OrderBody(999999, w.free, 1), 404, {"not_found"}),
      post("someone else's draft event: not found", OrderBody(w.draft, draft_type, 1), 404, {"not_found"}),
      post("ended event", OrderBody(past, past_type, 1), 409, {"event_not_on_sale"}),
      post("type of another event", OrderBody(w.event, foreign, 1), 400,
           {"validation_failed", "items[0].ticket_type_id"}),
      post("no such type", OrderBody(w.event, 999999, 1), 400, {"items[0].ticket_type_id"}),
      post("sales not started", OrderBody(w.event, later, 1), 409, {"not_on_sale"}),
      post("sales ended", OrderBody(w.event, closed, 1), 409, {"not_on_sale"}),
      post("inactive type", OrderBody(w.event, inactive, 1), 409, {"not_on_sale"}),
      post("quantity 0", OrderBody(w.event, w.paid, 0), 400, {"validation_failed", "items[0].quantity"}),
      post("negative quantity", OrderBody(w.event, w.paid, -2), 400, {"items[0].quantity"}),
      post("above max_per_order", OrderBody(w.event, w.paid, 5), 400, {"validation_failed", "items[0].quantity"}),
      post("default max_per_order is 10", OrderBody(w.event, w.free, 11), 400, {"items[0].quantity"}),
      post("below the minimum", below, 400, {"validation_failed", "items[0].price"}),
      post("negative amount", negative_price, 400, {"items[0].price"}),
      post("an amount that would overflow the total", huge_price, 400, {"validation_failed", "items[0].price"}),
      post("quota 0", OrderBody(w.event, none_left, 1), 409, {"sold_out"}),
      post("more than the quota", OrderBody(w.event, w.paid, 4), 409, {"sold_out"}),
      post("two of three", OrderBody(w.event, w.paid, 2), 201, {"\"status\":\"pending\""}),
      post("two more: sold out", OrderBody(w.event, w.paid, 2), 409, {"sold_out"}),
      post("the last one", OrderBody(w.event, w.paid, 1), 201, {}),
      post("none left", OrderBody(w.event, w.paid, 1), 409, {"sold_out"}),
      post("no items", {{"event_id", w.event}, {"items", json::array()}}, 400, {"validation_failed", "\"items\""}),
      post("items missing", {{"event_id", w.event}}, 400, {"validation_failed", "\"items\""}),
      post("event_id missing", {{"items", {{{"ticket_type_id", w.free}, {"quantity", 1}}}}}, 400,
           {"validation_failed", "\"event_id\""}),
      post("items not an array", {{"event_id", w.event}, {"items", "all"}}, 400, {"bad_request"}),
      post("an item not an object", {{"event_id", w.event}, {"items", {1, 2}}}, 400, {"bad_request"}),
      post("quantity as text", {{"event_id", w.event}, {"items", {{{"ticket_type_id", w.free}, {"quantity", "2"}}}}},
           400, {"bad_request", "quantity"}),
      post("price as text", {{"event_id", w.event}, {"items", {{{"ticket_type_id", w.pwyw}, {"price", "lots"}}}}},
           400, {"bad_request", "price"}),
      post("the same type twice", twice, 400, {"validation_failed", "items[1].ticket_type_id"}),
      post("too many items", twenty_one, 400, {"validation_failed", "\"items\""}),
      {"anonymous", "POST", "/api/v1/orders", OrderBody(w.event, w.free, 1).dump(), "", 401, {"unauthorized"}},
  };
  for (auto& sc : BodyErrorScenarios("POST", "/api/v1/orders", t, "event_id", "one")) table.push_back(sc);
  RunScenarios(s, table);
  // Only the two accepted orders exist, and nothing oversold.
  CHECK(storage::ScalarInt(s.app().db().Reader(), "SELECT COUNT(*) FROM orders").value_or(0) == 2);
  CHECK(TypeCounts(s, w.paid).pending == 3);
  CHECK(s.Mails("order_placed", w.buyer.email).size() == 2);
}

TEST_CASE("orders: Idempotency-Key replays the first reply and creates nothing new") {
  TestServer s;
  Shop w = MakeShop(s);
  const std::string body = OrderBody(w.event, w.paid, 2).dump();
  auto post = [&](const TestUser& u, const std::string& key, const std::string& b) {
    httplib::Headers h;
    if (!key.empty()) h.emplace("Idempotency-Key", key);
    return s.Call("POST", "/api/v1/orders", b, u.token, h);
  };
  Reply first = post(w.buyer, "checkout-1", body);
  REQUIRE(first.status == 201);
  Reply again = post(w.buyer, "checkout-1", body);
  CHECK(again.status == 201);
  CHECK(again.body == first.body);
  CHECK(again.Json()["id"] == first.Json()["id"]);
  // Even a different body under the same key gets the first reply.
  Reply changed = post(w.buyer, "checkout-1", OrderBody(w.event, w.paid, 1).dump());
  CHECK(changed.body == first.body);
  const auto orders_of = [&](int64_t user) {
    return Count(s, "SELECT COUNT(*) FROM orders WHERE user_id = ?", user);
  };
  CHECK(orders_of(w.buyer.id) == 1);
  CHECK(TypeCounts(s, w.paid).pending == 2);
  CHECK(s.Mails("order_placed", w.buyer.email).size() == 1);
  // A new key is a new order; so is no key.
  Reply other_key = post(w.buyer, "checkout-2", body);
  CHECK(other_key.status == 201);
  CHECK(other_key.Json()["id"] != first.Json()["id"]);
  Reply no_key1 = post(w.buyer, "", OrderBody(w.event, w.free, 1).dump());
  Reply no_key2 = post(w.buyer, "", OrderBody(w.event, w.free, 1).dump());
  CHECK(no_key1.Json()["id"] != no_key2.Json()["id"]);
  CHECK(orders_of(w.buyer.id) == 4);
  // Keys belong to a user: the same key from someone else is their own order.
  Reply someone_else = post(w.other, "checkout-1", body);
  CHECK(someone_else.status == 201);
  CHECK(someone_else.Json()["id"] != first.Json()["id"]);
  CHECK(orders_of(w.other.id) == 1);
  // A refused order is not remembered: the same key may try again.
  Reply refused = post(w.other, "retry-me", OrderBody(w.event, w.paid, 9).dump());
  CHECK(refused.status == 400);
  Reply retried = post(w.other, "retry-me", OrderBody(w.event, w.paid, 1).dump());
  CHECK(retried.status == 201);
  // Free orders replay with their tickets.
  Reply free1 = post(w.other, "free-1", OrderBody(w.event, w.free, 1).dump());
  Reply free2 = post(w.other, "free-1", OrderBody(w.event, w.free, 1).dump());
  CHECK(free2.body == free1.body);
  CHECK(free2.Json()["tickets"].size() == 1);
  CHECK(s.Mails("tickets", w.other.email).size() == 1);
  // After 24 hours a key is forgotten: the same key places a new order.
  s.app().db().Write([&](storage::Conn& c) {
    storage::Exec(c, "UPDATE idempotency_keys SET created_at = ? WHERE key = 'checkout-1' AND user_id = ?",
                  FormatRfc3339(NowSeconds() - 25 * 3600), w.buyer.id);
    return true;
  });
  Reply next_day = post(w.buyer, "checkout-1", body);
  CHECK(next_day.status == 201);
  CHECK(next_day.Json()["id"] != first.Json()["id"]);
  CHECK(orders_of(w.buyer.id) == 5);
  Reply too_long = post(w.buyer, std::string(201, 'k'), body);
  CHECK(too_long.status == 400);
  CHECK(too_long.Json()["code"] == "validation_failed");
}

TEST_CASE("orders: an address not confirmed may not order") {
  TestServer s;
  Shop w = MakeShop(s);
  s.app().db().Write([&](storage::Conn& c) {
    storage::Exec(c, "UPDATE users SET email_confirmed_at = NULL WHERE id = ?", w.other.id);
    return true;
  });
  RunScenarios(s, {
      {"unconfirmed", "POST", "/api/v1/orders", OrderBody(w.event, w.free, 1).dump(), w.other.token, 403,
       {"email_not_confirmed"}, {}, nullptr,
       [&](TestServer& srv, const Reply&) {
         CHECK(Count(srv, "SELECT COUNT(*) FROM orders WHERE user_id = ?", w.other.id) == 0);
         CHECK(TypeCounts(srv, w.free).sold == 0);
       }},
      {"confirmed", "POST", "/api/v1/orders", OrderBody(w.event, w.free, 1).dump(), w.buyer.token, 201},
  });
  // With confirmation not required, the same user may.
  REQUIRE(s.Patch("/api/v1/settings", {{"require_email_confirmation", false}}, w.admin.token).status == 200);
  CHECK(s.Post("/api/v1/orders", OrderBody(w.event, w.free, 1), w.other.token).status == 201);
}

TEST_CASE("orders: payment proofs, by content, and who may download them") {
  TestServer s;
  Shop w = MakeShop(s);
  const json o = MustOrder(s, w.buyer, w.event, w.paid, 1);
  const int64_t id = IdOf(o);
  const std::string png = Png();
  Reply up = UploadProof(s, w.buyer, id, png, "bukti transfer.png", "Paid from BCA, Rani");
  REQUIRE_MESSAGE(up.status == 201, up.body);
  json proof = up.Json();
  CHECK(proof["status"] == "submitted");
  CHECK(proof["content_type"] == "image/png");
  CHECK(proof["note"] == "Paid from BCA, Rani");
  CHECK(proof["size"] == png.size());
  const int64_t proof_id = proof["id"].get<int64_t>();
  CHECK(proof["url"] == "/api/v1/payment-proofs/" + std::to_string(proof_id));
  Reply pdf = UploadProof(s, w.buyer, id, Pdf(), "receipt.pdf");
  REQUIRE(pdf.status == 201);
  CHECK(pdf.Json()["content_type"] == "application/pdf");
  const int64_t pdf_id = pdf.Json()["id"].get<int64_t>();
  Reply jpeg = UploadProof(s, w.buyer, id, std::string("\xFF\xD8\xFF\xE0", 4) + std::string(64, 'j'), "x.jpg");
  CHECK(jpeg.status == 201);
  CHECK(s.Get(OrderPath(id), w.buyer.token).Json()["payment"]["proofs"].size() == 3);

  auto refused = [&](const std::string& name, const TestUser* who, int64_t order, const std::string& bytes,
                     int status, const std::string& code, const std::string& note = "") {
    INFO("upload: ", name);
    httplib::MultipartFormDataItems extra;
    if (!note.empty()) extra.push_back({"note", note, "", ""});
    Reply r = s.Upload(OrderPath(order, "/payment-proofs"), bytes, "file.png", who ? who->token : "", extra);
    CHECK(r.status == status);
    CHECK(r.Json()["code"] == code);
  };
  refused("text", &w.buyer, id, "I paid, promise", 415, "unsupported_media_type");
  refused("a PNG name on text", &w.buyer, id, "GIF89a not really", 415, "unsupported_media_type");
  refused("over 5 MB", &w.buyer, id, std::string("%PDF-1.4\n") + std::string(5 * 1024 * 1024, ' '), 413,
          "payload_too_large");
  refused("empty", &w.buyer, id, "", 400, "validation_failed");
  refused("note too long", &w.buyer, id, png, 400, "validation_failed", std::string(1001, 'n'));
  refused("another attendee", &w.other, id, png, 404, "not_found");
  refused("staff see the order but are not its buyer", &w.staff, id, png, 403, "forbidden");
  refused("anonymous", nullptr, id, png, 401, "unauthorized");
  refused("no such order", &w.buyer, 999999, png, 404, "not_found");
  Reply raw = s.Call("POST", OrderPath(id, "/payment-proofs"), "{}", w.buyer.token);
  CHECK(raw.status == 415);
  CHECK(s.Get(OrderPath(id), w.buyer.token).Json()["payment"]["proofs"].size() == 3);

  // Downloads: the owner and the desk; nobody else learns it exists.
  const std::string path = "/api/v1/payment-proofs/" + std::to_string(proof_id);
  for (const TestUser* who : {&w.buyer, &w.staff, &w.org, &w.admin}) {
    INFO("download by ", who->email);
    Reply r = s.Get(path, who->token);
    CHECK(r.status == 200);
    CHECK(r.body == png);
    CHECK(r.Header("Content-Type") == "image/png");
    CHECK(r.Header("X-Content-Type-Options") == "nosniff");
    CHECK(r.Header("Content-Disposition").rfind("inline", 0) == 0);
  }
  Reply pdf_get = s.Get("/api/v1/payment-proofs/" + std::to_string(pdf_id), w.buyer.token);
  CHECK(pdf_get.status == 200);
  CHECK(pdf_get.Header("Content-Type") == "application/pdf");
  CHECK(pdf_get.Header("Content-Disposition").rfind("attachment", 0) == 0);
  RunScenarios(s, {
      {"another attendee", "GET", path, "", w.other.token, 404, {"not_found"}},
      {"another organizer", "GET", path, "", w.other_org.token, 404, {"not_found"}},
      {"anonymous", "GET", path, "", "", 401},
      {"no such proof", "GET", "/api/v1/payment-proofs/999999", "", w.admin.token, 404},
  });

  // Once paid, no more proofs.
  MustConfirm(s, w.staff, id);
  refused("paid order", &w.buyer, id, png, 409, "order_not_pending");
  const json cancelled = MustOrder(s, w.buyer, w.event, w.paid, 1);
  REQUIRE(s.Post(OrderPath(IdOf(cancelled), "/cancel"), json::object(), w.buyer.token).status == 200);
  refused("cancelled order", &w.buyer, IdOf(cancelled), png, 409, "order_not_pending");
}

TEST_CASE("orders: confirm payment issues tickets, mails twice, accepts the proof, audits") {
  TestServer s;
  Shop w = MakeShop(s);
  const json o = MustOrder(s, w.buyer, w.event, w.paid, 3);
  const int64_t id = IdOf(o);
  Reply up = UploadProof(s, w.buyer, id, Png());
  REQUIRE(up.status == 201);
  const int64_t proof_id = up.Json()["id"].get<int64_t>();
  const json no_proof = MustOrder(s, w.other, w.event, w.paid, 1);
  const std::string path = OrderPath(id, "/confirm-payment");

  std::vector<Scenario> table = {
      {"attendee", "POST", path, "{}", w.buyer.token, 403, {"forbidden"}},
      {"anonymous", "POST", path, "{}", "", 401},
      {"another organizer: not found", "POST", path, "{}", w.other_org.token, 404, {"not_found"}},
      {"negative amount", "POST", path, R"({"amount_received":-5})", w.staff.token, 400,
       {"validation_failed", "amount_received"}},
      {"absurd amount", "POST", path, R"({"amount_received":9000000000000000000})", w.staff.token, 400,
       {"validation_failed", "amount_received"}},
      {"no such order", "POST", OrderPath(999999, "/confirm-payment"), "{}", w.staff.token, 404},
  };
  for (auto& sc : BodyErrorScenarios("POST", path, w.staff.token, "amount_received", "lots")) table.push_back(sc);
  table.push_back(
      {"staff confirms", "POST", path, R"({"amount_received":450000,"note":"BCA mutation 12 Nov"})",
       w.staff.token, 200, {"\"status\":\"paid\"", "\"amount_received\":450000", "BCA mutation 12 Nov"}, {},
       nullptr, [&](TestServer& srv, const Reply& r) {
         json paid = r.Json();
         CHECK(paid["payment"]["confirmed_by"] == w.staff.id);
         CHECK(paid["payment"]["confirmed_at"].is_string());
         CHECK(paid["paid_at"].is_string());
         CHECK_FALSE(paid.contains("bank_instructions"));
         REQUIRE(paid["tickets"].size() == 3);
         REQUIRE(paid["payment"]["proofs"].size() == 1);
         CHECK(paid["payment"]["proofs"][0]["status"] == "accepted");
         CHECK(paid["payment"]["proofs"][0]["reviewed_by"] == w.staff.id);
         CHECK(Count(srv, "SELECT COUNT(*) FROM payment_proofs WHERE id = ? AND status = 'accepted'", proof_id) == 1);
         CHECK(Count(srv, "SELECT COUNT(*) FROM tickets WHERE order_id = ? AND status = 'valid'", id) == 3);
         CHECK(TypeCounts(srv, w.paid).sold == 3);
         CHECK(TypeCounts(srv, w.paid).pending == 1);  // the other order
         auto received = srv.Mails("payment_received", w.buyer.email);
         REQUIRE(received.size() == 1);
         CHECK(received[0]["order_code"] == o["code"]);
         CHECK(received[0]["amount"] == "Rp 450.000");
         auto tickets = srv.Mails("tickets", w.buyer.email);
         REQUIRE(tickets.size() == 1);
         CHECK(tickets[0]["tickets"].size() == 3);
         CHECK(Count(srv, "SELECT COUNT(*) FROM audit_log WHERE action = 'payment.confirm' AND target_id = ?", id) == 1);
       }});
  table.push_back({"again", "POST", path, "{}", w.staff.token, 409, {"order_not_pending"}});
  table.push_back({"the event's organizer confirms, without a proof", "POST", OrderPath(IdOf(no_proof), "/confirm-payment"),
                   "{}", w.org.token, 200, {"\"status\":\"paid\"", "\"amount_received\":null"}});
  RunScenarios(s, table);
  CHECK(s.Mails("tickets", w.buyer.email).size() == 1);  // nothing more for the refused second try
}

TEST_CASE("orders: an expired order is accepted late only while the quota allows") {
  TestServer s;
  Shop w = MakeShop(s, 3);
  const json a = MustOrder(s, w.buyer, w.event, w.paid, 2);
  const json d = MustOrder(s, w.other, w.event, w.paid, 1);
  CHECK(orders::ExpireOverdue(s.app(), NowSeconds() + 100 * 86400) == 2);
  CHECK(OrderStatusIn(s, IdOf(a)) == "expired");
  CHECK(OrderStatusIn(s, IdOf(d)) == "expired");
  CHECK(TypeCounts(s, w.paid).pending == 0);
  CHECK(s.Mails("order_expired", w.buyer.email).size() == 1);
  CHECK(s.Get(OrderPath(IdOf(a)), w.buyer.token).Json()["close_reason"].is_string());
  // A new buyer takes one unit: 2 remain, enough for A (2) but then not for D (1).
  const json b = MustOrder(s, w.admin, w.event, w.paid, 1);
  Reply late_a = s.Post(OrderPath(IdOf(a), "/confirm-payment"), json::object(), w.staff.token);
  CHECK(late_a.status == 200);
  CHECK(late_a.Json()["status"] == "paid");
  CHECK(late_a.Json()["tickets"].size() == 2);
  Reply late_d = s.Post(OrderPath(IdOf(d), "/confirm-payment"), json::object(), w.staff.token);
  CHECK(late_d.status == 409);
  CHECK(late_d.Json()["code"] == "sold_out");
  CHECK(OrderStatusIn(s, IdOf(d)) == "expired");
  CHECK(TypeCounts(s, w.paid).sold == 2);
  CHECK(TypeCounts(s, w.paid).pending == 1);
  // Once B gives its unit back, D fits.
  REQUIRE(s.Post(OrderPath(IdOf(b), "/cancel"), json::object(), w.admin.token).status == 200);
  CHECK(s.Post(OrderPath(IdOf(d), "/confirm-payment"), json::object(), w.staff.token).status == 200);
  CHECK(TypeCounts(s, w.paid).sold == 3);
  CHECK(TypeCounts(s, w.paid).pending == 0);
  // Other states of an expired order: no proofs, no cancel, no reject.
  const json e = MustOrder(s, w.buyer, w.event, w.free, 1);  // free: paid at once
  (void)e;
  const json x = MustOrder(s, w.buyer, w.event, w.pwyw, 1);
  orders::ExpireOverdue(s.app(), NowSeconds() + 100 * 86400);
  CHECK(UploadProof(s, w.buyer, IdOf(x), Png()).status == 409);
  CHECK(s.Post(OrderPath(IdOf(x), "/cancel"), json::object(), w.buyer.token).Json()["code"] == "order_not_pending");
  CHECK(s.Post(OrderPath(IdOf(x), "/reject-payment"), {{"reason", "late"}}, w.staff.token).status == 409);
}

TEST_CASE("orders: reject payment keeps the order pending and mails the reason as given") {
  TestServer s;
  Shop w = MakeShop(s);
  const json o = MustOrder(s, w.buyer, w.event, w.paid, 1);
  const int64_t id = IdOf(o);
  const json bare = MustOrder(s, w.other, w.event, w.paid, 1);
  const std::string path = OrderPath(id, "/reject-payment");
  const std::string reason = "Amount <b>150.000</b> not received & name \"Rani\" differs";
  REQUIRE(UploadProof(s, w.buyer, id, Png()).status == 201);
  std::vector<Scenario> table = {
      {"no proof to reject", "POST", OrderPath(IdOf(bare), "/reject-payment"), R"({"reason":"nothing"})",
       w.staff.token, 409, {"invalid_state"}},
      {"reason missing", "POST", path, "{}", w.staff.token, 400, {"validation_failed", "\"reason\""}},
      {"reason blank", "POST", path, R"({"reason":"   "})", w.staff.token, 400, {"\"reason\""}},
      {"reason too long", "POST", path, json{{"reason", std::string(1001, 'r')}}.dump(), w.staff.token, 400,
       {"\"reason\""}},
      {"attendee", "POST", path, R"({"reason":"x"})", w.buyer.token, 403, {"forbidden"}},
      {"another organizer: not found", "POST", path, R"({"reason":"x"})", w.other_org.token, 404,
       {"not_found"}},
      {"anonymous", "POST", path, R"({"reason":"x"})", "", 401},
      {"no such order", "POST", OrderPath(999999, "/reject-payment"), R"({"reason":"x"})", w.staff.token, 404},
  };
  for (auto& sc : BodyErrorScenarios("POST", path, w.staff.token, "reason")) table.push_back(sc);
  table.push_back(
      {"staff rejects", "POST", path, json{{"reason", reason}}.dump(), w.staff.token, 200,
       {"\"status\":\"pending\"", "\"status\":\"rejected\""}, {}, nullptr,
       [&](TestServer& srv, const Reply& r) {
         json proofs = r.Json()["payment"]["proofs"];
         REQUIRE(proofs.size() == 1);
         CHECK(proofs[0]["reject_reason"] == reason);
         CHECK(proofs[0]["reviewed_by"] == w.staff.id);
         CHECK(OrderStatusIn(srv, id) == "pending");
         auto mails = srv.Mails("payment_rejected", w.buyer.email);
         REQUIRE(mails.size() == 1);
         CHECK(mails[0]["reason"] == reason);
         CHECK(mails[0]["order_code"] == o["code"]);
         CHECK(Count(srv, "SELECT COUNT(*) FROM audit_log WHERE action = 'payment.reject' AND target_id = ?", id) == 1);
       }});
  table.push_back({"nothing left to reject", "POST", path, R"({"reason":"again"})", w.staff.token, 409,
                   {"invalid_state"}});
  RunScenarios(s, table);
  // A new proof can be sent, rejected by the organizer, and a third one accepted.
  REQUIRE(UploadProof(s, w.buyer, id, Pdf(), "second.pdf").status == 201);
  CHECK(s.Post(path, {{"reason", "Still short"}}, w.org.token).status == 200);
  REQUIRE(UploadProof(s, w.buyer, id, Png()).status == 201);
  json paid = MustConfirm(s, w.staff, id);
  std::vector<std::string> statuses;
  for (const auto& p : paid["payment"]["proofs"]) statuses.push_back(p["status"]);
  CHECK(statuses == std::vector<std::string>{"rejected", "rejected", "accepted"});
  CHECK(s.Mails("payment_rejected", w.buyer.email).size() == 2);
  CHECK(s.Post(path, {{"reason", "after paid"}}, w.staff.token).Json()["code"] == "order_not_pending");
}

TEST_CASE("orders: cancel by the owner while pending, or by the desk") {
  TestServer s;
  Shop w = MakeShop(s);
  const json mine = MustOrder(s, w.buyer, w.event, w.paid, 2);
  const json for_staff = MustOrder(s, w.buyer, w.event, w.paid, 1);
  const json for_org = MustOrder(s, w.other, w.event, w.paid, 1);
  const json paid = MustOrder(s, w.buyer, w.event, w.free, 1);
  REQUIRE(TypeCounts(s, w.paid).pending == 4);
  RunScenarios(s, {
      {"another attendee", "POST", OrderPath(IdOf(mine), "/cancel"), "{}", w.other.token, 404, {"not_found"}},
      {"another organizer: not found", "POST", OrderPath(IdOf(mine), "/cancel"), "{}", w.other_org.token, 404,
       {"not_found"}},
      {"anonymous", "POST", OrderPath(IdOf(mine), "/cancel"), "{}", "", 401},
      {"no such order", "POST", OrderPath(999999, "/cancel"), "{}", w.buyer.token, 404},
      {"owner", "POST", OrderPath(IdOf(mine), "/cancel"), "{}", w.buyer.token, 200,
       {"\"status\":\"cancelled\"", "cancelled by the buyer"}, {}, nullptr,
       [&](TestServer& srv, const Reply&) {
         CHECK(TypeCounts(srv, w.paid).pending == 2);
         auto mails = srv.Mails("order_cancelled", w.buyer.email);
         REQUIRE(mails.size() == 1);
         CHECK(mails[0]["order_code"] == mine["code"]);
       }},
      {"again", "POST", OrderPath(IdOf(mine), "/cancel"), "{}", w.buyer.token, 409, {"order_not_pending"}},
      {"staff", "POST", OrderPath(IdOf(for_staff), "/cancel"), "{}", w.staff.token, 200,
       {"\"status\":\"cancelled\"", "cancelled by staff"}},
      {"event owner", "POST", OrderPath(IdOf(for_org), "/cancel"), "{}", w.org.token, 200},
      {"a paid order is refunded, not cancelled", "POST", OrderPath(IdOf(paid), "/cancel"), "{}", w.buyer.token,
       409, {"order_not_pending"}},
      {"nor by staff", "POST", OrderPath(IdOf(paid), "/cancel"), "{}", w.staff.token, 409, {"order_not_pending"}},
      {"confirming a cancelled order", "POST", OrderPath(IdOf(mine), "/confirm-payment"), "{}", w.staff.token,
       409, {"order_not_pending"}},
  });
  CHECK(TypeCounts(s, w.paid).pending == 0);
  CHECK(OrderStatusIn(s, IdOf(paid)) == "paid");
  CHECK(Count(s, "SELECT COUNT(*) FROM audit_log WHERE action = 'order.cancel' AND target_id = ?", IdOf(for_staff)) == 1);
}

TEST_CASE("orders: refund by the event owner or an admin frees the units") {
  TestServer s;
  Shop w = MakeShop(s, 2);
  const json o = MustConfirm(s, w.staff, IdOf(MustOrder(s, w.buyer, w.event, w.paid, 2)));
  const int64_t id = IdOf(o);
  REQUIRE(o["tickets"].size() == 2);
  const std::string ticket_code = o["tickets"][0]["code"];
  const json pending = MustOrder(s, w.admin, w.event, w.pwyw, 1);
  const std::string path = OrderPath(id, "/refund");
  CHECK(s.Post("/api/v1/orders", OrderBody(w.event, w.paid, 1), w.other.token).Json()["code"] == "sold_out");
  std::vector<Scenario> table = {
      {"staff may not refund", "POST", path, "{}", w.staff.token, 403, {"forbidden"}},
      {"attendee, even the buyer", "POST", path, "{}", w.buyer.token, 403, {"forbidden"}},
      {"another organizer: not found", "POST", path, "{}", w.other_org.token, 404, {"not_found"}},
      {"anonymous", "POST", path, "{}", "", 401},
      {"a pending order", "POST", OrderPath(IdOf(pending), "/refund"), "{}", w.org.token, 409, {"order_not_paid"}},
      {"reason too long", "POST", path, json{{"reason", std::string(1001, 'r')}}.dump(), w.org.token, 400,
       {"\"reason\""}},
      {"no such order", "POST", OrderPath(999999, "/refund"), "{}", w.admin.token, 404},
  };
  for (auto& sc : BodyErrorScenarios("POST", path, w.org.token, "reason")) table.push_back(sc);
  table.push_back(
      {"event owner refunds", "POST", path, R"({"reason":"Cannot attend"})", w.org.token, 200,
       {"\"status\":\"refunded\"", "Cannot attend"}, {}, nullptr,
       [&](TestServer& srv, const Reply& r) {
         const json refunded = r.Json();
         for (const auto& t : refunded["tickets"]) CHECK(t["status"] == "void");
         CHECK(Count(srv, "SELECT COUNT(*) FROM tickets WHERE order_id = ? AND status = 'void'", id) == 2);
         CHECK(TypeCounts(srv, w.paid).sold == 0);
         auto mails = srv.Mails("order_refunded", w.buyer.email);
         REQUIRE(mails.size() == 1);
         CHECK(mails[0]["reason"] == "Cannot attend");
         CHECK(Count(srv, "SELECT COUNT(*) FROM audit_log WHERE action = 'order.refund' AND target_id = ?", id) == 1);
       }});
  table.push_back({"again", "POST", path, "{}", w.org.token, 409, {"order_not_paid"}});
  RunScenarios(s, table);
  // The void ticket no longer gets in; the freed units sell again.
  Reply scan = s.Post("/api/v1/checkin", {{"code", ticket_code}}, w.staff.token);
  CHECK(scan.Json()["code"] == "ticket_void");
  CHECK(MustOrder(s, w.other, w.event, w.paid, 2)["status"] == "pending");
  CHECK(TypeCounts(s, w.paid).pending == 2);
}

TEST_CASE("orders: closing a free order is worded as a cancellation, not a refund of Rp 0") {
  TestServer s;
  Shop w = MakeShop(s);
  const json free_order = MustOrder(s, w.buyer, w.event, w.free, 1);
  REQUIRE(free_order["status"] == "paid");  // total 0: issued at once
  const json paid_order = MustConfirm(s, w.staff, IdOf(MustOrder(s, w.other, w.event, w.paid, 1)));
  Reply closed = s.Post(OrderPath(IdOf(free_order), "/refund"), {{"reason", "Duplicate"}}, w.org.token);
  REQUIRE_MESSAGE(closed.status == 200, closed.body);
  CHECK(closed.Json()["status"] == "refunded");  // SPEC: paid → refunded, unchanged
  // The buyer hears of a cancellation: nothing was paid, nothing is refunded.
  CHECK(s.Mails("order_refunded", w.buyer.email).empty());
  auto mails = s.Mails("order_cancelled", w.buyer.email);
  REQUIRE(mails.size() == 1);
  CHECK(mails[0]["reason"] == "Duplicate");
  for (const char* locale : {"en", "id"}) {
    json values = mails[0];
    AddDerivedMailValues("order_cancelled", values);
    const RenderedMail m = RenderMailTemplate(DefaultMailTemplate("order_cancelled", locale), values, locale);
    CAPTURE(m.text);
    CHECK(m.text.find("Rp 0") == std::string::npos);
    CHECK(m.text.find(std::string(locale) == "en" ? "has been cancelled" : "telah dibatalkan") !=
          std::string::npos);
  }
  // A paid order is still refunded, with its amount.
  REQUIRE(s.Post(OrderPath(IdOf(paid_order), "/refund"), {{"reason", "Ill"}}, w.org.token).status == 200);
  auto refunds = s.Mails("order_refunded", w.other.email);
  REQUIRE(refunds.size() == 1);
  CHECK(refunds[0]["amount"].get<std::string>().find("150") != std::string::npos);
  CHECK(s.Mails("order_cancelled", w.other.email).empty());
}

TEST_CASE("orders: after the event ended only an admin refunds") {
  TestServer s;
  Shop w = MakeShop(s);
  const json first = MustConfirm(s, w.staff, IdOf(MustOrder(s, w.buyer, w.event, w.paid, 1)));
  const json second = MustConfirm(s, w.staff, IdOf(MustOrder(s, w.other, w.event, w.paid, 1)));
  // The event took place yesterday.
  Reply moved = s.Patch(EventPath(w.event),
                        {{"starts_at", FormatRfc3339(NowSeconds() - 2 * 86400)},
                         {"ends_at", FormatRfc3339(NowSeconds() - 86400)}},
                        w.org.token);
  REQUIRE_MESSAGE(moved.status == 200, moved.body);
  RunScenarios(s, {
      {"organizer after the end", "POST", OrderPath(IdOf(first), "/refund"), R"({"reason":"late"})",
       w.org.token, 403, {"forbidden"}, {}, nullptr,
       [&](TestServer& srv, const Reply&) { CHECK(OrderStatusIn(srv, IdOf(first)) == "paid"); }},
      {"admin after the end", "POST", OrderPath(IdOf(first), "/refund"), R"({"reason":"goodwill"})",
       w.admin.token, 200, {"\"status\":\"refunded\""}},
      {"admin, no reason", "POST", OrderPath(IdOf(second), "/refund"), "", w.admin.token, 200,
       {"\"status\":\"refunded\""}},
      {"and no new orders for an ended event", "POST", "/api/v1/orders", OrderBody(w.event, w.paid, 1).dump(),
       w.buyer.token, 409, {"event_not_on_sale"}},
  });
}

TEST_CASE("orders: the event's order list for the desk") {
  TestServer s;
  Shop w = MakeShop(s);
  const json rani_pending = MustOrder(s, w.buyer, w.event, w.paid, 1);       // pending, proof
  const json budi_pending = MustOrder(s, w.other, w.event, w.paid, 1);       // pending, no proof
  const json budi_rejected = MustOrder(s, w.other, w.event, w.pwyw, 1);      // pending, proof rejected
  const json rani_free = MustOrder(s, w.buyer, w.event, w.free, 1);          // paid
  const json budi_cancelled = MustOrder(s, w.other, w.event, w.paid, 1);     // cancelled
  REQUIRE(UploadProof(s, w.buyer, IdOf(rani_pending), Png()).status == 201);
  REQUIRE(UploadProof(s, w.other, IdOf(budi_rejected), Png()).status == 201);
  REQUIRE(s.Post(OrderPath(IdOf(budi_rejected), "/reject-payment"), {{"reason", "blurry"}}, w.staff.token).status ==
          200);
  REQUIRE(s.Post(OrderPath(IdOf(budi_cancelled), "/cancel"), json::object(), w.other.token).status == 200);
  const int64_t other_event = CreateEvent(s, w.other_org, "Elsewhere", true);
  const int64_t other_type = CreateType(s, w.other_org, other_event, {{"name", "Free"}, {"kind", "free"}});
  MustOrder(s, w.buyer, other_event, other_type, 1);
  const std::string base = EventPath(w.event, "/orders");
  auto ids = [](const Reply& r) {
    std::vector<int64_t> out;
    const json body = r.Json();
    for (const auto& o : body["items"]) out.push_back(o["id"].get<int64_t>());
    return out;
  };
  auto list = [&](const std::string& name, const std::string& query, std::vector<int64_t> expected) {
    return Scenario{name, "GET", base + query, "", w.staff.token, 200, {}, {}, nullptr,
                    [expected, ids, query](TestServer&, const Reply& r) {
                      CHECK(ids(r) == expected);
                      if (query.find("limit") == std::string::npos) CHECK(r.Json()["total"] == expected.size());
                    }};
  };
  const std::string rani_code = rani_pending["code"];
  std::string lower_code = rani_code;
  for (char& ch : lower_code) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
  RunScenarios(s, {
      list("all, newest first", "",
           {IdOf(budi_cancelled), IdOf(rani_free), IdOf(budi_rejected), IdOf(budi_pending), IdOf(rani_pending)}),
      list("pending", "?status=pending", {IdOf(budi_rejected), IdOf(budi_pending), IdOf(rani_pending)}),
      list("paid", "?status=paid", {IdOf(rani_free)}),
      list("cancelled", "?status=cancelled", {IdOf(budi_cancelled)}),
      list("refunded", "?status=refunded", {}),
      list("awaiting review", "?awaiting_review=true", {IdOf(rani_pending)}),
      list("awaiting_review=false is no filter", "?awaiting_review=false&status=pending",
           {IdOf(budi_rejected), IdOf(budi_pending), IdOf(rani_pending)}),
      list("by code", "?q=" + rani_code, {IdOf(rani_pending)}),
      list("by code in lower case", "?q=" + lower_code, {IdOf(rani_pending)}),
      list("by name", "?q=Budi", {IdOf(budi_cancelled), IdOf(budi_rejected), IdOf(budi_pending)}),
      list("by part of a name, with a status", "?q=rani&status=paid", {IdOf(rani_free)}),
      list("by email", "?q=" + w.buyer.email, {IdOf(rani_free), IdOf(rani_pending)}),
      list("no match", "?q=nobody-here", {}),
      list("paged", "?limit=2&offset=1", {IdOf(rani_free), IdOf(budi_rejected)}),
      {"paged total", "GET", base + "?limit=2", "", w.staff.token, 200, {"\"total\":5", "\"limit\":2"}},
      {"the organizer", "GET", base, "", w.org.token, 200, {"\"total\":5"}},
      {"an admin", "GET", base, "", w.admin.token, 200, {"\"total\":5"}},
      {"unknown status", "GET", base + "?status=lost", "", w.staff.token, 400,
       {"validation_failed", "\"status\""}},
      {"awaiting_review not a boolean", "GET", base + "?awaiting_review=maybe", "", w.staff.token, 400,
       {"\"awaiting_review\""}},
      {"bad limit", "GET", base + "?limit=0", "", w.staff.token, 400, {"\"limit\""}},
      {"another organizer, published", "GET", base, "", w.other_org.token, 403, {"forbidden"}},
      {"another organizer, draft", "GET", EventPath(w.draft, "/orders"), "", w.other_org.token, 404,
       {"not_found"}},
      {"attendee", "GET", base, "", w.buyer.token, 403, {"forbidden"}},
      {"anonymous", "GET", base, "", "", 401},
      {"no such event", "GET", EventPath(999999, "/orders"), "", w.staff.token, 404},
  });
}

TEST_CASE("orders: the scheduler expires overdue orders and reminds exactly once") {
  TestServer s;
  Shop w = MakeShop(s, 5);
  REQUIRE(s.Patch("/api/v1/settings", {{"bank_instructions", "Mandiri 987"}}, w.admin.token).status == 200);
  const int64_t t0 = NowSeconds();
  const json a = MustOrder(s, w.buyer, w.event, w.paid, 3);    // expires t0 + 72 h
  const json paid = MustConfirm(s, w.staff, IdOf(MustOrder(s, w.other, w.event, w.paid, 1)));
  (void)paid;
  // Nothing is due yet.
  CHECK(orders::SendReminders(s.app(), t0) == 0);
  CHECK(orders::ExpireOverdue(s.app(), t0) == 0);
  // 24 h before the deadline: one reminder, never two.
  CHECK(orders::SendReminders(s.app(), t0 + 49 * 3600) == 1);
  CHECK(orders::SendReminders(s.app(), t0 + 50 * 3600) == 0);
  CHECK(orders::SendReminders(s.app(), t0 + 71 * 3600) == 0);
  auto reminders = s.Mails("payment_reminder", w.buyer.email);
  REQUIRE(reminders.size() == 1);
  CHECK(reminders[0]["order_code"] == a["code"]);
  CHECK(reminders[0]["bank_instructions"] == "Mandiri 987");
  CHECK(reminders[0]["expires_at"] == a["expires_at"]);
  CHECK(reminders[0]["amount"] == "Rp 450.000");
  CHECK(s.Mails("payment_reminder", w.other.email).empty());  // paid orders are not reminded
  // Just before the deadline it stands; after it, it expires, releasing the quota.
  CHECK(orders::ExpireOverdue(s.app(), t0 + 72 * 3600 - 5) == 0);
  CHECK(TypeCounts(s, w.paid).pending == 3);
  CHECK(orders::ExpireOverdue(s.app(), t0 + 72 * 3600 + 5) == 1);
  CHECK(OrderStatusIn(s, IdOf(a)) == "expired");
  CHECK(TypeCounts(s, w.paid).pending == 0);
  CHECK(TypeCounts(s, w.paid).sold == 1);
  auto expired = s.Mails("order_expired", w.buyer.email);
  REQUIRE(expired.size() == 1);
  CHECK(expired[0]["order_code"] == a["code"]);
  CHECK(orders::ExpireOverdue(s.app(), t0 + 100 * 86400) == 0);
  CHECK(orders::SendReminders(s.app(), t0 + 100 * 86400) == 0);
  CHECK(s.Mails("order_expired", w.other.email).empty());
  // The released units sell again.
  CHECK(MustOrder(s, w.admin, w.event, w.paid, 4)["status"] == "pending");
}

TEST_CASE("orders: an overdue order is expired on the spot when its units are needed") {
  TestServer s;
  Shop w = MakeShop(s, 2);
  const json a = MustOrder(s, w.buyer, w.event, w.paid, 2);
  // Its deadline passed, but the scheduler has not run yet.
  s.app().db().Write([&](storage::Conn& c) {
    storage::Exec(c, "UPDATE orders SET expires_at = ? WHERE id = ?", FormatRfc3339(NowSeconds() - 60), IdOf(a));
    return true;
  });
  CHECK(MustOrder(s, w.other, w.event, w.paid, 2)["status"] == "pending");
  CHECK(OrderStatusIn(s, IdOf(a)) == "expired");
  CHECK(s.Mails("order_expired", w.buyer.email).size() == 1);
  CHECK(TypeCounts(s, w.paid).pending == 2);
}

TEST_CASE("orders: the background scheduler runs ExpireOverdue on its own") {
  TestServer s;
  Shop w = MakeShop(s);
  const json a = MustOrder(s, w.buyer, w.event, w.paid, 1);
  s.app().db().Write([&](storage::Conn& c) {
    storage::Exec(c, "UPDATE orders SET expires_at = ? WHERE id = ?", FormatRfc3339(NowSeconds() - 60), IdOf(a));
    return true;
  });
  OrderScheduler scheduler(s.app(), std::chrono::seconds(1));
  scheduler.Start();
  for (int i = 0; i < 100 && OrderStatusIn(s, IdOf(a)) != "expired"; ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  scheduler.Stop();
  CHECK(OrderStatusIn(s, IdOf(a)) == "expired");
  CHECK(s.Mails("order_expired", w.buyer.email).size() == 1);
}

TEST_CASE("orders: the state machine, end to end") {
  TestServer s;
  Shop w = MakeShop(s);
  auto status = [&](int64_t id) { return s.Get(OrderPath(id), w.buyer.token).Json()["status"]; };
  // pending → paid → refunded
  const int64_t a = IdOf(MustOrder(s, w.buyer, w.event, w.paid, 1));
  CHECK(status(a) == "pending");
  MustConfirm(s, w.staff, a);
  CHECK(status(a) == "paid");
  REQUIRE(s.Post(OrderPath(a, "/refund"), json::object(), w.org.token).status == 200);
  CHECK(status(a) == "refunded");
  // refunded is final.
  CHECK(s.Post(OrderPath(a, "/confirm-payment"), json::object(), w.staff.token).Json()["code"] ==
        "order_not_pending");
  CHECK(s.Post(OrderPath(a, "/cancel"), json::object(), w.staff.token).Json()["code"] == "order_not_pending");
  CHECK(s.Post(OrderPath(a, "/refund"), json::object(), w.admin.token).Json()["code"] == "order_not_paid");
  // pending → cancelled, final.
  const int64_t b = IdOf(MustOrder(s, w.buyer, w.event, w.paid, 1));
  REQUIRE(s.Post(OrderPath(b, "/cancel"), json::object(), w.buyer.token).status == 200);
  CHECK(status(b) == "cancelled");
  CHECK(s.Post(OrderPath(b, "/refund"), json::object(), w.admin.token).Json()["code"] == "order_not_paid");
  CHECK(s.Post(OrderPath(b, "/confirm-payment"), json::object(), w.staff.token).status == 409);
  // pending → expired → paid (late)
  const int64_t c = IdOf(MustOrder(s, w.buyer, w.event, w.paid, 1));
  orders::ExpireOverdue(s.app(), NowSeconds() + 100 * 86400);
  CHECK(status(c) == "expired");
  CHECK(s.Post(OrderPath(c, "/refund"), json::object(), w.admin.token).Json()["code"] == "order_not_paid");
  MustConfirm(s, w.staff, c);
  CHECK(status(c) == "paid");
  CHECK(s.Get(OrderPath(c), w.buyer.token).Json()["closed_at"].is_null());
  CHECK(TypeCounts(s, w.paid).sold == 1);
  CHECK(TypeCounts(s, w.paid).pending == 0);
}
