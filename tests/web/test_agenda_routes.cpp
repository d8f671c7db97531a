// SPEC §10: "my agenda" and its private RFC 5545 feed, parsed back with libical.
#include <doctest/doctest.h>
#include <libical/ical.h>

#include "tests/web/session_fixture.h"

using namespace lanyard;
using namespace lanyard::testing;
using nlohmann::json;

namespace {

struct Parsed {
  int events = 0;
  std::map<std::string, std::string> summary_by_uid;
  std::map<std::string, icalproperty_status> status_by_uid;
  std::map<std::string, time_t> start_by_uid;
  std::map<std::string, std::string> location_by_uid;
};

Parsed ParseIcs(const std::string& text) {
  Parsed out;
  icalcomponent* cal = icalparser_parse_string(text.c_str());
  REQUIRE(cal != nullptr);
  CHECK(icalcomponent_isa(cal) == ICAL_VCALENDAR_COMPONENT);
  CHECK(icalcomponent_check_restrictions(cal) == 1);
  for (icalcomponent* ev = icalcomponent_get_first_component(cal, ICAL_VEVENT_COMPONENT); ev;
       ev = icalcomponent_get_next_component(cal, ICAL_VEVENT_COMPONENT)) {
    ++out.events;
    const std::string uid = icalcomponent_get_uid(ev);
    out.summary_by_uid[uid] = icalcomponent_get_summary(ev);
    out.status_by_uid[uid] = icalcomponent_get_status(ev);
    out.start_by_uid[uid] = icaltime_as_timet_with_zone(icalcomponent_get_dtstart(ev),
                                                       icaltimezone_get_utc_timezone());
    const char* where = icalcomponent_get_location(ev);
    out.location_by_uid[uid] = where ? where : "";
  }
  icalcomponent_free(cal);
  return out;
}

}  // namespace

TEST_CASE("my agenda and its calendar feed, parsed back") {
  TestServer s;
  Programme p = MakeProgramme(s);
  const json first_body = SessionBody("Kotlin, Multiplatform; \"live\"", 1, 24, 1, "Hall A");
  const int64_t first = AddSession(s, p, first_body);
  const int64_t second = AddSession(s, p, SessionBody("Later talk", nullptr, 27, 1, "Hall B"));
  TestUser a = Attendee(s, p);
  TestUser b = Attendee(s, p, nullptr, "Bima");
  TestUser nobody = s.MakeUser();
  REQUIRE(s.Post(SessionPath(first, "/registrations"), json::object(), b.token).status == 201);
  REQUIRE(s.Post(SessionPath(first, "/registrations"), json::object(), a.token).status == 201);
  REQUIRE(s.Post(SessionPath(second, "/registrations"), json::object(), a.token).status == 201);

  RunScenarios(s, {
      {"anonymous", "GET", "/api/v1/me/agenda", "", "", 401},
      {"empty agenda", "GET", "/api/v1/me/agenda", "", nobody.token, 200, {"\"total\":0"}},
      {"my agenda by start time", "GET", "/api/v1/me/agenda", "", a.token, 200,
       {"\"total\":2", "\"status\":\"waitlisted\"", "\"position\":1", "\"event_title\":\"Nusantara DevConf\""}},
      {"feed without token or sign-in", "GET", "/api/v1/me/agenda.ics", "", "", 401},
      {"unknown feed token", "GET", "/api/v1/me/agenda.ics?token=nope", "", "", 404},
      {"feed URL needs sign-in", "POST", "/api/v1/me/agenda/feed", "{}", "", 401},
  });

  Reply feed = s.Post("/api/v1/me/agenda/feed", json::object(), a.token);
  REQUIRE(feed.status == 201);
  const std::string token = feed.Json()["token"];
  CHECK(token.size() >= 43);
  CHECK(feed.Json()["url"].get<std::string>().find("/api/v1/me/agenda.ics?token=" + token) != std::string::npos);

  Reply ics = s.Get("/api/v1/me/agenda.ics?token=" + token);
  REQUIRE(ics.status == 200);
  CHECK(ics.Header("Content-Type").find("text/calendar") == 0);
  CHECK(ics.body.rfind("BEGIN:VCALENDAR\r\n", 0) == 0);
  CHECK(ics.body.find("VERSION:2.0\r\n") != std::string::npos);
  CHECK(ics.body.find("\\;") != std::string::npos);  // text escaped per RFC 5545

  const Parsed parsed = ParseIcs(ics.body);
  CHECK(parsed.events == 2);
  const std::string uid1 = "session-" + std::to_string(first) + "@127.0.0.1";
  const std::string uid2 = "session-" + std::to_string(second) + "@127.0.0.1";
  REQUIRE(parsed.summary_by_uid.count(uid1) == 1);
  REQUIRE(parsed.summary_by_uid.count(uid2) == 1);
  CHECK(parsed.summary_by_uid.at(uid1) == "(Waitlist) Kotlin, Multiplatform; \"live\"");
  CHECK(parsed.status_by_uid.at(uid1) == ICAL_STATUS_TENTATIVE);
  CHECK(parsed.summary_by_uid.at(uid2) == "Later talk");
  CHECK(parsed.status_by_uid.at(uid2) == ICAL_STATUS_CONFIRMED);
  CHECK(parsed.location_by_uid.at(uid2) == "Hall B");
  CHECK(parsed.start_by_uid.at(uid1) == *ParseRfc3339(first_body["starts_at"].get<std::string>()));

  // The signed-in caller reads the same calendar with a bearer token.
  Reply bearer = s.Get("/api/v1/me/agenda.ics", a.token);
  CHECK(bearer.status == 200);
  CHECK(ParseIcs(bearer.body).events == 2);

  // After B leaves, A holds the seat: the feed says CONFIRMED without the waitlist mark.
  REQUIRE(s.Call("DELETE", SessionPath(first, "/registrations/me"), "", b.token).status == 204);
  const Parsed after = ParseIcs(s.Get("/api/v1/me/agenda.ics?token=" + token).body);
  CHECK(after.status_by_uid.at(uid1) == ICAL_STATUS_CONFIRMED);
  CHECK(after.summary_by_uid.at(uid1) == "Kotlin, Multiplatform; \"live\"");

  // A new feed URL ends the old one.
  Reply again = s.Post("/api/v1/me/agenda/feed", json::object(), a.token);
  REQUIRE(again.status == 201);
  CHECK(s.Get("/api/v1/me/agenda.ics?token=" + token).status == 404);
  CHECK(s.Get("/api/v1/me/agenda.ics?token=" + again.Json()["token"].get<std::string>()).status == 200);
}
