// SPEC §7: two scans of one ticket at once — exactly one is ok, whatever the concurrency, and
// every scan is logged. Real HTTP, one client connection per thread.
#include <doctest/doctest.h>

#include <atomic>
#include <thread>
#include <vector>

#include "tests/support/test_server.h"
#include "tests/web/ticket_fixture.h"

using namespace lanyard;
using namespace lanyard::testing;
using nlohmann::json;

namespace {

struct Outcome {
  int ok = 0;
  int already = 0;
  int other = 0;
  std::vector<std::string> first_checked_in_at;
};

Outcome ScanAtOnce(TestServer& s, const std::string& token, const std::string& code,
                   int64_t event_id, int n) {
  std::vector<Reply> replies(n);
  std::atomic<int> ready{0};
  std::atomic<bool> go{false};
  std::vector<std::thread> threads;
  const std::string body = json{{"code", code}, {"event_id", event_id}}.dump();
  for (int i = 0; i < n; ++i) {
    threads.emplace_back([&, i] {
      httplib::Client client("127.0.0.1", s.port());
      client.set_read_timeout(30);
      httplib::Headers h = {{"Authorization", "Bearer " + token}};
      // Every thread waits at the gate, so the requests leave together. (Connections are not
      // opened early: the server's pool (32 threads in tests) would hold idle ones.)
      ++ready;
      while (!go.load()) std::this_thread::yield();
      auto r = client.Post("/api/v1/checkin", h, body, "application/json");
      if (r) replies[i] = Reply{r->status, r->body, r->headers};
    });
  }
  while (ready.load() < n) std::this_thread::yield();
  go = true;
  for (auto& t : threads) t.join();
  Outcome out;
  for (const Reply& r : replies) {
    json j = r.Json();
    if (r.status == 200 && j["result"] == "ok") {
      ++out.ok;
    } else if (r.status == 409 && j["code"] == "already_checked_in") {
      ++out.already;
      out.first_checked_in_at.push_back(j.value("first_checked_in_at", ""));
    } else {
      ++out.other;
      INFO("unexpected reply ", r.status, " ", r.body);
      CHECK(false);
    }
  }
  return out;
}

void CheckExactlyOne(TestServer& s, const TestUser& staff, int n) {
  TestUser org = s.MakeUser("organizer");
  TestUser holder = s.MakeUser("attendee");
  const int64_t event = MakeEvent(s, org.id, "published");
  auto ticket = MakeTickets(s, event, MakeTicketType(s, event), holder.id)[0];
  Outcome o = ScanAtOnce(s, staff.token, ticket.code, event, n);
  CHECK(o.ok == 1);
  CHECK(o.already == n - 1);
  CHECK(o.other == 0);
  // Every refusal names the one accepted check-in time.
  storage::Query q(s.app().db().Reader(), "SELECT checked_in_at FROM tickets WHERE id = ?",
                   ticket.id);
  REQUIRE(q.Next());
  const std::string at = q.Text(0);
  for (const auto& first : o.first_checked_in_at) CHECK(first == at);
  CHECK(CountScans(s, ticket.id) == n);
  CHECK(CountScans(s, ticket.id, "ok") == 1);
  CHECK(CountScans(s, ticket.id, "already_checked_in") == n - 1);
}

}  // namespace

TEST_CASE("checkin concurrency: two scans of one ticket at once") {
  TestServer s;
  TestUser staff = s.MakeUser("staff");
  for (int round = 0; round < 5; ++round) CheckExactlyOne(s, staff, 2);
}

TEST_CASE("checkin concurrency: fifty scans of one ticket at once") {
  TestServer s;
  TestUser staff = s.MakeUser("staff");
  CheckExactlyOne(s, staff, 50);
}

TEST_CASE("checkin concurrency: many tickets scanned together all get in once") {
  TestServer s;
  TestUser staff = s.MakeUser("staff");
  TestUser org = s.MakeUser("organizer");
  TestUser holder = s.MakeUser("attendee");
  const int64_t event = MakeEvent(s, org.id, "published");
  auto tickets = MakeTickets(s, event, MakeTicketType(s, event), holder.id, 40);
  std::vector<int> statuses(tickets.size() * 2);
  std::vector<std::thread> threads;
  for (size_t i = 0; i < statuses.size(); ++i) {
    threads.emplace_back([&, i] {
      httplib::Client client("127.0.0.1", s.port());
      const std::string body = json{{"code", tickets[i / 2].code}}.dump();
      auto r = client.Post("/api/v1/checkin", {{"Authorization", "Bearer " + staff.token}}, body,
                           "application/json");
      statuses[i] = r ? r->status : 0;
    });
  }
  for (auto& t : threads) t.join();
  int ok = 0, already = 0;
  for (int st : statuses) {
    if (st == 200) ++ok;
    if (st == 409) ++already;
  }
  CHECK(ok == 40);
  CHECK(already == 40);
  CHECK(CountScansWithResult(s, "ok") == 40);
  auto counts = storage::ScalarInt(s.app().db().Reader(),
                                   "SELECT COUNT(*) FROM tickets WHERE checked_in_at IS NOT NULL");
  CHECK(counts.value_or(0) == 40);
}
