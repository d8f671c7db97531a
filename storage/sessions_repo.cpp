#include "storage/sessions_repo.h"

#include "storage/query.h"

namespace lanyard::storage {

namespace {

#define LANYARD_SESSION_COLUMNS                                                                   \
  "s.id, s.event_id, s.kind, s.title, s.abstract, s.speaker_name, s.speaker_user_id, s.room, "   \
  "s.starts_at, s.ends_at, s.capacity, s.requires_ticket, s.registered, "                         \
  "(SELECT COUNT(*) FROM session_registrations w WHERE w.session_id = s.id AND "                  \
  "w.status = 'waitlisted'), s.created_at, s.updated_at"

SessionRow ReadSession(Query& q, int first = 0) {
  SessionRow s;
  q.ColumnsFrom(first, s.id, s.event_id, s.kind, s.title, s.abstract, s.speaker_name, s.speaker_user_id,
                s.room, s.starts_at, s.ends_at, s.capacity, s.requires_ticket, s.registered, s.waitlisted,
                s.created_at, s.updated_at);
  return s;
}
constexpr int kSessionColumnCount = 16;

#define LANYARD_REGISTRATION_COLUMNS                                                              \
  "r.id, r.session_id, r.user_id, r.status, r.created_at, r.registered_at, r.checked_in_at, "    \
  "r.reminded_at, u.name, u.email, u.locale"

RegistrationRow ReadRegistration(Query& q, int first = 0) {
  RegistrationRow r;
  q.ColumnsFrom(first, r.id, r.session_id, r.user_id, r.status, r.created_at, r.registered_at,
                r.checked_in_at, r.reminded_at, r.user_name, r.user_email, r.user_locale);
  return r;
}

}  // namespace

std::optional<SessionRow> FindSession(Conn& c, int64_t id) {
  Query q(c, "SELECT " LANYARD_SESSION_COLUMNS " FROM sessions s WHERE s.id = ?", id);
  if (!q.Next()) return std::nullopt;
  return ReadSession(q);
}

std::vector<SessionRow> ListEventSessions(Conn& c, int64_t event_id, const std::string& kind,
                                          int limit, int offset, int64_t* total) {
  *total = ScalarInt(c,
                     "SELECT COUNT(*) FROM sessions WHERE event_id = ? AND (? = '' OR kind = ?)",
                     event_id, kind, kind)
               .value_or(0);
  Query q(c,
          "SELECT " LANYARD_SESSION_COLUMNS
          " FROM sessions s WHERE s.event_id = ? AND (? = '' OR s.kind = ?) "
          "ORDER BY s.starts_at, s.room, s.id LIMIT ? OFFSET ?",
          event_id, kind, kind, limit, offset);
  std::vector<SessionRow> out;
  while (q.Next()) out.push_back(ReadSession(q));
  return out;
}

int64_t InsertSession(Conn& c, const SessionRow& s) {
  return InsertId(c,
       "INSERT INTO sessions (event_id, kind, title, abstract, speaker_name, speaker_user_id, room, "
       "starts_at, ends_at, capacity, requires_ticket, registered, created_at, updated_at) "
       "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 0, ?, ?) RETURNING id",
       s.event_id, s.kind, s.title, s.abstract, s.speaker_name, s.speaker_user_id, s.room,
       s.starts_at, s.ends_at, s.capacity, s.requires_ticket, s.created_at, s.updated_at);
}

void UpdateSession(Conn& c, const SessionRow& s) {
  Exec(c,
       "UPDATE sessions SET kind = ?, title = ?, abstract = ?, speaker_name = ?, "
       "speaker_user_id = ?, room = ?, starts_at = ?, ends_at = ?, capacity = ?, "
       "requires_ticket = ?, updated_at = ? WHERE id = ?",
       s.kind, s.title, s.abstract, s.speaker_name, s.speaker_user_id, s.room, s.starts_at,
       s.ends_at, s.capacity, s.requires_ticket, s.updated_at, s.id);
}

void DeleteSession(Conn& c, int64_t id) { Exec(c, "DELETE FROM sessions WHERE id = ?", id); }

std::vector<int64_t> SessionTicketTypes(Conn& c, int64_t session_id) {
  Query q(c, "SELECT ticket_type_id FROM session_ticket_types WHERE session_id = ? ORDER BY 1",
          session_id);
  std::vector<int64_t> out;
  while (q.Next()) out.push_back(q.Int(0));
  return out;
}

void SetSessionTicketTypes(Conn& c, int64_t session_id, const std::vector<int64_t>& type_ids) {
  Exec(c, "DELETE FROM session_ticket_types WHERE session_id = ?", session_id);
  for (int64_t id : type_ids) {
    Exec(c, "INSERT INTO session_ticket_types (session_id, ticket_type_id) VALUES (?, ?) "
         "ON CONFLICT DO NOTHING",
         session_id, id);
  }
}

int64_t CountEventTicketTypes(Conn& c, int64_t event_id, const std::vector<int64_t>& type_ids) {
  int64_t n = 0;
  for (int64_t id : type_ids) {
    n += ScalarInt(c, "SELECT COUNT(*) FROM ticket_types WHERE id = ? AND event_id = ?", id, event_id)
             .value_or(0);
  }
  return n;
}

bool HoldsValidTicket(Conn& c, int64_t event_id, int64_t user_id,
                      const std::vector<int64_t>& type_ids) {
  if (type_ids.empty()) {
    return ScalarInt(c,
                     "SELECT 1 FROM tickets WHERE event_id = ? AND user_id = ? AND status = 'valid' "
                     "LIMIT 1",
                     event_id, user_id)
        .has_value();
  }
  for (int64_t type_id : type_ids) {
    if (ScalarInt(c,
                  "SELECT 1 FROM tickets WHERE event_id = ? AND user_id = ? AND status = 'valid' "
                  "AND ticket_type_id = ? LIMIT 1",
                  event_id, user_id, type_id)) {
      return true;
    }
  }
  return false;
}

std::optional<RegistrationRow> FindRegistration(Conn& c, int64_t session_id, int64_t user_id) {
  Query q(c,
          "SELECT " LANYARD_REGISTRATION_COLUMNS
          " FROM session_registrations r JOIN users u ON u.id = r.user_id "
          "WHERE r.session_id = ? AND r.user_id = ?",
          session_id, user_id);
  if (!q.Next()) return std::nullopt;
  return ReadRegistration(q);
}

int64_t InsertRegistration(Conn& c, int64_t session_id, int64_t user_id, const std::string& status,
                           const std::string& now) {
  const bool seat = status == "registered";
  const int64_t id = InsertId(
      c,
      "INSERT INTO session_registrations (session_id, user_id, status, created_at, registered_at) "
      "VALUES (?, ?, ?, ?, ?) RETURNING id",
      session_id, user_id, status, now, seat ? std::optional<std::string>(now) : std::nullopt);
  if (seat) Exec(c, "UPDATE sessions SET registered = registered + 1 WHERE id = ?", session_id);
  return id;
}

void DeleteRegistration(Conn& c, const RegistrationRow& r) {
  const int removed = Exec(c, "DELETE FROM session_registrations WHERE id = ?", r.id);
  if (removed > 0 && r.status == "registered") {
    Exec(c, "UPDATE sessions SET registered = registered - 1 WHERE id = ?", r.session_id);
  }
}

std::optional<RegistrationRow> FirstWaitlisted(Conn& c, int64_t session_id) {
  Query q(c,
          "SELECT " LANYARD_REGISTRATION_COLUMNS
          " FROM session_registrations r JOIN users u ON u.id = r.user_id "
          "WHERE r.session_id = ? AND r.status = 'waitlisted' ORDER BY r.id LIMIT 1",
          session_id);
  if (!q.Next()) return std::nullopt;
  return ReadRegistration(q);
}

bool PromoteRegistration(Conn& c, int64_t registration_id, int64_t session_id, const std::string& now) {
  const int changed = Exec(c,
                           "UPDATE session_registrations SET status = 'registered', registered_at = ? "
                           "WHERE id = ? AND status = 'waitlisted'",
                           now, registration_id);
  if (changed == 0) return false;
  Exec(c, "UPDATE sessions SET registered = registered + 1 WHERE id = ?", session_id);
  return true;
}

int64_t WaitlistPosition(Conn& c, int64_t session_id, int64_t registration_id) {
  return ScalarInt(c,
                   "SELECT COUNT(*) FROM session_registrations WHERE session_id = ? AND "
                   "status = 'waitlisted' AND id <= ?",
                   session_id, registration_id)
      .value_or(0);
}

std::vector<RegistrationRow> ListRegistrations(Conn& c, int64_t session_id, int limit, int offset,
                                               int64_t* total) {
  *total = ScalarInt(c, "SELECT COUNT(*) FROM session_registrations WHERE session_id = ?", session_id)
               .value_or(0);
  Query q(c,
          "SELECT " LANYARD_REGISTRATION_COLUMNS
          " FROM session_registrations r JOIN users u ON u.id = r.user_id WHERE r.session_id = ? "
          "ORDER BY CASE r.status WHEN 'registered' THEN 0 ELSE 1 END, r.id LIMIT ? OFFSET ?",
          session_id, limit, offset);
  std::vector<RegistrationRow> out;
  while (q.Next()) out.push_back(ReadRegistration(q));
  return out;
}

bool MarkSessionCheckedIn(Conn& c, int64_t registration_id, int64_t by, const std::string& now) {
  return Exec(c,
              "UPDATE session_registrations SET checked_in_at = ?, checked_in_by = ? "
              "WHERE id = ? AND checked_in_at IS NULL",
              now, by, registration_id) > 0;
}

void ClearReminders(Conn& c, int64_t session_id) {
  Exec(c, "UPDATE session_registrations SET reminded_at = NULL WHERE session_id = ?", session_id);
}

std::optional<std::string> OverlappingRegistration(Conn& c, int64_t event_id, int64_t user_id,
                                                   int64_t except_session_id,
                                                   const std::string& starts_at,
                                                   const std::string& ends_at) {
  Query q(c,
          "SELECT s.title FROM session_registrations r JOIN sessions s ON s.id = r.session_id "
          "WHERE r.user_id = ? AND s.event_id = ? AND s.id <> ? AND s.starts_at < ? AND "
          "s.ends_at > ? ORDER BY s.starts_at LIMIT 1",
          user_id, event_id, except_session_id, ends_at, starts_at);
  if (!q.Next()) return std::nullopt;
  return q.Text(0);
}

std::vector<RegistrationRow> UserRegistrationsInEvent(Conn& c, int64_t event_id, int64_t user_id) {
  Query q(c,
          "SELECT " LANYARD_REGISTRATION_COLUMNS
          " FROM session_registrations r JOIN users u ON u.id = r.user_id "
          "JOIN sessions s ON s.id = r.session_id WHERE s.event_id = ? AND r.user_id = ? "
          "ORDER BY r.id",
          event_id, user_id);
  std::vector<RegistrationRow> out;
  while (q.Next()) out.push_back(ReadRegistration(q));
  return out;
}

std::optional<OrderOwner> FindOrderOwner(Conn& c, int64_t order_id) {
  Query q(c, "SELECT event_id, user_id FROM orders WHERE id = ?", order_id);
  if (!q.Next()) return std::nullopt;
  return OrderOwner{q.Int(0), q.Int(1)};
}

std::vector<AgendaRow> UserAgenda(Conn& c, int64_t user_id) {
  Query q(c,
          "SELECT " LANYARD_SESSION_COLUMNS ", " LANYARD_REGISTRATION_COLUMNS
          ", e.title, e.time_zone FROM session_registrations r JOIN users u ON u.id = r.user_id "
          "JOIN sessions s ON s.id = r.session_id JOIN events e ON e.id = s.event_id "
          "WHERE r.user_id = ? ORDER BY s.starts_at, s.id",
          user_id);
  std::vector<AgendaRow> out;
  while (q.Next()) {
    AgendaRow a;
    a.session = ReadSession(q);
    a.registration = ReadRegistration(q, kSessionColumnCount);
    a.event_title = q.Text(kSessionColumnCount + 11);
    a.event_time_zone = q.Text(kSessionColumnCount + 12);
    out.push_back(std::move(a));
  }
  return out;
}

std::vector<AgendaRow> DueReminders(Conn& c, const std::string& from, const std::string& to, int limit) {
  Query q(c,
          "SELECT " LANYARD_SESSION_COLUMNS ", " LANYARD_REGISTRATION_COLUMNS
          ", e.title, e.time_zone FROM session_registrations r JOIN users u ON u.id = r.user_id "
          "JOIN sessions s ON s.id = r.session_id JOIN events e ON e.id = s.event_id "
          "WHERE r.status = 'registered' AND r.reminded_at IS NULL AND s.starts_at >= ? AND "
          "s.starts_at < ? AND e.status = 'published' ORDER BY s.starts_at, r.id LIMIT ?",
          from, to, limit);
  std::vector<AgendaRow> out;
  while (q.Next()) {
    AgendaRow a;
    a.session = ReadSession(q);
    a.registration = ReadRegistration(q, kSessionColumnCount);
    a.event_title = q.Text(kSessionColumnCount + 11);
    a.event_time_zone = q.Text(kSessionColumnCount + 12);
    out.push_back(std::move(a));
  }
  return out;
}

void MarkReminded(Conn& c, int64_t registration_id, const std::string& now) {
  Exec(c, "UPDATE session_registrations SET reminded_at = ? WHERE id = ?", now, registration_id);
}

bool NoOverlappingSessions(Conn& c, int64_t event_id) {
  return ScalarInt(c, "SELECT no_overlapping_sessions FROM session_settings WHERE event_id = ?",
                   event_id)
             .value_or(0) != 0;
}

void SetNoOverlappingSessions(Conn& c, int64_t event_id, bool on) {
  Exec(c,
       "INSERT INTO session_settings (event_id, no_overlapping_sessions) VALUES (?, ?) "
       "ON CONFLICT(event_id) DO UPDATE SET no_overlapping_sessions = excluded.no_overlapping_sessions",
       event_id, on);
}

void SetAgendaFeed(Conn& c, int64_t user_id, const std::string& token_hash, const std::string& now) {
  Exec(c,
       "INSERT INTO agenda_feeds (user_id, token_hash, created_at) VALUES (?, ?, ?) "
       "ON CONFLICT(user_id) DO UPDATE SET token_hash = excluded.token_hash, "
       "created_at = excluded.created_at",
       user_id, token_hash, now);
}

std::optional<int64_t> AgendaFeedUser(Conn& c, const std::string& token_hash) {
  return ScalarInt(c, "SELECT user_id FROM agenda_feeds WHERE token_hash = ?", token_hash);
}

}  // namespace lanyard::storage
