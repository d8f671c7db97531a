#include "storage/orders_repo.h"

#include "storage/query.h"
#include "storage/search_match.h"

namespace lanyard::storage {

namespace {
#define ORDER_SELECT                                                                           \
  "SELECT o.id, o.code, o.event_id, o.user_id, o.status, o.total, o.currency, o.created_at, "  \
  "o.expires_at, o.paid_at, o.reminder_sent_at, o.payment_method, o.confirmed_by, "            \
  "o.confirmed_at, o.amount_received, o.payment_note, o.closed_at, o.close_reason, u.name, "   \
  "u.email, u.locale, e.title, o.amount_paid, e.time_zone, e.starts_at FROM orders o "        \
  "JOIN users u ON u.id = o.user_id "                                                          \
  "JOIN events e ON e.id = o.event_id "

OrderRow ReadOrder(Query& q) {
  OrderRow o;
  o.id = q.Int(0);
  o.code = q.Text(1);
  o.event_id = q.Int(2);
  o.user_id = q.Int(3);
  o.status = ParseOrderStatus(q.Text(4)).value();
  o.total = q.Int(5);
  o.currency = q.Text(6);
  o.created_at = q.Text(7);
  o.expires_at = q.OptText(8);
  o.paid_at = q.OptText(9);
  o.reminder_sent_at = q.OptText(10);
  o.payment_method = q.Text(11);
  o.confirmed_by = q.OptInt(12);
  o.confirmed_at = q.OptText(13);
  o.amount_received = q.OptInt(14);
  o.payment_note = q.OptText(15);
  o.closed_at = q.OptText(16);
  o.close_reason = q.OptText(17);
  o.user_name = q.Text(18);
  o.user_email = q.Text(19);
  o.user_locale = q.Text(20);
  o.event_title = q.Text(21);
  o.amount_paid = q.Int(22);
  o.event_time_zone = q.Text(23);
  o.event_starts_at = q.Text(24);
  return o;
}

void LoadItems(Conn& c, OrderRow& o) {
  Query q(c,
          "SELECT i.ticket_type_id, t.name, i.quantity, i.unit_price FROM order_items i "
          "JOIN ticket_types t ON t.id = i.ticket_type_id WHERE i.order_id = ? ORDER BY i.id",
          o.id);
  while (q.Next()) o.items.push_back({q.Int(0), q.Text(1), q.Int(2), q.Int(3)});
}

ProofRow ReadProof(Query& q) {
  ProofRow p;
  p.id = q.Int(0);
  p.order_id = q.Int(1);
  p.stored_name = q.Text(2);
  p.content_type = q.Text(3);
  p.size = q.Int(4);
  p.filename = q.Text(5);
  p.note = q.Text(6);
  p.status = ParseProofStatus(q.Text(7)).value();
  p.reject_reason = q.OptText(8);
  p.reviewed_by = q.OptInt(9);
  p.reviewed_at = q.OptText(10);
  p.created_at = q.Text(11);
  return p;
}
#define PROOF_SELECT                                                                      \
  "SELECT id, order_id, stored_name, content_type, size, filename, note, status, "        \
  "reject_reason, reviewed_by, reviewed_at, created_at FROM payment_proofs "

std::vector<int64_t> Ids(Query& q) {
  std::vector<int64_t> out;
  while (q.Next()) out.push_back(q.Int(0));
  return out;
}
}  // namespace

std::optional<int64_t> InsertOrder(Conn& c, const OrderRow& o) {
  return ScalarInt(c,
           "INSERT INTO orders (code, event_id, user_id, status, total, currency, created_at, "
           "expires_at, paid_at, payment_method) VALUES (?,?,?,?,?,?,?,?,?,?) "
           "ON CONFLICT(code) DO NOTHING RETURNING id",
           o.code, o.event_id, o.user_id, o.status, o.total, o.currency, o.created_at,
           o.expires_at, o.paid_at, o.payment_method);
}

void InsertOrderItem(Conn& c, int64_t order_id, const OrderItemRow& item) {
  Exec(c,
       "INSERT INTO order_items (order_id, ticket_type_id, quantity, unit_price) VALUES (?,?,?,?)",
       order_id, item.ticket_type_id, item.quantity, item.unit_price);
}

std::optional<OrderRow> FindOrder(Conn& c, int64_t id) {
  std::optional<OrderRow> o;
  {
    Query q(c, ORDER_SELECT "WHERE o.id = ?", id);
    if (!q.Next()) return std::nullopt;
    o = ReadOrder(q);
  }
  LoadItems(c, *o);
  return o;
}

std::vector<OrderRow> ListUserOrders(Conn& c, int64_t user_id, int limit, int offset, int64_t* total) {
  *total = ScalarInt(c, "SELECT COUNT(*) FROM orders WHERE user_id = ?", user_id).value_or(0);
  std::vector<OrderRow> out;
  {
    Query q(c, ORDER_SELECT "WHERE o.user_id = ? ORDER BY o.id DESC LIMIT ? OFFSET ?", user_id,
            limit, offset);
    while (q.Next()) out.push_back(ReadOrder(q));
  }
  for (auto& o : out) LoadItems(c, o);
  return out;
}

namespace {

// The total of an unfiltered (or status-filtered) event order list: the counters migration
// 0026's triggers keep, so no count over the rows.
int64_t CountedEventOrders(Conn& c, int64_t event_id, std::optional<OrderStatus> status) {
  if (status) {
    return ScalarInt(c, "SELECT n FROM event_order_counts WHERE event_id = ? AND status = ?",
                     event_id, *status)
        .value_or(0);
  }
  return ScalarInt(c, "SELECT COALESCE(SUM(n), 0) FROM event_order_counts WHERE event_id = ?",
                   event_id)
      .value_or(0);
}

}  // namespace

std::vector<OrderRow> ListEventOrders(Conn& c, const EventOrderFilter& f, int64_t* total) {
  std::vector<OrderRow> out;
  const std::optional<std::string> match = f.q.empty() ? std::nullopt : TextIndexMatch(c.dialect(), f.q);
  if (match) {
    // A code, or buyers the trigram index names: their orders of this event through
    // orders_user; the unary +s keep the planner from walking all of the event's orders.
#define EVENT_ORDER_FTS_WHERE                                                                  \
  "WHERE o.id IN (SELECT id FROM orders WHERE code = upper(?4) UNION ALL "                     \
  "SELECT o2.id FROM orders o2 WHERE o2.user_id IN "                                           \
  "(SELECT rowid FROM users_fts WHERE users_fts MATCH ?5) AND +o2.event_id = ?1) "             \
  "AND +o.event_id = ?1 AND (o.status = ?2 OR ?2 IS NULL) "                                    \
  "AND (?3 = 0 OR (o.status = 'pending' AND EXISTS (SELECT 1 FROM payment_proofs p "           \
  "WHERE p.order_id = o.id AND p.status = 'submitted')) "                                      \
  "OR (o.status = 'expired' AND o.amount_paid > 0)) "
    *total = ScalarInt(c, "SELECT COUNT(*) FROM orders o " EVENT_ORDER_FTS_WHERE, f.event_id,
                       f.status, f.awaiting_review, f.q, *match)
                 .value_or(0);
    Query q(c, ORDER_SELECT EVENT_ORDER_FTS_WHERE "ORDER BY o.id DESC LIMIT ?6 OFFSET ?7",
            f.event_id, f.status, f.awaiting_review, f.q, *match, f.limit, f.offset);
#undef EVENT_ORDER_FTS_WHERE
    while (q.Next()) out.push_back(ReadOrder(q));
    for (auto& o : out) LoadItems(c, o);
    return out;
  }
  if (f.q.empty() && !f.awaiting_review) {
    // The common page (all, or one status): an index walk newest first that stops after the
    // page (orders_event_id, orders_event_status), and the total from the counters.
    *total = CountedEventOrders(c, f.event_id, f.status);
    if (f.status) {
      Query q(c, ORDER_SELECT "WHERE o.event_id = ?1 AND o.status = ?2 ORDER BY o.id DESC "
                 "LIMIT ?3 OFFSET ?4",
              f.event_id, *f.status, f.limit, f.offset);
      while (q.Next()) out.push_back(ReadOrder(q));
    } else {
      Query q(c, ORDER_SELECT "WHERE o.event_id = ?1 ORDER BY o.id DESC LIMIT ?2 OFFSET ?3",
              f.event_id, f.limit, f.offset);
      while (q.Next()) out.push_back(ReadOrder(q));
    }
    for (auto& o : out) LoadItems(c, o);
    return out;
  }
  const std::string like = LikePattern(f.q);
#define EVENT_ORDER_WHERE                                                                      \
  "WHERE o.event_id = ?1 AND (o.status = ?2 OR ?2 IS NULL) "                                      \
  "AND (?3 = 0 OR (o.status = 'pending' AND EXISTS (SELECT 1 FROM payment_proofs p "           \
  "WHERE p.order_id = o.id AND p.status = 'submitted')) "                                      \
  "OR (o.status = 'expired' AND o.amount_paid > 0)) "                                          \
  "AND (?4 = '' OR o.code = upper(?4) OR lower(u.name) LIKE lower(?5) ESCAPE '\\' "            \
  "OR lower(u.email) LIKE lower(?5) ESCAPE '\\') "
  *total = ScalarInt(c,
                     "SELECT COUNT(*) FROM orders o JOIN users u ON u.id = o.user_id " EVENT_ORDER_WHERE,
                     f.event_id, f.status, f.awaiting_review, f.q, like)
               .value_or(0);
  {
    Query q(c, ORDER_SELECT EVENT_ORDER_WHERE "ORDER BY o.id DESC LIMIT ?6 OFFSET ?7", f.event_id,
            f.status, f.awaiting_review, f.q, like, f.limit, f.offset);
    while (q.Next()) out.push_back(ReadOrder(q));
  }
#undef EVENT_ORDER_WHERE
  for (auto& o : out) LoadItems(c, o);
  return out;
}

void MarkOrderPaid(Conn& c, int64_t id, const std::string& now, std::optional<int64_t> confirmed_by,
                   std::optional<int64_t> amount_received, const std::optional<std::string>& note) {
  Exec(c,
       "UPDATE orders SET status = 'paid', paid_at = ?, confirmed_by = ?, confirmed_at = ?, "
       "amount_received = ?, payment_note = ?, closed_at = NULL, close_reason = NULL WHERE id = ?",
       now, confirmed_by, confirmed_by ? std::optional<std::string>(now) : std::nullopt,
       amount_received, note, id);
}

void CloseOrder(Conn& c, int64_t id, OrderStatus status, const std::string& now,
                const std::string& reason) {
  Exec(c, "UPDATE orders SET status = ?, closed_at = ?, close_reason = ? WHERE id = ?", status, now,
       reason, id);
}

void MarkReminderSent(Conn& c, int64_t id, const std::string& now) {
  Exec(c, "UPDATE orders SET reminder_sent_at = ? WHERE id = ?", now, id);
}

std::vector<int64_t> OverduePendingOrders(Conn& c, const std::string& now, int64_t ticket_type_id,
                                          int limit) {
  Query q(c,
          "SELECT o.id FROM orders o WHERE o.status = 'pending' AND o.expires_at < ?1 "
          "AND (?2 = 0 OR EXISTS (SELECT 1 FROM order_items i WHERE i.order_id = o.id "
          "AND i.ticket_type_id = ?2)) ORDER BY o.expires_at LIMIT ?3",
          now, ticket_type_id, limit);
  return Ids(q);
}

std::vector<int64_t> OrdersDueForReminder(Conn& c, const std::string& remind_before,
                                          const std::string& now, int limit) {
  Query q(c,
          "SELECT id FROM orders WHERE status = 'pending' AND reminder_sent_at IS NULL "
          "AND expires_at < ? AND expires_at >= ? ORDER BY expires_at LIMIT ?",
          remind_before, now, limit);
  return Ids(q);
}

std::vector<int64_t> EventOrderIds(Conn& c, int64_t event_id, OrderStatus status) {
  Query q(c, "SELECT id FROM orders WHERE event_id = ? AND status = ? ORDER BY id", event_id, status);
  return Ids(q);
}

int64_t InsertProof(Conn& c, const ProofRow& p) {
  return InsertId(c,
       "INSERT INTO payment_proofs (order_id, stored_name, content_type, size, filename, note, "
       "created_at) VALUES (?,?,?,?,?,?,?) RETURNING id",
       p.order_id, p.stored_name, p.content_type, p.size, p.filename, p.note, p.created_at);
}

std::vector<ProofRow> ListProofs(Conn& c, int64_t order_id) {
  Query q(c, PROOF_SELECT "WHERE order_id = ? ORDER BY id", order_id);
  std::vector<ProofRow> out;
  while (q.Next()) out.push_back(ReadProof(q));
  return out;
}

std::optional<ProofRow> FindProof(Conn& c, int64_t id) {
  Query q(c, PROOF_SELECT "WHERE id = ?", id);
  if (!q.Next()) return std::nullopt;
  return ReadProof(q);
}

std::optional<ProofRow> LatestSubmittedProof(Conn& c, int64_t order_id) {
  Query q(c, PROOF_SELECT "WHERE order_id = ? AND status = 'submitted' ORDER BY id DESC LIMIT 1",
          order_id);
  if (!q.Next()) return std::nullopt;
  return ReadProof(q);
}

void ReviewProof(Conn& c, int64_t proof_id, ProofStatus status,
                 const std::optional<std::string>& reason, int64_t reviewer, const std::string& now) {
  Exec(c,
       "UPDATE payment_proofs SET status = ?, reject_reason = ?, reviewed_by = ?, reviewed_at = ? "
       "WHERE id = ?",
       status, reason, reviewer, now, proof_id);
}

EventSales EventSalesSummary(Conn& c, int64_t event_id) {
  EventSales s;
  {
    Query q(c,
            "SELECT COALESCE(SUM(CASE WHEN o.status = 'paid' THEN i.quantity END), 0), "
            "COALESCE(SUM(CASE WHEN o.status = 'paid' THEN i.quantity * i.unit_price END), 0) "
            "FROM orders o JOIN order_items i ON i.order_id = o.id WHERE o.event_id = ?",
            event_id);
    if (q.Next()) {
      s.tickets_sold = q.Int(0);
      s.revenue = q.Int(1);
    }
  }
  s.orders_pending = ScalarInt(c, "SELECT COUNT(*) FROM orders WHERE event_id = ? AND status = 'pending'",
                               event_id).value_or(0);
  s.checked_in = ScalarInt(c,
                           "SELECT COUNT(*) FROM tickets WHERE event_id = ? AND status = 'valid' "
                           "AND checked_in_at IS NOT NULL",
                           event_id).value_or(0);
  Query q(c,
          "SELECT substr(o.paid_at, 1, 13) AS day, SUM(i.quantity), SUM(i.quantity * i.unit_price) "
          "FROM orders o JOIN order_items i ON i.order_id = o.id "
          "WHERE o.event_id = ? AND o.status = 'paid' GROUP BY day ORDER BY day",
          event_id);
  while (q.Next()) s.by_day.push_back({q.Text(0), q.Int(1), q.Int(2)});
  return s;
}

std::vector<TicketHolder> ValidTicketHolders(Conn& c, int64_t event_id) {
  Query q(c,
          "SELECT MIN(t.holder_email), MIN(t.holder_name), MIN(u.locale) FROM tickets t "
          "JOIN users u ON u.id = t.user_id WHERE t.event_id = ? AND t.status = 'valid' "
          "GROUP BY lower(t.holder_email) ORDER BY MIN(t.id)",
          event_id);
  std::vector<TicketHolder> out;
  while (q.Next()) out.push_back({q.Text(0), q.Text(1), q.Text(2)});
  return out;
}

}  // namespace lanyard::storage
