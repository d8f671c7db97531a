// SPEC §6 and §15: the quota holds under any concurrency. Hundreds of POST /orders leave
// together over real HTTP, from many threads and many users, each thread with its own client;
// every reply must be 201 or 409 sold_out, and the accepted units must equal the quota exactly
// — in the replies, in the orders and in the ticket type's counters.
#include <doctest/doctest.h>

#include <latch>
#include <map>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "core/orders/orders.h"
#include "core/common/time_util.h"
#include "storage/query.h"
#include "tests/support/test_server.h"

using namespace lanyard;
using namespace lanyard::testing;
using nlohmann::json;

namespace {

constexpr int kUsers = 64;
constexpr int kRequests = 320;

struct Fixture {
  TestUser org;
  std::vector<TestUser> buyers;
  int64_t event = 0;
};

Fixture MakeFixture(TestServer& s) {
  Fixture f;
  f.org = s.MakeUser("organizer");
  for (int i = 0; i < kUsers; ++i) f.buyers.push_back(s.MakeUser("attendee", "Buyer " + std::to_string(i)));
  const int64_t start = NowSeconds() + 30 * 86400;
  Reply r = s.Post("/api/v1/events",
                   {{"title", "Rush Hour"}, {"starts_at", FormatRfc3339(start)},
                    {"ends_at", FormatRfc3339(start + 3600)}},
                   f.org.token);
  REQUIRE(r.status == 201);
  f.event = r.Json()["id"].get<int64_t>();
  REQUIRE(s.Post("/api/v1/events/" + std::to_string(f.event) + "/submit", json::object(), f.org.token).status ==
          200);
  return f;
}

int64_t AddType(TestServer& s, const Fixture& f, const json& body) {
  Reply r = s.Post("/api/v1/events/" + std::to_string(f.event) + "/ticket-types", body, f.org.token);
  REQUIRE_MESSAGE(r.status == 201, r.body);
  return r.Json()["id"].get<int64_t>();
}

struct Outcome {
  int created = 0;
  int sold_out = 0;
  int64_t units = 0;
  std::set<int64_t> order_ids;
  std::set<std::string> codes;
  std::map<std::string, int> unexpected;  // "status code" → count
};

struct Request {
  std::string path;
  std::string body;
  std::string token;
  std::string idempotency_key;
};
struct Answer {
  int status = 0;
  json body;
  std::string raw;
};

// POSTs every request from its own thread and client; all threads wait at one latch and then
// send at once. (Connections open after the latch: idle open ones would hold the server's pool.)
std::vector<Answer> Together(TestServer& s, const std::vector<Request>& requests) {
  const size_t n = requests.size();
  std::vector<Answer> answers(n);
  std::latch start(static_cast<std::ptrdiff_t>(n + 1));
  std::vector<std::thread> threads;
  threads.reserve(n);
  for (size_t i = 0; i < n; ++i) {
    threads.emplace_back([&, i] {
      httplib::Client client("127.0.0.1", s.port());
      client.set_connection_timeout(30);
      client.set_read_timeout(120);
      client.set_write_timeout(120);
      httplib::Headers headers = {{"Authorization", "Bearer " + requests[i].token}};
      if (!requests[i].idempotency_key.empty()) headers.emplace("Idempotency-Key", requests[i].idempotency_key);
      start.arrive_and_wait();
      auto r = client.Post(requests[i].path, headers, requests[i].body, "application/json");
      if (r) answers[i] = {r->status, json::parse(r->body, nullptr, false), r->body};
    });
  }
  start.arrive_and_wait();
  for (auto& t : threads) t.join();
  return answers;
}

std::string OrderBody(int64_t event, int64_t type, int quantity) {
  return json{{"event_id", event}, {"items", {{{"ticket_type_id", type}, {"quantity", quantity}}}}}.dump();
}

// `n` orders of `quantity` units, from as many threads, the users taken in turn.
Outcome Rush(TestServer& s, const Fixture& f, int64_t type, int quantity, int n) {
  std::vector<Request> requests;
  for (int i = 0; i < n; ++i) {
    requests.push_back({"/api/v1/orders", OrderBody(f.event, type, quantity), f.buyers[i % f.buyers.size()].token, ""});
  }
  Outcome out;
  for (const Answer& a : Together(s, requests)) {
    const json& j = a.body;
    if (a.status == 201 && j.is_object()) {
      ++out.created;
      for (const auto& item : j["items"]) out.units += item["quantity"].get<int64_t>();
      out.order_ids.insert(j["id"].get<int64_t>());
      out.codes.insert(j["code"].get<std::string>());
    } else if (a.status == 409 && j.is_object() && j["code"] == "sold_out") {
      ++out.sold_out;
    } else {
      const std::string key = std::to_string(a.status) + " " + (j.is_object() ? j.value("code", "?") : a.raw);
      ++out.unexpected[key];
    }
  }
  return out;
}

// Units held by live (pending or paid) orders of the type, from the order rows themselves.
int64_t UnitsInOrders(TestServer& s, int64_t type) {
  return storage::ScalarInt(s.app().db().Reader(),
                            "SELECT COALESCE(SUM(i.quantity), 0) FROM order_items i JOIN orders o "
                            "ON o.id = i.order_id WHERE i.ticket_type_id = ? AND o.status IN ('pending', 'paid')",
                            type)
      .value_or(-1);
}

int64_t Counters(TestServer& s, int64_t type) {
  return storage::ScalarInt(s.app().db().Reader(), "SELECT sold + pending FROM ticket_types WHERE id = ?", type)
      .value_or(-1);
}

// The checks every run shares; `expected_units` is what the quota lets orders of this size take.
void CheckRun(TestServer& s, const Outcome& o, int64_t type, int64_t quota, int64_t expected_units, int quantity,
              const char* label) {
  for (const auto& entry : o.unexpected) {
    const auto& what = entry.first;
    const auto count = entry.second;
    INFO("unexpected reply: ", what, " x", count);
    CHECK(false);
  }
  const int64_t in_orders = UnitsInOrders(s, type);
  const int64_t counters = Counters(s, type);
  const int64_t oversell = std::max<int64_t>({0, o.units - quota, in_orders - quota, counters - quota});
  MESSAGE(std::string(label), ": ", kRequests, " concurrent POST /orders of ", quantity, " unit(s) against quota ", quota,
          " -> ", o.created, " created (", o.units, " units), ", o.sold_out, " sold_out, ",
          o.unexpected.size(), " other; units in orders ", in_orders, ", sold+pending ", counters,
          "; oversell = ", oversell);
  CHECK(oversell == 0);
  CHECK(o.unexpected.empty());
  CHECK(o.created + o.sold_out == kRequests);
  CHECK(o.units == expected_units);
  CHECK(in_orders == expected_units);
  CHECK(counters == expected_units);
  CHECK(o.order_ids.size() == static_cast<size_t>(o.created));
  CHECK(o.codes.size() == static_cast<size_t>(o.created));
  // The rows agree with the replies: exactly these orders exist for the type.
  CHECK(storage::ScalarInt(s.app().db().Reader(),
                           "SELECT COUNT(DISTINCT order_id) FROM order_items WHERE ticket_type_id = ?", type)
            .value_or(-1) == o.created);
}

}  // namespace

TEST_CASE("orders concurrency: 320 buyers at once never oversell a paid quota of 50") {
  TestServer s;
  Fixture f = MakeFixture(s);
  const int64_t type = AddType(s, f, {{"name", "Early bird"}, {"kind", "paid"}, {"price", 150000}, {"quota", 50}});
  Outcome o = Rush(s, f, type, 1, kRequests);
  CheckRun(s, o, type, 50, 50, 1, "paid, quota 50");
  CHECK(o.created == 50);
  CHECK(storage::ScalarInt(s.app().db().Reader(), "SELECT pending FROM ticket_types WHERE id = ?", type) == 50);
  // Sold out stays sold out.
  Reply late = s.Post("/api/v1/orders",
                      {{"event_id", f.event}, {"items", {{{"ticket_type_id", type}, {"quantity", 1}}}}},
                      f.buyers[0].token);
  CHECK(late.status == 409);
  CHECK(late.Json()["code"] == "sold_out");
}

TEST_CASE("orders concurrency: orders of two units against an odd quota of 7") {
  TestServer s;
  Fixture f = MakeFixture(s);
  const int64_t type = AddType(s, f, {{"name", "Pairs"}, {"kind", "paid"}, {"price", 50000}, {"quota", 7}});
  Outcome o = Rush(s, f, type, 2, kRequests);
  // Three orders of two fit; the seventh unit cannot be taken by an order of two...
  CheckRun(s, o, type, 7, 6, 2, "paid, quota 7, 2 per order");
  CHECK(o.created == 3);
  // ...but an order of one takes it, and then nothing is left.
  Reply one = s.Post("/api/v1/orders",
                     {{"event_id", f.event}, {"items", {{{"ticket_type_id", type}, {"quantity", 1}}}}},
                     f.buyers[1].token);
  CHECK(one.status == 201);
  Reply none = s.Post("/api/v1/orders",
                      {{"event_id", f.event}, {"items", {{{"ticket_type_id", type}, {"quantity", 1}}}}},
                      f.buyers[2].token);
  CHECK(none.Json()["code"] == "sold_out");
  CHECK(Counters(s, type) == 7);
  CHECK(UnitsInOrders(s, type) == 7);
}

TEST_CASE("orders concurrency: free tickets issued at once never exceed the quota") {
  TestServer s;
  Fixture f = MakeFixture(s);
  const int64_t type = AddType(s, f, {{"name", "Community"}, {"kind", "free"}, {"quota", 40}});
  Outcome o = Rush(s, f, type, 1, kRequests);
  CheckRun(s, o, type, 40, 40, 1, "free, quota 40");
  const int64_t tickets = storage::ScalarInt(s.app().db().Reader(),
                                             "SELECT COUNT(*) FROM tickets WHERE ticket_type_id = ? AND status = 'valid'",
                                             type)
                              .value_or(-1);
  MESSAGE("free, quota 40: tickets issued = ", tickets);
  CHECK(tickets == 40);
  CHECK(storage::ScalarInt(s.app().db().Reader(), "SELECT sold FROM ticket_types WHERE id = ?", type) == 40);
  CHECK(storage::ScalarInt(s.app().db().Reader(),
                           "SELECT COUNT(*) FROM orders WHERE status = 'paid' AND event_id = ?", f.event) == 40);
  CHECK(storage::ScalarInt(s.app().db().Reader(), "SELECT COUNT(*) FROM mail_outbox WHERE kind = 'tickets'") == 40);
}

TEST_CASE("orders concurrency: two types of one event raced together keep both quotas") {
  TestServer s;
  Fixture f = MakeFixture(s);
  const int64_t a = AddType(s, f, {{"name", "A"}, {"kind", "paid"}, {"price", 10000}, {"quota", 20}});
  const int64_t b = AddType(s, f, {{"name", "B"}, {"kind", "free"}, {"quota", 15}});
  Outcome oa, ob;
  std::thread ta([&] { oa = Rush(s, f, a, 1, kRequests); });
  std::thread tb([&] { ob = Rush(s, f, b, 1, kRequests); });
  ta.join();
  tb.join();
  CheckRun(s, oa, a, 20, 20, 1, "type A of two, quota 20");
  CheckRun(s, ob, b, 15, 15, 1, "type B of two, quota 15");
}

TEST_CASE("orders concurrency: one Idempotency-Key sent 40 times at once makes one order") {
  TestServer s;
  Fixture f = MakeFixture(s);
  const int64_t type = AddType(s, f, {{"name", "Regular"}, {"kind", "paid"}, {"price", 100000}, {"quota", 100}});
  std::vector<Request> requests(40, Request{"/api/v1/orders", OrderBody(f.event, type, 2), f.buyers[0].token,
                                            "double-click-7f3a"});
  std::set<std::string> bodies;
  int created = 0;
  for (const Answer& a : Together(s, requests)) {
    if (a.status == 201) ++created;
    bodies.insert(a.raw);
  }
  CHECK(created == 40);
  CHECK(bodies.size() == 1);  // every reply is the first one
  CHECK(storage::ScalarInt(s.app().db().Reader(), "SELECT COUNT(*) FROM orders WHERE user_id = ?", f.buyers[0].id) ==
        1);
  CHECK(Counters(s, type) == 2);
}

TEST_CASE("orders concurrency: late confirmations of expired orders race new orders for the last units") {
  TestServer s;
  Fixture f = MakeFixture(s);
  TestUser staff = s.MakeUser("staff");
  const int64_t type = AddType(s, f, {{"name", "Regular"}, {"kind", "paid"}, {"price", 100000}, {"quota", 10}});
  std::vector<int64_t> expired;
  for (int i = 0; i < 10; ++i) {
    Reply r = s.Call("POST", "/api/v1/orders", OrderBody(f.event, type, 1), f.buyers[i].token);
    REQUIRE(r.status == 201);
    expired.push_back(r.Json()["id"].get<int64_t>());
  }
  REQUIRE(orders::ExpireOverdue(s.app(), NowSeconds() + 100 * 86400) == 10);
  REQUIRE(Counters(s, type) == 0);
  // Ten late confirmations and sixty new orders leave together.
  std::vector<Request> requests;
  for (int64_t id : expired) {
    requests.push_back({"/api/v1/orders/" + std::to_string(id) + "/confirm-payment", "{}", staff.token, ""});
  }
  for (int i = 0; i < 60; ++i) {
    requests.push_back({"/api/v1/orders", OrderBody(f.event, type, 1), f.buyers[10 + i % 50].token, ""});
  }
  int confirmed = 0, created = 0, sold_out = 0, other = 0;
  for (const Answer& a : Together(s, requests)) {
    if (a.status == 200) ++confirmed;
    else if (a.status == 201) ++created;
    else if (a.status == 409 && a.body.is_object() && a.body["code"] == "sold_out") ++sold_out;
    else {
      ++other;
      INFO("unexpected ", a.status, " ", a.raw);
      CHECK(false);
    }
  }
  MESSAGE("late confirmations vs new orders, quota 10: ", confirmed, " confirmed, ", created, " created, ",
          sold_out, " sold_out, ", other, " other; oversell = ", std::max(0, confirmed + created - 10));
  CHECK(confirmed + created == 10);
  CHECK(sold_out == 60);
  CHECK(Counters(s, type) == 10);
  CHECK(UnitsInOrders(s, type) == 10);
  CHECK(storage::ScalarInt(s.app().db().Reader(), "SELECT sold FROM ticket_types WHERE id = ?", type) == confirmed);
  CHECK(storage::ScalarInt(s.app().db().Reader(),
                           "SELECT COUNT(*) FROM tickets WHERE ticket_type_id = ? AND status = 'valid'", type) ==
        confirmed);
}

TEST_CASE("orders concurrency: confirm and cancel of one order at once, exactly one wins") {
  TestServer s;
  Fixture f = MakeFixture(s);
  TestUser staff = s.MakeUser("staff");
  const int64_t type = AddType(s, f, {{"name", "Regular"}, {"kind", "paid"}, {"price", 100000}, {"quota", 100}});
  std::vector<Request> requests;
  std::vector<int64_t> ids;
  for (int i = 0; i < 30; ++i) {
    Reply r = s.Call("POST", "/api/v1/orders", OrderBody(f.event, type, 2), f.buyers[i].token);
    REQUIRE(r.status == 201);
    const int64_t id = r.Json()["id"].get<int64_t>();
    ids.push_back(id);
    const std::string base = "/api/v1/orders/" + std::to_string(id);
    requests.push_back({base + "/confirm-payment", "{}", staff.token, ""});
    requests.push_back({base + "/cancel", "{}", f.buyers[i].token, ""});
  }
  std::vector<Answer> answers = Together(s, requests);
  int paid = 0, cancelled = 0;
  for (size_t i = 0; i < ids.size(); ++i) {
    const Answer& confirm = answers[2 * i];
    const Answer& cancel = answers[2 * i + 1];
    INFO("order ", ids[i], ": confirm ", confirm.status, ", cancel ", cancel.status);
    CHECK((confirm.status == 200) != (cancel.status == 200));  // exactly one wins
    const Answer& loser = confirm.status == 200 ? cancel : confirm;
    CHECK(loser.status == 409);
    CHECK(loser.body["code"] == "order_not_pending");
    if (confirm.status == 200) ++paid;
    if (cancel.status == 200) ++cancelled;
  }
  MESSAGE("confirm vs cancel on 30 orders: ", paid, " paid, ", cancelled, " cancelled");
  CHECK(paid + cancelled == 30);
  CHECK(storage::ScalarInt(s.app().db().Reader(), "SELECT sold FROM ticket_types WHERE id = ?", type) == 2 * paid);
  CHECK(storage::ScalarInt(s.app().db().Reader(), "SELECT pending FROM ticket_types WHERE id = ?", type) == 0);
  CHECK(storage::ScalarInt(s.app().db().Reader(), "SELECT COUNT(*) FROM tickets WHERE ticket_type_id = ?", type) ==
        2 * paid);
}
