// SPEC §10 and §15: a session's capacity holds under any concurrency, and its waitlist keeps
// the order of arrival. 100 attendees with tickets register for a 10-seat workshop at once over
// real HTTP, each from its own thread and client.
#include <doctest/doctest.h>

#include <algorithm>
#include <latch>
#include <map>
#include <thread>
#include <vector>

#include "tests/web/session_fixture.h"

using namespace lanyard;
using namespace lanyard::testing;
using nlohmann::json;

namespace {

constexpr int kAttendees = 100;
constexpr int kSeats = 10;

struct Answer {
  int status = 0;
  json body;
};

// Every attendee POSTs the registration from its own thread and client, all at one latch.
std::vector<Answer> RegisterTogether(TestServer& s, const std::string& path,
                                     const std::vector<TestUser>& users) {
  std::vector<Answer> answers(users.size());
  std::latch start(static_cast<std::ptrdiff_t>(users.size() + 1));
  std::vector<std::thread> threads;
  for (size_t i = 0; i < users.size(); ++i) {
    threads.emplace_back([&, i] {
      httplib::Client client("127.0.0.1", s.port());
      client.set_connection_timeout(30);
      client.set_read_timeout(120);
      client.set_write_timeout(120);
      httplib::Headers headers = {{"Authorization", "Bearer " + users[i].token}};
      start.arrive_and_wait();
      auto r = client.Post(path, headers, "{}", "application/json");
      if (r) answers[i] = {r->status, json::parse(r->body, nullptr, false)};
    });
  }
  start.arrive_and_wait();
  for (auto& t : threads) t.join();
  return answers;
}

}  // namespace

TEST_CASE("100 concurrent registrations for a 10-seat workshop: 10 seats, 90 waiting in order") {
  TestServer s;
  Programme p = MakeProgramme(s);
  const int64_t id = AddSession(s, p, SessionBody("Soldering 101", kSeats));
  std::vector<TestUser> users;
  for (int i = 0; i < kAttendees; ++i) users.push_back(Attendee(s, p, nullptr, "Person " + std::to_string(i)));

  const auto answers = RegisterTogether(s, SessionPath(id, "/registrations"), users);
  int registered = 0, waitlisted = 0;
  std::map<int64_t, size_t> by_position;  // waitlist position → attendee index
  for (size_t i = 0; i < answers.size(); ++i) {
    INFO("attendee ", i, ": ", answers[i].body.dump());
    REQUIRE(answers[i].status == 201);
    const std::string status = answers[i].body["status"];
    if (status == "registered") {
      ++registered;
      CHECK(answers[i].body["position"].is_null());
    } else {
      REQUIRE(status == "waitlisted");
      ++waitlisted;
      by_position[answers[i].body["position"].get<int64_t>()] = i;
    }
  }
  MESSAGE("registered ", registered, ", waitlisted ", waitlisted);
  CHECK(registered == kSeats);
  CHECK(waitlisted == kAttendees - kSeats);
  // Every waitlist place 1..90 handed out exactly once.
  REQUIRE(by_position.size() == static_cast<size_t>(kAttendees - kSeats));
  CHECK(by_position.begin()->first == 1);
  CHECK(by_position.rbegin()->first == kAttendees - kSeats);

  // The database agrees: the counter, the rows, and arrival order (row ids) — every seat was
  // taken before anyone was put on the waitlist, and each reply's place is its row's place.
  Reply session = s.Get(SessionPath(id));
  CHECK(session.Json()["registered"] == kSeats);
  CHECK(session.Json()["waitlisted"] == kAttendees - kSeats);
  CHECK(CountWhere(s, id, "registered") == kSeats);
  const int64_t last_seat = storage::ScalarInt(s.app().db().Reader(),
                                               "SELECT MAX(id) FROM session_registrations WHERE "
                                               "session_id = ? AND status = 'registered'", id).value_or(0);
  const int64_t first_wait = storage::ScalarInt(s.app().db().Reader(),
                                                "SELECT MIN(id) FROM session_registrations WHERE "
                                                "session_id = ? AND status = 'waitlisted'", id).value_or(0);
  CHECK(last_seat < first_wait);
  Reply list = s.Get(SessionPath(id, "/registrations?limit=100"), p.organizer.token);
  REQUIRE(list.status == 200);
  const auto listed = list.Json();  // the loop below must not outlive it
  for (const auto& item : listed["items"]) {
    if (item["status"] != "waitlisted") continue;
    const size_t who = by_position.at(item["position"].get<int64_t>());
    CHECK(item["user_id"] == users[who].id);
  }

  // Seats freed one by one go to the waitlist in that same order, each mailed.
  std::vector<size_t> holders;
  for (size_t i = 0; i < answers.size(); ++i) {
    if (answers[i].body["status"] == "registered") holders.push_back(i);
  }
  for (int k = 0; k < 3; ++k) {
    REQUIRE(s.Call("DELETE", SessionPath(id, "/registrations/me"), "", users[holders[k]].token).status == 204);
    const TestUser& promoted = users[by_position.at(k + 1)];
    CHECK(s.Mails("session_waitlist_promoted", promoted.email).size() == 1);
    Reply mine = s.Get(SessionPath(id), promoted.token);
    CHECK(mine.Json()["my"]["status"] == "registered");
  }
  CHECK(CountWhere(s, id, "registered") == kSeats);
  CHECK(s.Mails("session_waitlist_promoted", users[by_position.at(4)].email).empty());
}
