#include "storage/ticket_types_repo.h"

#include "storage/query.h"
#include "storage/statuses.h"

namespace lanyard::storage {

namespace {
#define TICKET_TYPE_COLUMNS                                                                   \
  "id, event_id, name, description, kind, price, quota, max_per_order, sales_start, sales_end, " \
  "active, sold, pending, created_at"

TicketTypeRow ReadTicketType(Query& q) {
  TicketTypeRow t;
  t.id = q.Int(0);
  t.event_id = q.Int(1);
  t.name = q.Text(2);
  t.description = q.Text(3);
  t.kind = q.Text(4);
  t.price = q.Int(5);
  t.quota = q.OptInt(6);
  t.max_per_order = q.Int(7);
  t.sales_start = q.OptText(8);
  t.sales_end = q.OptText(9);
  t.active = q.Bool(10);
  t.sold = q.Int(11);
  t.pending = q.Int(12);
  t.created_at = q.Text(13);
  return t;
}
}  // namespace

std::optional<TicketTypeRow> FindTicketType(Conn& c, int64_t id) {
  Query q(c, "SELECT " TICKET_TYPE_COLUMNS " FROM ticket_types WHERE id = ?", id);
  if (!q.Next()) return std::nullopt;
  return ReadTicketType(q);
}

std::vector<TicketTypeRow> ListTicketTypes(Conn& c, int64_t event_id) {
  Query q(c, "SELECT " TICKET_TYPE_COLUMNS " FROM ticket_types WHERE event_id = ? ORDER BY id",
          event_id);
  std::vector<TicketTypeRow> out;
  while (q.Next()) out.push_back(ReadTicketType(q));
  return out;
}

int64_t InsertTicketType(Conn& c, const TicketTypeRow& t) {
  return InsertId(c,
       "INSERT INTO ticket_types (event_id, name, description, kind, price, quota, max_per_order, "
       "sales_start, sales_end, active, created_at) VALUES (?,?,?,?,?,?,?,?,?,?,?) RETURNING id",
       t.event_id, t.name, t.description, t.kind, t.price, t.quota, t.max_per_order,
       t.sales_start, t.sales_end, t.active, t.created_at);
}

void UpdateTicketType(Conn& c, const TicketTypeRow& t) {
  Exec(c,
       "UPDATE ticket_types SET name = ?, description = ?, kind = ?, price = ?, quota = ?, "
       "max_per_order = ?, sales_start = ?, sales_end = ?, active = ? WHERE id = ?",
       t.name, t.description, t.kind, t.price, t.quota, t.max_per_order, t.sales_start,
       t.sales_end, t.active, t.id);
}

void DeleteTicketType(Conn& c, int64_t id) { Exec(c, "DELETE FROM ticket_types WHERE id = ?", id); }

int64_t CountTicketTypeOrders(Conn& c, int64_t ticket_type_id) {
  return ScalarInt(c, "SELECT COUNT(*) FROM order_items WHERE ticket_type_id = ?", ticket_type_id)
      .value_or(0);
}

int64_t CountPaidTicketTypes(Conn& c, std::optional<int64_t> event_id) {
  return ScalarInt(c,
                   "SELECT COUNT(*) FROM ticket_types t JOIN events e ON e.id = t.event_id "
                   "WHERE t.active = 1 AND (t.kind = ?1 OR (t.kind = ?2 AND t.price > 0)) "
                   "AND e.status <> ?3 AND (e.id = ?4 OR ?4 IS NULL)",
                   "pay_what_you_want", "paid", EventStatus::kCancelled, event_id)
      .value_or(0);
}

void AddTicketTypeCounts(Conn& c, int64_t ticket_type_id, int64_t sold_delta, int64_t pending_delta) {
  Exec(c, "UPDATE ticket_types SET sold = sold + ?, pending = pending + ? WHERE id = ?", sold_delta,
       pending_delta, ticket_type_id);
}

}  // namespace lanyard::storage
