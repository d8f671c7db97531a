#pragma once
// Test data for the programme tests: a published event with a ticket type, sessions created
// through the API, attendees holding tickets (issued by the same IssueTickets as orders).
#include <cstdint>
#include <string>

#include "core/common/time_util.h"
#include "storage/query.h"
#include "tests/web/ticket_fixture.h"

namespace lanyard::testing {

struct Programme {
  TestUser organizer;
  int64_t event_id = 0;
  int64_t type_id = 0;
};

inline Programme MakeProgramme(TestServer& s, const std::string& event_status = "published") {
  Programme p;
  p.organizer = s.MakeUser("organizer", "Olga Organizer");
  p.event_id = MakeEvent(s, p.organizer.id, event_status, "Nusantara DevConf");
  p.type_id = MakeTicketType(s, p.event_id);
  return p;
}

inline std::string SessionsPath(int64_t event_id) {
  return "/api/v1/events/" + std::to_string(event_id) + "/sessions";
}
inline std::string SessionPath(int64_t session_id, const std::string& rest = "") {
  return "/api/v1/sessions/" + std::to_string(session_id) + rest;
}

// Hours from now as RFC 3339.
inline std::string InHours(double hours) {
  return FormatRfc3339(NowSeconds() + static_cast<int64_t>(hours * 3600));
}

inline nlohmann::json SessionBody(const std::string& title, nlohmann::json capacity,
                                  double starts_in_hours = 24, double hours = 1.5,
                                  const std::string& room = "Room A") {
  return {{"kind", capacity.is_null() ? "talk" : "workshop"},
          {"title", title},
          {"abstract", "Hands-on."},
          {"speaker_name", "Siti Rahma"},
          {"room", room},
          {"starts_at", InHours(starts_in_hours)},
          {"ends_at", InHours(starts_in_hours + hours)},
          {"capacity", capacity}};
}

inline int64_t AddSession(TestServer& s, const Programme& p, const nlohmann::json& body) {
  Reply r = s.Post(SessionsPath(p.event_id), body, p.organizer.token);
  REQUIRE_MESSAGE(r.status == 201, r.body);
  return r.Json()["id"].get<int64_t>();
}

// An attendee holding one valid ticket of the event; returns the user (ticket code in `code`).
inline TestUser Attendee(TestServer& s, const Programme& p, std::string* code = nullptr,
                         const std::string& name = "Rani Putri") {
  TestUser u = s.MakeUser("attendee", name);
  auto tickets = MakeTickets(s, p.event_id, p.type_id, u.id, 1, name, u.email);
  if (code) *code = tickets.at(0).code;
  return u;
}

inline int64_t CountWhere(TestServer& s, int64_t session_id, const std::string& status) {
  return storage::ScalarInt(s.app().db().Reader(),
                            "SELECT COUNT(*) FROM session_registrations WHERE session_id = ? AND "
                            "status = ?",
                            session_id, status)
      .value_or(0);
}

}  // namespace lanyard::testing
