#include "storage/tickets_repo.h"

#include <limits>

#include "storage/offline_scans_repo.h"
#include "storage/query.h"
#include "storage/search_match.h"

namespace lanyard::storage {

namespace {
// Every read joins the type name, the order code, the event title and zone for display.
#define LANYARD_TICKET_SELECT                                                                 \
  "SELECT t.id, t.order_id, t.event_id, t.ticket_type_id, t.user_id, t.holder_name, "        \
  "t.holder_email, t.code, t.status, t.checked_in_at, t.checked_in_by, t.created_at, "       \
  "tt.name, o.code, e.title, "                                                                \
  "(SELECT COUNT(*) FROM tickets n WHERE n.order_id = t.order_id AND n.id <= t.id), "        \
  "e.time_zone "                                                                              \
  "FROM tickets t JOIN ticket_types tt ON tt.id = t.ticket_type_id "                          \
  "JOIN orders o ON o.id = t.order_id JOIN events e ON e.id = t.event_id "

TicketRow ReadTicket(Query& q) {
  TicketRow t;
  t.id = q.Int(0);
  t.order_id = q.Int(1);
  t.event_id = q.Int(2);
  t.ticket_type_id = q.Int(3);
  t.user_id = q.Int(4);
  t.holder_name = q.Text(5);
  t.holder_email = q.Text(6);
  t.code = q.Text(7);
  t.status = ParseTicketStatus(q.Text(8)).value();
  t.checked_in_at = q.OptText(9);
  t.checked_in_by = q.OptInt(10);
  t.created_at = q.Text(11);
  t.ticket_type_name = q.Text(12);
  t.order_code = q.Text(13);
  t.event_title = q.Text(14);
  t.number_in_order = q.Int(15);
  t.event_time_zone = q.Text(16);
  return t;
}
}  // namespace

int64_t InsertTicket(Conn& c, const TicketRow& t) {
  return InsertId(c,
       "INSERT INTO tickets (order_id, event_id, ticket_type_id, user_id, holder_name, "
       "holder_email, code, status, created_at) VALUES (?,?,?,?,?,?,NULL,'valid',?) RETURNING id",
       t.order_id, t.event_id, t.ticket_type_id, t.user_id, t.holder_name, t.holder_email,
       t.created_at);
}

void SetTicketCode(Conn& c, int64_t ticket_id, const std::string& code) {
  Exec(c, "UPDATE tickets SET code = ? WHERE id = ?", code, ticket_id);
}

std::string TicketTypeName(Conn& c, int64_t ticket_type_id) {
  Query q(c, "SELECT name FROM ticket_types WHERE id = ?", ticket_type_id);
  return q.Next() ? q.Text(0) : std::string();
}

int VoidOrderTickets(Conn& c, int64_t order_id) {
  return Exec(c, "UPDATE tickets SET status = 'void' WHERE order_id = ? AND status = 'valid'",
              order_id);
}

std::optional<TicketRow> FindTicket(Conn& c, int64_t id) {
  Query q(c, LANYARD_TICKET_SELECT "WHERE t.id = ?", id);
  if (!q.Next()) return std::nullopt;
  return ReadTicket(q);
}

bool HoldsTicketForOrganizer(Conn& c, int64_t person, int64_t organizer) {
  Query q(c,
          "SELECT 1 FROM tickets t JOIN orders o ON o.id = t.order_id "
          "JOIN events e ON e.id = t.event_id "
          "WHERE (t.user_id = ?1 OR o.user_id = ?1) AND t.status = 'valid' AND e.organizer_id = ?2 "
          "LIMIT 1",
          person, organizer);
  return q.Next();
}

std::vector<TicketRow> ListOrderTickets(Conn& c, int64_t order_id) {
  Query q(c, LANYARD_TICKET_SELECT "WHERE t.order_id = ? ORDER BY t.id", order_id);
  std::vector<TicketRow> out;
  while (q.Next()) out.push_back(ReadTicket(q));
  return out;
}

std::vector<TicketRow> ListUserTickets(Conn& c, int64_t user_id, int limit, int offset,
                                       int64_t* total) {
  *total = ScalarInt(c, "SELECT COUNT(*) FROM tickets WHERE user_id = ?", user_id).value_or(0);
  Query q(c, LANYARD_TICKET_SELECT "WHERE t.user_id = ? ORDER BY t.id DESC LIMIT ? OFFSET ?",
          user_id, limit, offset);
  std::vector<TicketRow> out;
  while (q.Next()) out.push_back(ReadTicket(q));
  return out;
}

bool UpdateTicketHolder(Conn& c, int64_t id, const std::string& holder_name,
                        const std::string& holder_email) {
  return Exec(c,
              "UPDATE tickets SET holder_name = ?, holder_email = ? "
              "WHERE id = ? AND checked_in_at IS NULL AND status = 'valid'",
              holder_name, holder_email, id) > 0;
}

std::vector<TicketRow> ListAttendees(Conn& c, const AttendeeFilter& f, int64_t* total) {
  std::vector<TicketRow> out;
  // "All" as a bound both engines take: SQLite reads a negative LIMIT as none, PostgreSQL
  // refuses it.
  const int64_t limit = f.limit < 0 ? std::numeric_limits<int64_t>::max() : f.limit;
  if (f.q.empty()) {
    // The total is the counter migration 0026's triggers keep: no count over the rows.
    *total = ScalarInt(c, "SELECT n FROM event_ticket_counts WHERE event_id = ? AND status = 'valid'",
                       f.event_id)
                 .value_or(0);
    Query q(c, LANYARD_TICKET_SELECT "WHERE t.event_id = ?1 AND t.status = 'valid' "
               "ORDER BY t.id LIMIT ?2 OFFSET ?3",
            f.event_id, limit, f.offset);
    while (q.Next()) out.push_back(ReadTicket(q));
    return out;
  }
  if (auto match = TextIndexMatch(c.dialect(), f.q)) {
    // The trigram index names the matching tickets (of every event); the unary + keeps the
    // planner from walking all of this event's tickets instead.
#define LANYARD_ATTENDEE_FTS_WHERE                                                            \
  "WHERE t.id IN (SELECT rowid FROM tickets_fts WHERE tickets_fts MATCH ?2) "                  \
  "AND +t.event_id = ?1 AND +t.status = 'valid' "
    *total = ScalarInt(c, "SELECT COUNT(*) FROM tickets t " LANYARD_ATTENDEE_FTS_WHERE, f.event_id,
                       *match)
                 .value_or(0);
    Query q(c, LANYARD_TICKET_SELECT LANYARD_ATTENDEE_FTS_WHERE "ORDER BY t.id LIMIT ?3 OFFSET ?4",
            f.event_id, *match, limit, f.offset);
#undef LANYARD_ATTENDEE_FTS_WHERE
    while (q.Next()) out.push_back(ReadTicket(q));
    return out;
  }
  // One or two characters: no trigram to look up, so a scan of the event's tickets.
  const std::string like = LikePattern(f.q);
#define LANYARD_ATTENDEE_LIKE_WHERE                                                           \
  "WHERE t.event_id = ?1 AND t.status = 'valid' "                                            \
  "AND (lower(t.holder_name) LIKE lower(?2) ESCAPE '\\' "                                       \
  "OR lower(t.holder_email) LIKE lower(?2) ESCAPE '\\' OR lower(o.code) LIKE lower(?2) ESCAPE '\\') "
  *total = ScalarInt(c,
                     "SELECT COUNT(*) FROM tickets t JOIN orders o ON o.id = t.order_id "
                     LANYARD_ATTENDEE_LIKE_WHERE,
                     f.event_id, like)
               .value_or(0);
  Query q(c, LANYARD_TICKET_SELECT LANYARD_ATTENDEE_LIKE_WHERE "ORDER BY t.id LIMIT ?3 OFFSET ?4",
          f.event_id, like, limit, f.offset);
#undef LANYARD_ATTENDEE_LIKE_WHERE
  while (q.Next()) out.push_back(ReadTicket(q));
  return out;
}

std::optional<TicketRow> FindTicketByRef(Conn& c, const std::string& order_code,
                                         int64_t number) {
  if (number < 1) return std::nullopt;
  Query q(c, LANYARD_TICKET_SELECT "WHERE o.code = ? ORDER BY t.id LIMIT 1 OFFSET ?", order_code,
          number - 1);
  if (!q.Next()) return std::nullopt;
  return ReadTicket(q);
}

std::vector<TicketRow> ListTicketsOfOrderCode(Conn& c, const std::string& order_code) {
  Query q(c, LANYARD_TICKET_SELECT "WHERE o.code = ? ORDER BY t.id", order_code);
  std::vector<TicketRow> out;
  while (q.Next()) out.push_back(ReadTicket(q));
  return out;
}

std::vector<TicketRow> ListEventTickets(Conn& c, int64_t event_id) {
  Query q(c, LANYARD_TICKET_SELECT "WHERE t.event_id = ? ORDER BY t.order_id, t.id", event_id);
  std::vector<TicketRow> out;
  while (q.Next()) out.push_back(ReadTicket(q));
  return out;
}

#undef LANYARD_TICKET_SELECT

}  // namespace lanyard::storage
