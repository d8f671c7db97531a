#pragma once
// The programme (SPEC §10): all the SQL of sessions, their registrations and waitlists,
// attendance, the event's programme settings and the agenda feed tokens. Every function takes
// the connection it is given: inside a writer unit for changes, a reader for reads.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "storage/conn.h"

namespace lanyard::storage {

struct SessionRow {
  int64_t id = 0;
  int64_t event_id = 0;
  std::string kind;  // talk | workshop | keynote
  std::string title;
  std::string abstract;
  std::string speaker_name;
  std::optional<int64_t> speaker_user_id;
  std::string room;
  std::string starts_at, ends_at;  // RFC 3339 UTC
  std::optional<int64_t> capacity;  // null = unlimited
  bool requires_ticket = true;
  int64_t registered = 0;  // kept exact by the writer; CHECK registered <= capacity
  int64_t waitlisted = 0;  // read with the row (a COUNT)
  std::string created_at, updated_at;
};

std::optional<SessionRow> FindSession(Conn& c, int64_t id);
// The event's sessions by start time, then room and id; `kind` filters when not empty.
std::vector<SessionRow> ListEventSessions(Conn& c, int64_t event_id, const std::string& kind,
                                          int limit, int offset, int64_t* total);
int64_t InsertSession(Conn& c, const SessionRow& s);
// Writes every editable column (not `registered`).
void UpdateSession(Conn& c, const SessionRow& s);
void DeleteSession(Conn& c, int64_t id);  // its registrations and ticket types go with it

std::vector<int64_t> SessionTicketTypes(Conn& c, int64_t session_id);
void SetSessionTicketTypes(Conn& c, int64_t session_id, const std::vector<int64_t>& type_ids);
// How many of `type_ids` are ticket types of the event.
int64_t CountEventTicketTypes(Conn& c, int64_t event_id, const std::vector<int64_t>& type_ids);

// Whether the person holds a valid ticket of the event; of one of `type_ids` when not empty.
bool HoldsValidTicket(Conn& c, int64_t event_id, int64_t user_id,
                      const std::vector<int64_t>& type_ids);

struct RegistrationRow {
  int64_t id = 0;
  int64_t session_id = 0;
  int64_t user_id = 0;
  std::string status;  // registered | waitlisted
  std::string created_at;
  std::optional<std::string> registered_at;
  std::optional<std::string> checked_in_at;
  std::optional<std::string> reminded_at;
  // Read with the row: the person.
  std::string user_name, user_email, user_locale = "en";
};

std::optional<RegistrationRow> FindRegistration(Conn& c, int64_t session_id, int64_t user_id);
// Inserts the row and, for `registered`, raises the session's count (the CHECK refuses going
// over capacity with an exception: callers decide the status first). Returns the row id.
int64_t InsertRegistration(Conn& c, int64_t session_id, int64_t user_id, const std::string& status,
                           const std::string& now);
// Deletes the row; lowers the count when it held a seat.
void DeleteRegistration(Conn& c, const RegistrationRow& r);
// The first waitlisted person of the session (lowest id), if any.
std::optional<RegistrationRow> FirstWaitlisted(Conn& c, int64_t session_id);
// waitlisted → registered, raising the count. False when the row was not waitlisted.
bool PromoteRegistration(Conn& c, int64_t registration_id, int64_t session_id, const std::string& now);
// 1-based place on the waitlist of a waitlisted row.
int64_t WaitlistPosition(Conn& c, int64_t session_id, int64_t registration_id);
// Registrations of the session: registered ones first (by id), then the waitlist in order.
std::vector<RegistrationRow> ListRegistrations(Conn& c, int64_t session_id, int limit, int offset,
                                               int64_t* total);
// Sets checked_in_at once; false when it was set already.
bool MarkSessionCheckedIn(Conn& c, int64_t registration_id, int64_t by, const std::string& now);
// Forget reminders sent (the session moved).
void ClearReminders(Conn& c, int64_t session_id);

// Another session of the event, overlapping [starts_at, ends_at), where the person holds a
// seat or a waitlist place; its title.
std::optional<std::string> OverlappingRegistration(Conn& c, int64_t event_id, int64_t user_id,
                                                   int64_t except_session_id,
                                                   const std::string& starts_at,
                                                   const std::string& ends_at);

// The person's registrations in sessions of the event (for the ticket-void hook).
std::vector<RegistrationRow> UserRegistrationsInEvent(Conn& c, int64_t event_id, int64_t user_id);
// The event and buyer of an order.
struct OrderOwner {
  int64_t event_id = 0;
  int64_t user_id = 0;
};
std::optional<OrderOwner> FindOrderOwner(Conn& c, int64_t order_id);

// A person's agenda: their registrations with the session rows, by start time.
struct AgendaRow {
  SessionRow session;
  RegistrationRow registration;
  std::string event_title;
  std::string event_time_zone;  // the event's own IANA zone; "" = the deployment's
};
std::vector<AgendaRow> UserAgenda(Conn& c, int64_t user_id);

// Registered seats of sessions starting in [from, to) whose reminder was not sent yet; at most
// `limit` rows, with the session and its event title.
std::vector<AgendaRow> DueReminders(Conn& c, const std::string& from, const std::string& to, int limit);
void MarkReminded(Conn& c, int64_t registration_id, const std::string& now);

bool NoOverlappingSessions(Conn& c, int64_t event_id);
void SetNoOverlappingSessions(Conn& c, int64_t event_id, bool on);

// Agenda feed tokens (hashes only).
void SetAgendaFeed(Conn& c, int64_t user_id, const std::string& token_hash, const std::string& now);
std::optional<int64_t> AgendaFeedUser(Conn& c, const std::string& token_hash);

}  // namespace lanyard::storage
