// SPEC §10: speaker nominations and votes — every route, its errors, the roles it refuses,
// and one vote per voter under concurrency over real HTTP.
#include <doctest/doctest.h>

#include <atomic>
#include <map>
#include <random>
#include <thread>

#include "core/common/time_util.h"
#include "storage/query.h"
#include "tests/support/test_server.h"
#include "tests/web/ticket_fixture.h"

using namespace lanyard;
using namespace lanyard::testing;
using nlohmann::json;

namespace {

std::string Nom(int64_t id, const std::string& rest = "") {
  return "/api/v1/nominations/" + std::to_string(id) + rest;
}
std::string At(int64_t offset_seconds) { return FormatRfc3339(NowSeconds() + offset_seconds); }

// Nominations and voting open now (or voting closed an hour ago when `voting_closed`).
void OpenWindows(TestServer& s, const TestUser& owner, int64_t event_id, bool voting_closed = false,
                 const std::string& voters = "ticket_holders") {
  json body = {{"nominations_open", At(-3600)}, {"nominations_close", At(3600)},
               {"voting_open", At(-7200)}, {"voting_close", voting_closed ? At(-3600) : At(3600)},
               {"voters", voters}};
  Reply r = s.Call("PUT", EventPath(event_id, "/nomination-settings"), body.dump(), owner.token);
  REQUIRE_MESSAGE(r.status == 200, r.body);
}

int64_t Nominate(TestServer& s, const TestUser& who, int64_t event_id, const json& body) {
  Reply r = s.Post(EventPath(event_id, "/nominations"), body, who.token);
  REQUIRE_MESSAGE(r.status == 201, r.body);
  return r.Json()["id"].get<int64_t>();
}

json Talk(const std::string& title, const std::string& email = "", const std::string& name = "") {
  json b = {{"talk_title", title}, {"abstract", "About " + title}};
  if (!email.empty()) b["nominee_email"] = email;
  if (!name.empty()) b["nominee_name"] = name;
  return b;
}

int64_t VotesFor(TestServer& s, int64_t nomination_id) {
  return storage::ScalarInt(s.app().db().Reader(),
                            "SELECT COUNT(*) FROM nomination_votes WHERE nomination_id = ?",
                            nomination_id)
      .value_or(-1);
}

}  // namespace

TEST_CASE("nominations: settings are the owner's, checked and public to read") {
  TestServer s;
  TestUser owner = s.MakeUser("organizer");
  TestUser other = s.MakeUser("organizer");
  TestUser attendee = s.MakeUser("attendee");
  TestUser admin = s.MakeUser("admin");
  const int64_t event = MakeEvent(s, owner.id, "published");
  const int64_t draft = MakeEvent(s, owner.id, "draft");
  const std::string path = EventPath(event, "/nomination-settings");
  const std::string good = json{{"nominations_open", At(-60)}, {"nominations_close", At(3600)},
                                {"voting_open", At(-60)}, {"voting_close", At(7200)}}.dump();
  RunScenarios(s, {
      {"anonymous reads the defaults", "GET", path, "", "", 200,
       {"\"voters\":\"ticket_holders\"", "\"nominations_are_open\":false", "\"voting_open\":null"}},
      {"draft event hidden", "GET", EventPath(draft, "/nomination-settings"), "", attendee.token, 404},
      {"anonymous may not change", "PUT", path, good, "", 401, {"unauthorized"}},
      {"attendee may not change", "PUT", path, good, attendee.token, 403, {"forbidden"}},
      {"another organizer may not change", "PUT", path, good, other.token, 403, {"forbidden"}},
      {"another organizer, draft is invisible", "PUT", EventPath(draft, "/nomination-settings"), good,
       other.token, 404, {"not_found"}},
      // Access is checked before the body: a refused caller never learns about its body.
      {"attendee with a malformed body: refused, not bad_request", "PUT", path, "{", attendee.token,
       403, {"forbidden"}, {"bad_request"}},
      {"another organizer with a wrong type: refused", "PUT", path, R"({"voting_open":5})",
       other.token, 403, {"forbidden"}},
      {"another organizer, malformed body on an invisible draft", "PUT",
       EventPath(draft, "/nomination-settings"), "{", other.token, 404, {"not_found"}},
      {"malformed JSON", "PUT", path, "{", owner.token, 400, {"bad_request"}},
      {"wrong type", "PUT", path, R"({"voting_open":5})", owner.token, 400, {"bad_request"}},
      {"bad timestamp and voters", "PUT", path, R"({"voting_open":"tomorrow","voters":"all"})",
       owner.token, 400, {"validation_failed", "\"voting_open\"", "\"voters\""}},
      {"close before open", "PUT", path,
       json{{"voting_open", At(100)}, {"voting_close", At(50)}}.dump(), owner.token, 400,
       {"validation_failed", "\"voting_close\""}},
      {"owner sets them", "PUT", path, good, owner.token, 200,
       {"\"nominations_are_open\":true", "\"voting_is_open\":true", "\"voting_closed\":false"}, {},
       nullptr,
       [](TestServer& srv, const Reply&) {
         CHECK(storage::ScalarInt(srv.app().db().Reader(),
                                  "SELECT COUNT(*) FROM audit_log WHERE action = 'nomination.settings'")
                   .value_or(0) == 1);
       }},
      {"admin sets voters users", "PUT", path,
       json{{"voting_open", At(-60)}, {"voting_close", At(60)}, {"voters", "users"}}.dump(),
       admin.token, 200, {"\"voters\":\"users\"", "\"nominations_are_open\":false"}},
  });
}

TEST_CASE("nominations: nominate someone, a talk proposal, the window and the mails") {
  TestServer s;
  TestUser owner = s.MakeUser("organizer");
  TestUser rani = s.MakeUser("attendee", "Rani Putri");
  TestUser budi = s.MakeUser("attendee", "Budi Santoso");
  const int64_t event = MakeEvent(s, owner.id, "published", "Nusantara Dev Days");
  const int64_t closed = MakeEvent(s, owner.id, "published");
  const int64_t draft = MakeEvent(s, owner.id, "draft");
  OpenWindows(s, owner, event);
  const std::string path = EventPath(event, "/nominations");
  RunScenarios(s, {
      {"anonymous", "POST", path, Talk("Offline first", "a@example.org", "A").dump(), "", 401},
      {"nominations not open", "POST", EventPath(closed, "/nominations"),
       Talk("Offline first", "a@example.org", "A").dump(), rani.token, 409, {"nominations_closed"}},
      {"draft event is invisible", "POST", EventPath(draft, "/nominations"),
       Talk("X", "a@example.org", "A").dump(), rani.token, 404, {"not_found"}},
      {"malformed JSON", "POST", path, "[", rani.token, 400, {"bad_request"}},
      {"wrong type", "POST", path, R"({"talk_title":1})", rani.token, 400, {"bad_request"}},
      {"nothing given", "POST", path, "{}", rani.token, 400,
       {"validation_failed", "\"talk_title\"", "\"nominee_email\"", "\"nominee_name\""}},
      {"control characters in the title", "POST", path,
       json{{"talk_title", "a\u0007b"}, {"nominee_email", "a@example.org"}, {"nominee_name", "A"}}.dump(),
       rani.token, 400, {"validation_failed", "\"talk_title\""}},
      {"unknown nominee account", "POST", path,
       json{{"talk_title", "T"}, {"nominee_user_id", 999999}}.dump(), rani.token, 400,
       {"validation_failed", "\"nominee_user_id\""}},
      {"someone without an account is mailed", "POST", path,
       Talk("Building for low bandwidth", "Dewi@Example.org ", "Dewi Lestari").dump(), rani.token, 201,
       {"\"nominee_response\":\"pending\"", "\"self_nomination\":false", "\"nominator_name\":\"Rani Putri\"",
        "\"nominee_email\":\"Dewi@Example.org\""},
       {},
       nullptr,
       [](TestServer& srv, const Reply&) {
         auto mails = srv.Mails("nomination_received", "Dewi@Example.org");
         REQUIRE(mails.size() == 1);
         CHECK(mails[0]["nominator_name"] == "Rani Putri");
         CHECK(mails[0]["respond_url"].get<std::string>().find("/nominations/respond/") != std::string::npos);
         CHECK(mails[0]["event_title"] == "Nusantara Dev Days");
       }},
      {"the same talk for the same person again", "POST", path,
       Talk("building for LOW bandwidth", "dewi@example.org", "Dewi").dump(), budi.token, 409,
       {"already_nominated"}},
      {"a user by id takes the account's name", "POST", path,
       json{{"talk_title", "Kotlin at scale"}, {"nominee_user_id", budi.id}}.dump(), rani.token, 201,
       {"\"nominee_name\":\"Budi Santoso\"", "\"nominee_user_id\":" + std::to_string(budi.id)}},
      {"self-nomination is a talk proposal", "POST", path,
       json{{"talk_title", "My own talk"}, {"abstract", "Line one\nLine two"},
            {"nominee_email", rani.email}, {"nominee_name", "ignored"}}.dump(),
       rani.token, 201, {"\"self_nomination\":true", "\"nominee_response\":\"accepted\""}, {},
       nullptr,
       [&](TestServer& srv, const Reply&) {
         CHECK(srv.Mails("nomination_received", rani.email).empty());
       }},
  });

  // The public list: no addresses for strangers, no vote counts before voting closed.
  Reply list = s.Get(path);
  REQUIRE(list.status == 200);
  CHECK(list.Json()["total"] == 3);
  CHECK(list.body.find("nominee_email") == std::string::npos);
  CHECK(list.body.find("\"votes\":null") != std::string::npos);
  Reply owner_list = s.Get(path, owner.token);
  CHECK(owner_list.body.find("\"votes\":0") != std::string::npos);
  CHECK(owner_list.body.find("nominee_email") != std::string::npos);
}

TEST_CASE("nominations: the nominee accepts or declines, by link or signed in") {
  TestServer s;
  TestUser owner = s.MakeUser("organizer");
  TestUser rani = s.MakeUser("attendee", "Rani");
  TestUser budi = s.MakeUser("attendee", "Budi");
  const int64_t event = MakeEvent(s, owner.id, "published");
  OpenWindows(s, owner, event);
  const int64_t by_mail = Nominate(s, rani, event, Talk("Rust on phones", "sari@example.org", "Sari"));
  const int64_t for_budi = Nominate(s, rani, event, json{{"talk_title", "Go"}, {"nominee_user_id", budi.id}});
  const std::string url = s.Mails("nomination_received", "sari@example.org").at(0)["respond_url"];
  const std::string token = url.substr(url.rfind('/') + 1);
  const std::string link = "/api/v1/nomination-responses/" + token;
  RunScenarios(s, {
      {"the link describes the nomination", "GET", link, "", "", 200, {"Rust on phones", "\"event_title\""},
       {"sari@example.org"}},
      {"an unknown link", "GET", "/api/v1/nomination-responses/nope", "", "", 404},
      {"a bad answer", "POST", link, R"({"response":"maybe"})", "", 400, {"validation_failed"}},
      {"declined by link", "POST", link, R"({"response":"decline"})", "", 200,
       {"\"nominee_response\":\"declined\""}},
      {"a declined nomination leaves the public list", "GET", EventPath(event, "/nominations"), "", "", 200,
       {"\"total\":1"}, {"Rust on phones"}},
      {"accepted again by link", "POST", link, R"({"response":"accept"})", "", 200,
       {"\"nominee_response\":\"accepted\""}},
      {"someone else may not answer for Budi", "POST", Nom(for_budi, "/response"),
       R"({"response":"accept"})", rani.token, 403},
      {"Budi accepts signed in", "POST", Nom(for_budi, "/response"), R"({"response":"accept"})",
       budi.token, 200, {"\"nominee_response\":\"accepted\""}},
  });
  CHECK(by_mail > 0);
}

TEST_CASE("nominations: votes — one per voter, moved, withdrawn, windows and eligibility") {
  TestServer s;
  TestUser owner = s.MakeUser("organizer");
  TestUser holder = s.MakeUser("attendee", "Holder");
  TestUser two_tickets = s.MakeUser("attendee", "Two Tickets");
  TestUser no_ticket = s.MakeUser("attendee", "No Ticket");
  const int64_t event = MakeEvent(s, owner.id, "published");
  const int64_t type = MakeTicketType(s, event);
  MakeTickets(s, event, type, holder.id);
  MakeTickets(s, event, type, two_tickets.id, 2);
  OpenWindows(s, owner, event);
  const int64_t a = Nominate(s, holder, event, Talk("A talk", "a@example.org", "Ana"));
  const int64_t b = Nominate(s, holder, event, Talk("B talk", "b@example.org", "Bayu"));
  const int64_t closed_event = MakeEvent(s, owner.id, "published");
  OpenWindows(s, owner, closed_event, /*voting_closed=*/true);
  const int64_t c = Nominate(s, holder, closed_event, Talk("C talk", "c@example.org", "Cici"));

  RunScenarios(s, {
      {"anonymous", "POST", Nom(a, "/vote"), "", "", 401},
      {"unknown nomination", "POST", Nom(999999, "/vote"), "", holder.token, 404},
      {"no ticket, not eligible", "POST", Nom(a, "/vote"), "", no_ticket.token, 403, {"not_eligible"}},
      {"voting closed", "POST", Nom(c, "/vote"), "", holder.token, 409, {"voting_closed"}},
      {"a vote", "POST", Nom(a, "/vote"), "", holder.token, 200,
       {"\"nomination_id\":" + std::to_string(a), "\"previous_nomination_id\":null"}},
      {"voting again moves it", "POST", Nom(b, "/vote"), "", holder.token, 200,
       {"\"previous_nomination_id\":" + std::to_string(a)}, {}, nullptr,
       [&](TestServer& srv, const Reply&) {
         CHECK(VotesFor(srv, a) == 0);
         CHECK(VotesFor(srv, b) == 1);
       }},
      {"two tickets are one voter", "POST", Nom(b, "/vote"), "", two_tickets.token, 200},
      {"again, still one vote", "POST", Nom(b, "/vote"), "", two_tickets.token, 200, {}, {}, nullptr,
       [&](TestServer& srv, const Reply&) { CHECK(VotesFor(srv, b) == 2); }},
      {"the list shows the caller's choice", "GET", EventPath(event, "/nominations"), "", holder.token, 200,
       {"\"my_vote\":" + std::to_string(b), "\"mine\":true", "\"votes\":null"}},
      {"withdraw", "DELETE", EventPath(event, "/votes/me"), "", holder.token, 204, {}, {}, nullptr,
       [&](TestServer& srv, const Reply&) { CHECK(VotesFor(srv, b) == 1); }},
      {"withdraw twice", "DELETE", EventPath(event, "/votes/me"), "", holder.token, 404},
      {"withdraw after voting closed", "DELETE", EventPath(closed_event, "/votes/me"), "", holder.token, 409,
       {"voting_closed"}},
      {"results hidden from voters before closing", "GET", EventPath(event, "/nominations/results"), "",
       holder.token, 403, {"forbidden"}},
      {"results for the owner at any time", "GET", EventPath(event, "/nominations/results"), "", owner.token,
       200, {"\"total_votes\":1", "\"voting_closed\":false"}},
      {"results public after closing", "GET", EventPath(closed_event, "/nominations/results"), "", "", 200,
       {"\"voting_closed\":true", "C talk"}},
  });

  // voters=users: any confirmed account, no ticket needed.
  OpenWindows(s, owner, event, false, "users");
  Reply r = s.Post(Nom(a, "/vote"), json::object(), no_ticket.token);
  CHECK_MESSAGE(r.status == 200, r.body);
}

TEST_CASE("nominations: results are sorted and ties are shown as ties") {
  TestServer s;
  TestUser owner = s.MakeUser("organizer");
  const int64_t event = MakeEvent(s, owner.id, "published");
  const int64_t type = MakeTicketType(s, event);
  OpenWindows(s, owner, event);
  std::vector<int64_t> noms;
  for (const char* t : {"One", "Two", "Three", "Four"}) {
    noms.push_back(Nominate(s, owner, event, Talk(t, std::string(t) + "@example.org", t)));
  }
  // Votes: Two 3, Three 3, One 1, Four 0.
  const std::vector<int64_t> choices = {noms[1], noms[1], noms[1], noms[2], noms[2], noms[2], noms[0]};
  for (int64_t choice : choices) {
    TestUser v = s.MakeUser("attendee");
    MakeTickets(s, event, type, v.id);
    REQUIRE(s.Post(Nom(choice, "/vote"), json::object(), v.token).status == 200);
  }
  Reply r = s.Get(EventPath(event, "/nominations/results"), owner.token);
  REQUIRE(r.status == 200);
  const json items = r.Json()["items"];
  REQUIRE(items.size() == 4);
  CHECK(items[0]["talk_title"] == "Two");
  CHECK(items[1]["talk_title"] == "Three");
  CHECK(items[0]["rank"] == 1);
  CHECK(items[1]["rank"] == 1);
  CHECK(items[0]["tied"] == true);
  CHECK(items[1]["tied"] == true);
  CHECK(items[2]["rank"] == 3);
  CHECK(items[2]["tied"] == false);
  CHECK(items[3]["votes"] == 0);
  CHECK(r.Json()["total_votes"] == 7);
}

TEST_CASE("nominations: the owner decides and the nominee is mailed") {
  TestServer s;
  TestUser owner = s.MakeUser("organizer");
  TestUser other = s.MakeUser("organizer");
  TestUser attendee = s.MakeUser("attendee", "Rani");
  const int64_t event = MakeEvent(s, owner.id, "published", "JSConf");
  OpenWindows(s, owner, event);
  const int64_t n1 = Nominate(s, attendee, event, Talk("Signals", "sari@example.org", "Sari"));
  const int64_t n2 = Nominate(s, attendee, event, Talk("Streams", "tono@example.org", "Tono"));
  RunScenarios(s, {
      {"attendee may not decide", "POST", Nom(n1, "/decision"), R"({"decision":"accept"})",
       attendee.token, 403},
      {"another organizer may not", "POST", Nom(n1, "/decision"), R"({"decision":"accept"})",
       other.token, 403},
      {"unknown decision", "POST", Nom(n1, "/decision"), R"({"decision":"maybe"})", owner.token, 400,
       {"validation_failed", "\"decision\""}},
      {"a session that does not exist here", "POST", Nom(n1, "/decision"),
       R"({"decision":"accept","session_id":5})", owner.token, 400, {"\"session_id\""}},
      {"accept", "POST", Nom(n1, "/decision"), R"({"decision":"accept","message":"See you!"})",
       owner.token, 200, {"\"status\":\"accepted\"", "\"decision_message\":\"See you!\""}, {}, nullptr,
       [](TestServer& srv, const Reply&) {
         auto mails = srv.Mails("nomination_decided", "sari@example.org");
         REQUIRE(mails.size() == 1);
         CHECK(mails[0]["decision"] == "accept");
         CHECK(mails[0]["event_title"] == "JSConf");
       }},
      {"decided already", "POST", Nom(n1, "/decision"), R"({"decision":"reject"})", owner.token, 409,
       {"invalid_state"}},
      {"reject", "POST", Nom(n2, "/decision"), R"({"decision":"reject"})", owner.token, 200,
       {"\"status\":\"rejected\""}, {}, nullptr,
       [](TestServer& srv, const Reply&) {
         CHECK(srv.Mails("nomination_decided", "tono@example.org").size() == 1);
       }},
  });
}

TEST_CASE("nominations: 200 concurrent votes from 50 voters leave exactly one vote each") {
  TestServer s;
  TestUser owner = s.MakeUser("organizer");
  const int64_t event = MakeEvent(s, owner.id, "published");
  const int64_t type = MakeTicketType(s, event);
  OpenWindows(s, owner, event);
  std::vector<int64_t> noms;
  for (int i = 0; i < 5; ++i) {
    noms.push_back(Nominate(s, owner, event, Talk("Talk " + std::to_string(i),
                                                  "n" + std::to_string(i) + "@example.org", "N")));
  }
  std::vector<TestUser> voters;
  for (int i = 0; i < 50; ++i) {
    voters.push_back(s.MakeUser("attendee"));
    MakeTickets(s, event, type, voters.back().id, 1 + i % 3);  // some hold several tickets
  }
  // 200 votes: each voter votes 4 times, moving between nominees, from 16 threads at once.
  std::vector<std::pair<size_t, int64_t>> jobs;
  std::mt19937 rng(14);
  for (int round = 0; round < 4; ++round) {
    for (size_t v = 0; v < voters.size(); ++v) jobs.push_back({v, noms[rng() % noms.size()]});
  }
  std::shuffle(jobs.begin(), jobs.end(), rng);
  std::atomic<size_t> next{0};
  std::atomic<int> ok{0}, other{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < 16; ++t) {
    threads.emplace_back([&] {
      httplib::Client client("127.0.0.1", s.port());
      for (size_t i; (i = next++) < jobs.size();) {
        httplib::Headers h = {{"Authorization", "Bearer " + voters[jobs[i].first].token}};
        auto res = client.Post(Nom(jobs[i].second, "/vote"), h, "", "application/json");
        (res && res->status == 200 ? ok : other)++;
      }
    });
  }
  for (auto& t : threads) t.join();
  CHECK(ok == 200);
  CHECK(other == 0);
  storage::Conn& c = s.app().db().Reader();
  CHECK(storage::ScalarInt(c, "SELECT COUNT(*) FROM nomination_votes WHERE event_id = ?", event) == 50);
  CHECK(storage::ScalarInt(c,
                           "SELECT COUNT(*) FROM (SELECT voter_id FROM nomination_votes "
                           "GROUP BY event_id, voter_id HAVING COUNT(*) > 1) AS twice") == 0);
  // The published tallies equal the votes table.
  Reply r = s.Get(EventPath(event, "/nominations/results"), owner.token);
  REQUIRE(r.status == 200);
  INFO("results: ", r.body);
  const json results = r.Json();
  int64_t sum = 0;
  for (const json& item : results["items"]) {
    CHECK(item["votes"] == VotesFor(s, item["nomination_id"]));
    sum += item["votes"].get<int64_t>();
  }
  CHECK(sum == 50);
  CHECK(r.Json()["total_votes"] == 50);
}
