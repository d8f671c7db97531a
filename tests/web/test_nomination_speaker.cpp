// SPEC §10: "POST /nominations/{id}/decision {decision: accept, session_id}" — the accepted
// nominee becomes the session's speaker in the same unit as the decision, and is mailed the
// session; a session of another event or a session_id with a rejection is refused.
#include <doctest/doctest.h>

#include "tests/web/session_fixture.h"

using namespace lanyard;
using namespace lanyard::testing;
using nlohmann::json;

namespace {

std::string Nom(int64_t id, const std::string& rest = "") {
  return "/api/v1/nominations/" + std::to_string(id) + rest;
}

int64_t Nominate(TestServer& s, const TestUser& who, int64_t event_id, const json& body) {
  Reply r = s.Post("/api/v1/events/" + std::to_string(event_id) + "/nominations", body, who.token);
  REQUIRE_MESSAGE(r.status == 201, r.body);
  return r.Json()["id"].get<int64_t>();
}

}  // namespace

TEST_CASE("nominations: an accepted nominee becomes the speaker of the session chosen") {
  TestServer s;
  Programme p = MakeProgramme(s);
  Programme elsewhere = MakeProgramme(s);
  TestUser other = s.MakeUser("organizer");
  TestUser rani = s.MakeUser("attendee", "Rani Putri");
  TestUser dewi = s.MakeUser("attendee", "Dewi Lestari");
  json windows = {{"nominations_open", InHours(-1)}, {"nominations_close", InHours(1)}};
  const std::string settings = "/api/v1/events/" + std::to_string(p.event_id) + "/nomination-settings";
  REQUIRE(s.Call("PUT", settings, windows.dump(), p.organizer.token).status == 200);

  const int64_t by_account = Nominate(s, rani, p.event_id,
                                      {{"nominee_user_id", dewi.id}, {"talk_title", "Signals"}});
  const int64_t by_address = Nominate(s, rani, p.event_id,
                                      {{"nominee_email", "tono@example.org"}, {"nominee_name", "Tono"},
                                       {"talk_title", "Streams"}});
  const int64_t rejected = Nominate(s, rani, p.event_id,
                                    {{"nominee_email", "sari@example.org"}, {"nominee_name", "Sari"},
                                     {"talk_title", "Spreadsheets"}});
  json talk = SessionBody("Keynote slot", nullptr);
  talk["speaker_name"] = "";
  const int64_t slot = AddSession(s, p, talk);
  const int64_t second_slot = AddSession(s, p, SessionBody("Afternoon talk", nullptr, 30));
  const int64_t foreign = AddSession(s, elsewhere, SessionBody("Not here", nullptr));

  auto accept = [](int64_t session_id) {
    return json{{"decision", "accept"}, {"session_id", session_id}}.dump();
  };
  RunScenarios(s, {
      {"a session of another event", "POST", Nom(by_account, "/decision"), accept(foreign),
       p.organizer.token, 400, {"validation_failed", "\"session_id\""}},
      {"an unknown session", "POST", Nom(by_account, "/decision"), accept(999999),
       p.organizer.token, 400, {"\"session_id\""}},
      {"a session with a rejection", "POST", Nom(rejected, "/decision"),
       R"({"decision":"reject","session_id":)" + std::to_string(slot) + "}", p.organizer.token, 400,
       {"\"session_id\""}},
      {"session_id of the wrong type", "POST", Nom(by_account, "/decision"),
       R"({"decision":"accept","session_id":"one"})", p.organizer.token, 400, {"bad_request"}},
      {"another organizer may not", "POST", Nom(by_account, "/decision"), accept(slot),
       other.token, 403},
      {"an attendee may not", "POST", Nom(by_account, "/decision"), accept(slot), rani.token, 403},
      {"anonymous", "POST", Nom(by_account, "/decision"), accept(slot), "", 401},
      {"unknown nomination", "POST", Nom(999999, "/decision"), accept(slot), p.organizer.token, 404},
      {"accept into the slot", "POST", Nom(by_account, "/decision"), accept(slot), p.organizer.token,
       200, {"\"status\":\"accepted\"", "\"session_id\":" + std::to_string(slot)}, {}, nullptr,
       [&](TestServer& srv, const Reply&) {
         Reply session = srv.Get(SessionPath(slot));
         CHECK(session.Json()["speaker_name"] == "Dewi Lestari");
         CHECK(session.Json()["speaker_user_id"] == dewi.id);
         auto mails = srv.Mails("nomination_decided", dewi.email);
         REQUIRE(mails.size() == 1);
         CHECK(mails[0]["session_title"] == "Keynote slot");
       }},
      {"a nominee without an account", "POST", Nom(by_address, "/decision"), accept(second_slot),
       p.organizer.token, 200, {"\"status\":\"accepted\""}, {}, nullptr,
       [&](TestServer& srv, const Reply&) {
         Reply session = srv.Get(SessionPath(second_slot));
         CHECK(session.Json()["speaker_name"] == "Tono");
         CHECK(session.Json()["speaker_user_id"].is_null());
         auto mails = srv.Mails("nomination_decided", "tono@example.org");
         REQUIRE(mails.size() == 1);
         CHECK(mails[0]["session_title"] == "Afternoon talk");
       }},
      {"a rejection without a session", "POST", Nom(rejected, "/decision"), R"({"decision":"reject"})",
       p.organizer.token, 200, {"\"status\":\"rejected\"", "\"session_id\":null"}},
  });
  // The refused decisions changed nothing: the foreign session keeps its speaker.
  CHECK(s.Get(SessionPath(foreign)).Json()["speaker_name"] == "Siti Rahma");
}
