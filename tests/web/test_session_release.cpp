// SPEC §10: a refunded ticket frees its holder's seats at once; the next person waiting who
// still holds a ticket gets the seat (mailed); one whose ticket went void leaves the line.
#include <doctest/doctest.h>

#include "tests/web/session_fixture.h"

using namespace lanyard;
using namespace lanyard::testing;
using nlohmann::json;

TEST_CASE("a refunded ticket frees the seats of its holder, and the waitlist moves on") {
  TestServer s;
  Programme p = MakeProgramme(s);
  const int64_t workshop = AddSession(s, p, SessionBody("Workshop", 1));
  json open_body = SessionBody("Open talk", nullptr, 30);
  open_body["requires_ticket"] = false;
  const int64_t open_talk = AddSession(s, p, open_body);
  TestUser holder = s.MakeUser("attendee", "Holder");
  const auto tickets = MakeTickets(s, p.event_id, p.type_id, holder.id, 1, "Holder", holder.email);
  TestUser voided = s.MakeUser("attendee", "Voided Waiting");
  const auto voided_tickets = MakeTickets(s, p.event_id, p.type_id, voided.id, 1, "V", voided.email);
  TestUser next = Attendee(s, p, nullptr, "Next In Line");
  for (const TestUser* u : {&holder, &voided, &next}) {
    REQUIRE(s.Post(SessionPath(workshop, "/registrations"), json::object(), u->token).status == 201);
  }
  REQUIRE(s.Post(SessionPath(open_talk, "/registrations"), json::object(), holder.token).status == 201);

  // The second in line loses their ticket while waiting (refunded too).
  Reply r1 = s.Post("/api/v1/orders/" + std::to_string(voided_tickets[0].order_id) + "/refund",
                    {{"reason", "Asked for it"}}, p.organizer.token);
  REQUIRE_MESSAGE(r1.status == 200, r1.body);
  CHECK(CountWhere(s, workshop, "waitlisted") == 1);  // they left the line

  Reply r2 = s.Post("/api/v1/orders/" + std::to_string(tickets[0].order_id) + "/refund",
                    {{"reason", "Cannot come"}}, p.organizer.token);
  REQUIRE_MESSAGE(r2.status == 200, r2.body);
  // The holder's workshop seat went to the next person who still holds a ticket.
  CHECK(CountWhere(s, workshop, "registered") == 1);
  CHECK(CountWhere(s, workshop, "waitlisted") == 0);
  CHECK(s.Get(SessionPath(workshop), next.token).Json()["my"]["status"] == "registered");
  CHECK(s.Get(SessionPath(workshop), holder.token).Json()["my"].is_null());
  CHECK(s.Mails("session_waitlist_promoted", next.email).size() == 1);
  CHECK(s.Mails("session_waitlist_promoted", voided.email).empty());
  // A session that needs no ticket keeps the holder.
  CHECK(s.Get(SessionPath(open_talk), holder.token).Json()["my"]["status"] == "registered");
}
