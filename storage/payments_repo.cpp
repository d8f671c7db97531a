#include "storage/payments_repo.h"

#include "storage/query.h"

namespace lanyard::storage {

namespace {

#define STATEMENT_SELECT                                                                     \
  "SELECT id, event_id, uploaded_by, filename, separator, date_column, amount_column, "      \
  "description_column, debits_ignored, created_at FROM bank_statements "

StatementRow ReadStatement(Query& q) {
  StatementRow s;
  s.id = q.Int(0);
  s.event_id = q.Int(1);
  s.uploaded_by = q.Int(2);
  s.filename = q.Text(3);
  s.separator = q.Text(4);
  s.date_column = q.Text(5);
  s.amount_column = q.Text(6);
  s.description_column = q.Text(7);
  s.debits_ignored = q.Int(8);
  s.created_at = q.Text(9);
  return s;
}

#define LINE_SELECT                                                                           \
  "SELECT l.statement_id, l.n, l.line_date, l.amount, l.description, l.date_text, "          \
  "l.amount_text, l.problem FROM bank_statement_lines l "

StatementLineRow ReadLine(Query& q) {
  StatementLineRow l;
  l.statement_id = q.Int(0);
  l.n = q.Int(1);
  l.date = q.OptText(2);
  l.amount = q.OptInt(3);
  l.description = q.Text(4);
  l.date_text = q.Text(5);
  l.amount_text = q.Text(6);
  l.problem = q.Text(7);
  return l;
}

#define BALANCE_SELECT                                                                         \
  "SELECT o.id, o.code, o.event_id, o.status, o.total, o.amount_paid, u.name FROM orders o "  \
  "JOIN users u ON u.id = o.user_id "

OrderBalanceRow ReadBalance(Query& q) {
  return {q.Int(0), q.Text(1), q.Int(2), q.Text(3), q.Int(4), q.Int(5), q.Text(6)};
}

}  // namespace

int64_t InsertStatement(Conn& c, const StatementRow& s) {
  return InsertId(c,
       "INSERT INTO bank_statements (event_id, uploaded_by, filename, separator, date_column, "
       "amount_column, description_column, debits_ignored, created_at) VALUES (?,?,?,?,?,?,?,?,?) RETURNING id",
       s.event_id, s.uploaded_by, s.filename, s.separator, s.date_column, s.amount_column,
       s.description_column, s.debits_ignored, s.created_at);
}

void InsertStatementLine(Conn& c, const StatementLineRow& l) {
  Exec(c,
       "INSERT INTO bank_statement_lines (statement_id, n, line_date, amount, description, "
       "date_text, amount_text, problem) VALUES (?,?,?,?,?,?,?,?)",
       l.statement_id, l.n, l.date, l.amount, l.description, l.date_text, l.amount_text, l.problem);
}

std::optional<StatementRow> FindStatement(Conn& c, int64_t id) {
  Query q(c, STATEMENT_SELECT "WHERE id = ?", id);
  if (!q.Next()) return std::nullopt;
  return ReadStatement(q);
}

std::vector<StatementLineRow> StatementLines(Conn& c, int64_t statement_id) {
  Query q(c, LINE_SELECT "WHERE l.statement_id = ? ORDER BY l.n", statement_id);
  std::vector<StatementLineRow> out;
  while (q.Next()) out.push_back(ReadLine(q));
  return out;
}

std::vector<StatementRow> EventStatements(Conn& c, int64_t event_id, int limit) {
  Query q(c, STATEMENT_SELECT "WHERE event_id = ? ORDER BY id DESC LIMIT ?", event_id, limit);
  std::vector<StatementRow> out;
  while (q.Next()) out.push_back(ReadStatement(q));
  return out;
}

std::vector<StatementLineRow> UnappliedEventLines(Conn& c, int64_t event_id, int limit) {
  Query q(c,
          LINE_SELECT
          "JOIN bank_statements s ON s.id = l.statement_id WHERE s.event_id = ? AND NOT EXISTS "
          "(SELECT 1 FROM order_payments p WHERE p.via = 'bank_statement' AND p.bank_date = l.line_date "
          "AND p.bank_amount = l.amount AND p.bank_description = l.description) "
          "ORDER BY l.statement_id DESC, l.n LIMIT ?",
          event_id, limit);
  std::vector<StatementLineRow> out;
  while (q.Next()) out.push_back(ReadLine(q));
  return out;
}

std::optional<OrderBalanceRow> FindOrderBalanceByCode(Conn& c, const std::string& code) {
  Query q(c, BALANCE_SELECT "WHERE o.code = ?", code);
  if (!q.Next()) return std::nullopt;
  return ReadBalance(q);
}

std::optional<OrderBalanceRow> FindOrderBalance(Conn& c, int64_t order_id) {
  Query q(c, BALANCE_SELECT "WHERE o.id = ?", order_id);
  if (!q.Next()) return std::nullopt;
  return ReadBalance(q);
}

std::vector<OrderBalanceRow> PendingOrderBalances(Conn& c, int64_t event_id) {
  Query q(c, BALANCE_SELECT "WHERE o.event_id = ? AND o.status = 'pending' ORDER BY o.id", event_id);
  std::vector<OrderBalanceRow> out;
  while (q.Next()) out.push_back(ReadBalance(q));
  return out;
}

std::optional<int64_t> BankLineOrder(Conn& c, const std::string& date, int64_t amount,
                                     const std::string& description) {
  return ScalarInt(c,
                   "SELECT order_id FROM order_payments WHERE via = 'bank_statement' AND bank_date = ? "
                   "AND bank_amount = ? AND bank_description = ?",
                   date, amount, description);
}

std::optional<int64_t> InsertOrderPayment(Conn& c, const OrderPaymentRow& p) {
  const std::optional<int64_t> id =
      ScalarInt(c,
           "INSERT INTO order_payments (order_id, amount, via, reference, recorded_by, recorded_at, "
           "statement_id, line_n, bank_date, bank_amount, bank_description) "
           "VALUES (?,?,?,?,?,?,?,?,?,?,?) ON CONFLICT DO NOTHING RETURNING id",
           p.order_id, p.amount, p.via, p.reference, p.recorded_by, p.recorded_at, p.statement_id,
           p.line_n, p.bank_date, p.bank_amount, p.bank_description);
  if (!id) return std::nullopt;
  Exec(c, "UPDATE orders SET amount_paid = amount_paid + ? WHERE id = ?", p.amount, p.order_id);
  return id;
}

std::vector<OrderPaymentRow> OrderPayments(Conn& c, int64_t order_id) {
  Query q(c,
          "SELECT p.id, p.order_id, p.amount, p.via, p.reference, p.recorded_by, "
          "COALESCE(u.name, ''), p.recorded_at, p.statement_id, p.line_n, p.bank_date, "
          "p.bank_amount, p.bank_description FROM order_payments p "
          "LEFT JOIN users u ON u.id = p.recorded_by WHERE p.order_id = ? ORDER BY p.id",
          order_id);
  std::vector<OrderPaymentRow> out;
  while (q.Next()) {
    OrderPaymentRow p;
    p.id = q.Int(0);
    p.order_id = q.Int(1);
    p.amount = q.Int(2);
    p.via = q.Text(3);
    p.reference = q.Text(4);
    p.recorded_by = q.OptInt(5);
    p.recorded_by_name = q.Text(6);
    p.recorded_at = q.Text(7);
    p.statement_id = q.OptInt(8);
    p.line_n = q.OptInt(9);
    p.bank_date = q.OptText(10);
    p.bank_amount = q.OptInt(11);
    p.bank_description = q.OptText(12);
    out.push_back(std::move(p));
  }
  return out;
}

std::optional<std::string> FindColumnMap(Conn& c, int64_t event_id) {
  Query q(c, "SELECT columns FROM bank_column_maps WHERE event_id = ?", event_id);
  if (!q.Next()) return std::nullopt;
  return q.Text(0);
}

void SaveColumnMap(Conn& c, int64_t event_id, const std::string& columns_json, const std::string& now) {
  Exec(c,
       "INSERT INTO bank_column_maps (event_id, columns, updated_at) VALUES (?,?,?) "
       "ON CONFLICT(event_id) DO UPDATE SET columns = excluded.columns, updated_at = excluded.updated_at",
       event_id, columns_json, now);
}

}  // namespace lanyard::storage
