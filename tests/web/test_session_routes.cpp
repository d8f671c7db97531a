// SPEC §10: the programme — every session route, its error codes and the roles it refuses.
#include <doctest/doctest.h>

#include "core/programme/programme_scheduler.h"
#include "tests/web/session_fixture.h"

using namespace lanyard;
using namespace lanyard::testing;
using nlohmann::json;

TEST_CASE("sessions: create, read, change and delete, with every refusal") {
  TestServer s;
  Programme p = MakeProgramme(s);
  TestUser admin = s.MakeUser("admin");
  TestUser other = s.MakeUser("organizer", "Other Organizer");
  TestUser attendee = s.MakeUser("attendee");
  TestUser staff = s.MakeUser("staff");
  const int64_t draft_event = MakeEvent(s, p.organizer.id, "draft", "Draft Con");
  const std::string path = SessionsPath(p.event_id);
  const json good = SessionBody("Rust for Kernel Hackers", 10);

  RunScenarios(s, {
      {"owner creates", "POST", path, good.dump(), p.organizer.token, 201,
       {"\"title\":\"Rust for Kernel Hackers\"", "\"capacity\":10", "\"seats_left\":10",
        "\"requires_ticket\":true", "\"kind\":\"workshop\""}},
      {"admin creates on any event", "POST", path, SessionBody("Keynote", nullptr).dump(),
       admin.token, 201, {"\"capacity\":null", "\"seats_left\":null"}},
      {"anonymous", "POST", path, good.dump(), "", 401, {"unauthorized"}},
      {"attendee", "POST", path, good.dump(), attendee.token, 403, {"forbidden"}},
      {"staff may not edit the programme", "POST", path, good.dump(), staff.token, 403},
      {"another organizer on a published event", "POST", path, good.dump(), other.token, 403},
      {"another organizer cannot see a draft event", "POST", SessionsPath(draft_event),
       good.dump(), other.token, 404, {"not_found"}},
      {"unknown event", "POST", SessionsPath(999999), good.dump(), p.organizer.token, 404},
      {"missing fields", "POST", path, "{}", p.organizer.token, 400,
       {"validation_failed", "\"title\"", "\"kind\"", "\"starts_at\"", "\"ends_at\""}},
      {"unknown kind and negative capacity", "POST", path,
       json{{"kind", "party"}, {"title", "x"}, {"starts_at", InHours(2)}, {"ends_at", InHours(3)},
            {"capacity", -1}}.dump(),
       p.organizer.token, 400, {"\"kind\"", "\"capacity\""}},
      {"ends before it starts", "POST", path,
       json{{"kind", "talk"}, {"title", "x"}, {"starts_at", InHours(3)}, {"ends_at", InHours(2)}}.dump(),
       p.organizer.token, 400, {"\"ends_at\":\"must be after starts_at\""}},
      {"malformed time", "POST", path,
       json{{"kind", "talk"}, {"title", "x"}, {"starts_at", "tomorrow"}, {"ends_at", InHours(2)}}.dump(),
       p.organizer.token, 400, {"\"starts_at\""}},
      {"control characters in the title", "POST", path,
       json{{"kind", "talk"}, {"title", "a\u0007b"}, {"starts_at", InHours(2)}, {"ends_at", InHours(3)}}.dump(),
       p.organizer.token, 400, {"\"title\""}},
      {"ticket types of another event", "POST", path,
       json{{"kind", "workshop"}, {"title", "x"}, {"starts_at", InHours(2)}, {"ends_at", InHours(3)},
            {"ticket_type_ids", {999999}}}.dump(),
       p.organizer.token, 400, {"\"ticket_type_ids\""}},
      {"unknown speaker account", "POST", path,
       json{{"kind", "talk"}, {"title", "x"}, {"starts_at", InHours(2)}, {"ends_at", InHours(3)},
            {"speaker_user_id", 999999}}.dump(),
       p.organizer.token, 400, {"\"speaker_user_id\""}},
      {"capacity of the wrong type", "POST", path,
       json{{"kind", "talk"}, {"title", "x"}, {"starts_at", InHours(2)}, {"ends_at", InHours(3)},
            {"capacity", "ten"}}.dump(),
       p.organizer.token, 400, {"bad_request"}},
      {"anyone lists a published event's programme", "GET", path, "", "", 200,
       {"\"total\":2", "Rust for Kernel Hackers", "\"no_overlapping_sessions\":false"},
       {"\"my\""}},
      {"kind filter", "GET", path + "?kind=talk", "", "", 200, {"\"total\":1", "Keynote"}},
      {"unknown kind filter", "GET", path + "?kind=party", "", "", 400, {"validation_failed"}},
      {"draft event's programme is hidden", "GET", SessionsPath(draft_event), "", attendee.token, 404},
  });
  for (const auto& sc : BodyErrorScenarios("POST", path, p.organizer.token, "title")) {
    RunScenarios(s, {sc});
  }

  const int64_t id = AddSession(s, p, SessionBody("Small Workshop", 2));
  std::string code1;
  TestUser a1 = Attendee(s, p, &code1, "Ayu One");
  TestUser a2 = Attendee(s, p, nullptr, "Bima Two");
  TestUser a3 = Attendee(s, p, nullptr, "Citra Three");
  for (const TestUser* u : {&a1, &a2, &a3}) {
    REQUIRE(s.Post(SessionPath(id, "/registrations"), json::object(), u->token).status == 201);
  }

  RunScenarios(s, {
      {"one session, anonymous", "GET", SessionPath(id), "", "", 200,
       {"\"registered\":2", "\"waitlisted\":1", "\"full\":true", "\"event_title\":\"Nusantara DevConf\""},
       {"\"my\""}},
      {"signed in: my place", "GET", SessionPath(id), "", a3.token, 200,
       {"\"status\":\"waitlisted\"", "\"position\":1"}},
      {"unknown session", "GET", SessionPath(999999), "", "", 404},
      {"capacity below the seats taken", "PATCH", SessionPath(id), json{{"capacity", 1}}.dump(),
       p.organizer.token, 409, {"capacity_below_registered", "\"registered\":\"2\""}},
      {"attendee may not patch", "PATCH", SessionPath(id), json{{"title", "x"}}.dump(), a1.token, 403},
      {"other organizer may not patch", "PATCH", SessionPath(id), json{{"title", "x"}}.dump(),
       other.token, 403},
      {"bad patch", "PATCH", SessionPath(id), json{{"title", ""}}.dump(), p.organizer.token, 400,
       {"\"title\""}},
      {"raising the capacity promotes the waitlist", "PATCH", SessionPath(id),
       json{{"capacity", 3}}.dump(), p.organizer.token, 200, {"\"registered\":3", "\"waitlisted\":0"},
       {},
       nullptr,
       [&](TestServer& srv, const Reply&) {
         CHECK(srv.Mails("session_waitlist_promoted", a3.email).size() == 1);
       }},
      {"moving the room mails everyone", "PATCH", SessionPath(id), json{{"room", "Hall B"}}.dump(),
       p.organizer.token, 200, {"\"room\":\"Hall B\""}, {}, nullptr,
       [&](TestServer& srv, const Reply&) {
         for (const TestUser* u : {&a1, &a2, &a3}) {
           auto mails = srv.Mails("session_changed", u->email);
           REQUIRE(mails.size() == 1);
           CHECK(mails[0]["room"] == "Hall B");
           CHECK(mails[0]["old_room"] == "Room A");
           CHECK(mails[0]["room_changed"] == true);
           CHECK(mails[0]["time_changed"] == false);
         }
       }},
      {"a title change mails nobody", "PATCH", SessionPath(id), json{{"title", "Renamed"}}.dump(),
       p.organizer.token, 200, {"Renamed"}, {}, nullptr,
       [&](TestServer& srv, const Reply&) { CHECK(srv.Mails("session_changed", a1.email).size() == 1); }},
      {"attendee may not delete", "DELETE", SessionPath(id), "", a1.token, 403},
      {"owner deletes", "DELETE", SessionPath(id), "", p.organizer.token, 204, {}, {}, nullptr,
       [&](TestServer& srv, const Reply&) {
         CHECK(srv.Get(SessionPath(id)).status == 404);
         CHECK(CountWhere(srv, id, "registered") == 0);
       }},
      {"deleted twice", "DELETE", SessionPath(id), "", p.organizer.token, 404},
  });
}

TEST_CASE("session settings: no_overlapping_sessions, read by all, set by the owner") {
  TestServer s;
  Programme p = MakeProgramme(s);
  TestUser attendee = s.MakeUser("attendee");
  const std::string path = "/api/v1/events/" + std::to_string(p.event_id) + "/session-settings";
  RunScenarios(s, {
      {"default off", "GET", path, "", "", 200, {"\"no_overlapping_sessions\":false"}},
      {"owner turns it on", "PATCH", path, R"({"no_overlapping_sessions":true})", p.organizer.token,
       200, {"\"no_overlapping_sessions\":true"}},
      {"attendee refused", "PATCH", path, R"({"no_overlapping_sessions":false})", attendee.token, 403},
      {"anonymous refused", "PATCH", path, R"({"no_overlapping_sessions":false})", "", 401},
      {"wrong type", "PATCH", path, R"({"no_overlapping_sessions":"yes"})", p.organizer.token, 400},
      {"unknown event", "GET", "/api/v1/events/999999/session-settings", "", "", 404},
      {"still on", "GET", path, "", attendee.token, 200, {"\"no_overlapping_sessions\":true"}},
  });
}

TEST_CASE("registration: ticket, twice, waitlist, cancel promotes in order and mails") {
  TestServer s;
  Programme p = MakeProgramme(s);
  const int64_t id = AddSession(s, p, SessionBody("Workshop", 1));
  TestUser no_ticket = s.MakeUser("attendee", "No Ticket");
  TestUser a1 = Attendee(s, p, nullptr, "Ayu One");
  TestUser a2 = Attendee(s, p, nullptr, "Bima Two");
  TestUser a3 = Attendee(s, p, nullptr, "Citra Three");
  const std::string reg = SessionPath(id, "/registrations");
  const int64_t draft_event = MakeEvent(s, p.organizer.id, "draft", "Draft");
  Reply draft_session = s.Post(SessionsPath(draft_event), SessionBody("Hidden", 5), p.organizer.token);
  REQUIRE(draft_session.status == 201);
  const int64_t hidden = draft_session.Json()["id"].get<int64_t>();
  const int64_t open_talk = AddSession(s, p, [] {
    json b = SessionBody("Open talk", nullptr, 30);
    b["requires_ticket"] = false;
    return b;
  }());

  RunScenarios(s, {
      {"anonymous", "POST", reg, "{}", "", 401},
      {"no ticket", "POST", reg, "{}", no_ticket.token, 403, {"ticket_required"}},
      {"a session without ticket rule takes anyone", "POST", SessionPath(open_talk, "/registrations"),
       "{}", no_ticket.token, 201, {"\"status\":\"registered\""}},
      {"first gets the seat", "POST", reg, "{}", a1.token, 201,
       {"\"status\":\"registered\"", "\"position\":null"}, {}, nullptr,
       [&](TestServer& srv, const Reply&) {
         auto mails = srv.Mails("session_registered", a1.email);
         REQUIRE(mails.size() == 1);
         CHECK(mails[0]["status"] == "registered");
         CHECK(mails[0]["session_url"].get<std::string>().find("/events/") != std::string::npos);
       }},
      {"twice", "POST", reg, "{}", a1.token, 409, {"already_registered"}},
      {"second waits", "POST", reg, "{}", a2.token, 201, {"\"status\":\"waitlisted\"", "\"position\":1"},
       {}, nullptr,
       [&](TestServer& srv, const Reply&) {
         auto mails = srv.Mails("session_registered", a2.email);
         REQUIRE(mails.size() == 1);
         CHECK(mails[0]["waitlisted"] == true);
       }},
      {"third waits behind", "POST", reg, "{}", a3.token, 201, {"\"position\":2"}},
      {"waiting twice", "POST", reg, "{}", a3.token, 409, {"already_registered"}},
      {"a draft event's session is not visible", "POST", SessionPath(hidden, "/registrations"), "{}",
       a1.token, 404},
      {"unknown session", "POST", SessionPath(999999, "/registrations"), "{}", a1.token, 404},
      {"cancel without a place", "DELETE", reg + "/me", "", no_ticket.token, 404},
      {"first cancels: second promoted, mailed", "DELETE", reg + "/me", "", a1.token, 204, {}, {},
       nullptr,
       [&](TestServer& srv, const Reply&) {
         CHECK(srv.Mails("session_waitlist_promoted", a2.email).size() == 1);
         CHECK(srv.Mails("session_waitlist_promoted", a3.email).empty());
         CHECK(CountWhere(srv, id, "registered") == 1);
       }},
      {"the second holds the seat now", "GET", SessionPath(id), "", a2.token, 200,
       {"\"status\":\"registered\""}},
      {"the third moved up", "GET", SessionPath(id), "", a3.token, 200, {"\"position\":1"}},
      {"the first registers again: back of the line", "POST", reg, "{}", a1.token, 201,
       {"\"status\":\"waitlisted\"", "\"position\":2"}},
      {"the second cancels: the third, not the first, is promoted", "DELETE", reg + "/me", "", a2.token,
       204, {}, {}, nullptr,
       [&](TestServer& srv, const Reply&) {
         CHECK(srv.Mails("session_waitlist_promoted", a3.email).size() == 1);
         CHECK(srv.Mails("session_waitlist_promoted", a1.email).empty());
       }},
      {"leaving the waitlist promotes nobody", "DELETE", reg + "/me", "", a1.token, 204, {}, {},
       nullptr,
       [&](TestServer& srv, const Reply&) { CHECK(CountWhere(srv, id, "waitlisted") == 0); }},
  });
}

TEST_CASE("registration: ticket types, a cancelled event, and the schedule conflict rule") {
  TestServer s;
  Programme p = MakeProgramme(s);
  const int64_t vip_type = MakeTicketType(s, p.event_id, "VIP");
  json vip_body = SessionBody("VIP lab", 5);
  vip_body["ticket_type_ids"] = {vip_type};
  const int64_t vip_only = AddSession(s, p, vip_body);
  const int64_t morning = AddSession(s, p, SessionBody("Morning", 5, 24, 2, "Room A"));
  const int64_t overlapping = AddSession(s, p, SessionBody("Overlapping", 5, 25, 1, "Room B"));
  const int64_t later = AddSession(s, p, SessionBody("Later", 5, 26, 1, "Room B"));
  TestUser a = Attendee(s, p);
  TestUser vip = s.MakeUser("attendee", "Vera VIP");
  MakeTickets(s, p.event_id, vip_type, vip.id);
  const std::string settings = "/api/v1/events/" + std::to_string(p.event_id) + "/session-settings";

  RunScenarios(s, {
      {"regular ticket refused for a VIP-only session", "POST", SessionPath(vip_only, "/registrations"),
       "{}", a.token, 403, {"ticket_required"}},
      {"VIP admitted", "POST", SessionPath(vip_only, "/registrations"), "{}", vip.token, 201},
      {"overlaps are allowed while the rule is off", "POST", SessionPath(morning, "/registrations"),
       "{}", a.token, 201},
      {"rule on", "PATCH", settings, R"({"no_overlapping_sessions":true})", p.organizer.token, 200},
      {"overlap refused", "POST", SessionPath(overlapping, "/registrations"), "{}", a.token, 409,
       {"schedule_conflict", "Morning"}},
      {"back to back is fine", "POST", SessionPath(later, "/registrations"), "{}", a.token, 201},
      {"after leaving the morning, the overlap is allowed", "DELETE",
       SessionPath(morning, "/registrations/me"), "", a.token, 204},
      {"overlap allowed now", "POST", SessionPath(overlapping, "/registrations"), "{}", a.token, 201},
  });

  s.app().db().Write([&](storage::Conn& c) {
    storage::Exec(c, "UPDATE events SET status = 'cancelled' WHERE id = ?", p.event_id);
    return true;
  });
  RunScenarios(s, {
      {"a cancelled event takes no registrations", "POST", SessionPath(morning, "/registrations"),
       "{}", a.token, 409, {"invalid_state"}},
      {"nor new sessions", "POST", SessionsPath(p.event_id), SessionBody("x", 1).dump(),
       p.organizer.token, 409, {"invalid_state"}},
  });
}

TEST_CASE("registrations list and CSV, and attendance at the door") {
  TestServer s;
  Programme p = MakeProgramme(s);
  const int64_t id = AddSession(s, p, SessionBody("Workshop", 1));
  std::string code1, code2, code_other;
  TestUser a1 = Attendee(s, p, &code1, "Ayu, \"One\"");
  TestUser a2 = Attendee(s, p, &code2, "=Bima Two");
  TestUser staff = s.MakeUser("staff");
  TestUser other = s.MakeUser("organizer", "Other");
  TestUser stranger = Attendee(s, p, nullptr, "Stranger");
  const int64_t other_event = MakeEvent(s, other.id, "published", "Elsewhere");
  const int64_t other_type = MakeTicketType(s, other_event);
  code_other = MakeTickets(s, other_event, other_type, a1.id).at(0).code;
  REQUIRE(s.Post(SessionPath(id, "/registrations"), json::object(), a1.token).status == 201);
  REQUIRE(s.Post(SessionPath(id, "/registrations"), json::object(), a2.token).status == 201);
  const std::string list = SessionPath(id, "/registrations");
  const std::string door = SessionPath(id, "/checkin");
  auto scan = [](const std::string& code) { return json{{"code", code}}.dump(); };
  // Ayu's ticket as staff type it: her order's code and the ticket's number, in lower case.
  s.app().db().Write([&](storage::Conn& c) {
    storage::Exec(c, "UPDATE orders SET code = 'K7QX2M9A' WHERE user_id = ? AND event_id = ?", a1.id,
                  p.event_id);
    return true;
  });
  const std::string ref1 = "k7qx2m9a-1";

  // A genuine code shape naming a ticket that does not exist: sign one for id 999999.
  const std::string unknown_code = s.app().ticket_signer().Issue(999999, p.event_id);

  RunScenarios(s, {
      {"owner lists", "GET", list, "", p.organizer.token, 200,
       {"\"total\":2", "\"status\":\"registered\"", "\"status\":\"waitlisted\"", "\"position\":1",
        a1.email}},
      {"staff lists", "GET", list, "", staff.token, 200, {"\"total\":2"}},
      {"attendee refused", "GET", list, "", a1.token, 403},
      {"anonymous refused", "GET", list, "", "", 401},
      {"other organizer refused", "GET", list, "", other.token, 403},
      {"bad format", "GET", list + "?format=xml", "", staff.token, 400, {"validation_failed"}},
      {"CSV", "GET", list + "?format=csv", "", staff.token, 200,
       {"name,email,status,position,registered_at,checked_in_at\r\n", "\"Ayu, \"\"One\"\"\"",
        "'=Bima Two", "waitlisted,1,"}},
      {"door: not a code", "POST", door, scan("hello"), staff.token, 400, {"invalid_code"}},
      {"door: no code", "POST", door, "{}", staff.token, 400, {"validation_failed"}},
      {"door: genuine code, no such ticket", "POST", door, scan(unknown_code), staff.token, 404,
       {"unknown_ticket"}},
      {"door: ticket of another event", "POST", door, scan(code_other), staff.token, 409,
       {"wrong_event"}},
      {"door: waiting, no seat", "POST", door, scan(code2), staff.token, 409, {"not_registered"}},
      {"door: attendee may not scan", "POST", door, scan(code1), a1.token, 403},
      {"door: ok", "POST", door, scan(code1), staff.token, 200,
       {"\"result\":\"ok\"", "\"holder_name\":\"Ayu, \\\"One\\\"\""}},
      {"door: twice", "POST", door, scan(code1), staff.token, 409,
       {"already_checked_in", "first_checked_in_at"}},
      {"the list shows who came", "GET", list, "", p.organizer.token, 200, {"\"checked_in_at\":\"20"}},
      {"door: a typed reference names the same ticket", "POST", door, scan(ref1), staff.token, 409,
       {"already_checked_in"}},
      {"door: an unknown reference", "POST", door, scan("ZZZZZZZZ-9"), staff.token, 404, {"unknown_ticket"}},
  });
  std::string stranger_code;
  TestUser s2 = Attendee(s, p, &stranger_code, "Unregistered");
  RunScenarios(s, {{"door: not registered", "POST", door, scan(stranger_code), p.organizer.token, 409,
                    {"not_registered"}}});
  VoidOrder(s, 0);  // no such order: nothing happens
  static_cast<void>(stranger);
  static_cast<void>(s2);
}

TEST_CASE("a session an hour away: one reminder per seat, once") {
  TestServer s;
  Programme p = MakeProgramme(s);
  const int64_t soon = AddSession(s, p, SessionBody("Soon", 5, 0.5));
  const int64_t later = AddSession(s, p, SessionBody("Later", 5, 3));
  TestUser a = Attendee(s, p);
  TestUser waiting = Attendee(s, p, nullptr, "Wati Waiting");
  REQUIRE(s.Post(SessionPath(soon, "/registrations"), json::object(), a.token).status == 201);
  REQUIRE(s.Post(SessionPath(later, "/registrations"), json::object(), a.token).status == 201);
  REQUIRE(s.Patch(SessionPath(soon), {{"capacity", 1}}, p.organizer.token).status == 200);
  REQUIRE(s.Post(SessionPath(soon, "/registrations"), json::object(), waiting.token).status == 201);

  CHECK(programme::SendSessionReminders(s.app(), NowSeconds()) == 1);
  auto mails = s.Mails("session_reminder", a.email);
  REQUIRE(mails.size() == 1);
  CHECK(mails[0]["session_title"] == "Soon");
  CHECK(s.Mails("session_reminder", waiting.email).empty());
  CHECK(programme::SendSessionReminders(s.app(), NowSeconds()) == 0);
  // Two and a half hours later the second one is due.
  CHECK(programme::SendSessionReminders(s.app(), NowSeconds() + 2 * 3600 + 1800) == 1);
  CHECK(s.Mails("session_reminder", a.email).size() == 2);
}
