// SPEC §10: "Event fields nominations_open, nominations_close, voting_open, voting_close
// (timestamps) and voters" — read on GET /events/{id}, changed by PATCH /events/{id} in the same
// transaction as the event's other fields, the same data as /events/{id}/nomination-settings.
#include <doctest/doctest.h>

#include "core/common/time_util.h"
#include "storage/query.h"
#include "tests/support/test_server.h"
#include "tests/web/ticket_fixture.h"

using namespace lanyard;
using namespace lanyard::testing;
using nlohmann::json;

namespace {

std::string At(int64_t offset_seconds) { return FormatRfc3339(NowSeconds() + offset_seconds); }

}  // namespace

TEST_CASE("nominations: the windows are event fields, read and patched with the event") {
  TestServer s;
  TestUser owner = s.MakeUser("organizer");
  TestUser other = s.MakeUser("organizer");
  TestUser rani = s.MakeUser("attendee", "Rani Putri");
  TestUser admin = s.MakeUser("admin");
  const int64_t event = MakeEvent(s, owner.id, "published", "Nusantara Dev Days");
  const int64_t draft = MakeEvent(s, owner.id, "draft");
  const std::string open = At(-3600), close = At(3600), vote_close = At(7200);
  const std::string bad = R"({"title":"Renamed","voting_open":"tomorrow","voters":"all"})";

  RunScenarios(s, {
      {"never set: nulls and the default voters", "GET", EventPath(event), "", "", 200,
       {"\"nominations_open\":null", "\"nominations_close\":null", "\"voting_open\":null",
        "\"voting_close\":null", "\"voters\":\"ticket_holders\""}},
      // Access before the body: refused callers never learn what is wrong with it.
      {"anonymous, bad body", "PATCH", EventPath(event), bad, "", 401, {"unauthorized"}},
      {"attendee, bad body", "PATCH", EventPath(event), bad, rani.token, 403, {"forbidden"}},
      {"another organizer, bad body", "PATCH", EventPath(event), bad, other.token, 403, {"forbidden"}},
      {"another organizer, invisible draft", "PATCH", EventPath(draft), bad, other.token, 404,
       {"not_found"}},
      {"another organizer, malformed body", "PATCH", EventPath(event), "{", other.token, 403,
       {"forbidden"}},
      {"another organizer, wrong type", "PATCH", EventPath(event), R"({"voting_close":7})", other.token,
       403, {"forbidden"}},
      {"another organizer, settings alias with a bad body", "PUT", EventPath(event, "/nomination-settings"),
       R"({"voting_open":"tomorrow"})", other.token, 403, {"forbidden"}},
      {"wrong type", "PATCH", EventPath(event), R"({"voting_close":7})", owner.token, 400,
       {"bad_request"}},
      {"bad timestamp and voters change nothing, not even the title", "PATCH", EventPath(event), bad,
       owner.token, 400, {"validation_failed", "\"voting_open\"", "\"voters\""},
       {"\"title\""}, nullptr,
       [&](TestServer& srv, const Reply&) {
         CHECK(srv.Get(EventPath(event)).Json()["title"] == "Nusantara Dev Days");
       }},
      {"close before open", "PATCH", EventPath(event),
       json{{"nominations_open", close}, {"nominations_close", open}}.dump(), owner.token, 400,
       {"\"nominations_close\""}},
      {"the owner opens nominations with a title change", "PATCH", EventPath(event),
       json{{"title", "Nusantara Dev Days 2027"}, {"nominations_open", open},
            {"nominations_close", close}}.dump(),
       owner.token, 200,
       {"\"title\":\"Nusantara Dev Days 2027\"", "\"nominations_open\":\"" + open + "\"",
        "\"nominations_close\":\"" + close + "\"", "\"voting_open\":null"},
       {}, nullptr,
       [&](TestServer& srv, const Reply&) {
         Reply settings = srv.Get(EventPath(event, "/nomination-settings"));
         CHECK(settings.Json()["nominations_open"] == open);
         CHECK(settings.Json()["nominations_are_open"] == true);
       }},
      {"a later patch keeps what it does not name", "PATCH", EventPath(event),
       json{{"voting_open", open}, {"voting_close", vote_close}, {"voters", "users"}}.dump(),
       admin.token, 200,
       {"\"nominations_open\":\"" + open + "\"", "\"voting_close\":\"" + vote_close + "\"",
        "\"voters\":\"users\""}},
      {"anyone reads them on the event", "GET", EventPath(event), "", "", 200,
       {"\"voting_open\":\"" + open + "\"", "\"voters\":\"users\""}},
      {"a voting close before the kept open is refused", "PATCH", EventPath(event),
       json{{"voting_close", At(-7200)}}.dump(), owner.token, 400, {"\"voting_close\""}},
      {"null clears one bound", "PATCH", EventPath(event), R"({"nominations_close":null})", owner.token,
       200, {"\"nominations_close\":null", "\"nominations_open\":\"" + open + "\""}},
      {"a patch without windows leaves them", "PATCH", EventPath(event), R"({"city":"Bandung"})",
       owner.token, 200, {"\"city\":\"Bandung\"", "\"voters\":\"users\""}},
  });

  // The windows set through the event rule nominating: closed since the close was cleared.
  Reply refused = s.Post(EventPath(event, "/nominations"),
                         json{{"talk_title", "Signals"}, {"nominee_email", "tono@example.org"},
                              {"nominee_name", "Tono"}},
                         rani.token);
  CHECK(refused.status == 409);
  REQUIRE(s.Call("PATCH", EventPath(event), json{{"nominations_close", close}}.dump(), owner.token)
              .status == 200);
  Reply taken = s.Post(EventPath(event, "/nominations"),
                       json{{"talk_title", "Signals"}, {"nominee_email", "tono@example.org"},
                            {"nominee_name", "Tono"}},
                       rani.token);
  CHECK_MESSAGE(taken.status == 201, taken.body);
  CHECK(storage::ScalarInt(s.app().db().Reader(),
                           "SELECT COUNT(*) FROM audit_log WHERE action = 'nomination.settings'")
            .value_or(0) == 4);  // the four patches that named a window
}

TEST_CASE("nominations: an event created with its windows, or not at all") {
  TestServer s;
  TestUser owner = s.MakeUser("organizer");
  TestUser rani = s.MakeUser("attendee");
  const std::string open = At(-60), close = At(3600);
  json body = {{"title", "Call for speakers"}, {"starts_at", At(86400)}, {"ends_at", At(90000)}};
  auto events = [&] {
    return storage::ScalarInt(s.app().db().Reader(), "SELECT COUNT(*) FROM events").value_or(-1);
  };
  json bad = body;
  bad["voting_open"] = close;
  bad["voting_close"] = open;
  json good = body;
  good["nominations_open"] = open;
  good["nominations_close"] = close;
  good["voters"] = "users";
  RunScenarios(s, {
      {"an attendee may not create", "POST", "/api/v1/events", good.dump(), rani.token, 403},
      {"a voting close before its open creates nothing", "POST", "/api/v1/events", bad.dump(),
       owner.token, 400, {"validation_failed", "\"voting_close\""}, {}, nullptr,
       [&](TestServer&, const Reply&) { CHECK(events() == 0); }},
      {"created with its windows", "POST", "/api/v1/events", good.dump(), owner.token, 201,
       {"\"status\":\"draft\"", "\"nominations_open\":\"" + open + "\"", "\"voters\":\"users\""},
       {}, nullptr, [&](TestServer&, const Reply&) { CHECK(events() == 1); }},
      {"created without them", "POST", "/api/v1/events", body.dump(), owner.token, 201,
       {"\"nominations_open\":null", "\"voters\":\"ticket_holders\""}},
  });
}
