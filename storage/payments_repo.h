#pragma once
// Bank statements, their lines, the payments recorded on orders and the remembered column
// mappings: all their SQL. Functions take the caller's connection (the writer's inside a unit,
// a reader's otherwise) and are as thread-safe as that connection.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "storage/conn.h"

namespace lanyard::storage {

struct StatementRow {
  int64_t id = 0;
  int64_t event_id = 0;
  int64_t uploaded_by = 0;
  std::string filename, separator, date_column, amount_column, description_column;
  int64_t debits_ignored = 0;
  std::string created_at;
};

struct StatementLineRow {
  int64_t statement_id = 0;
  int64_t n = 0;
  std::optional<std::string> date;  // YYYY-MM-DD
  std::optional<int64_t> amount;    // minor units
  std::string description, date_text, amount_text, problem;
};

// An amount received on an order. `via` is "desk" or "bank_statement"; bank payments carry the
// line's identity (bank_date, bank_amount, bank_description) and where it came from.
struct OrderPaymentRow {
  int64_t id = 0;
  int64_t order_id = 0;
  int64_t amount = 0;
  std::string via = "desk";
  std::string reference;
  std::optional<int64_t> recorded_by;
  std::string recorded_by_name;  // joined for display ("" when unknown)
  std::string recorded_at;
  std::optional<int64_t> statement_id, line_n;
  std::optional<std::string> bank_date;
  std::optional<int64_t> bank_amount;
  std::optional<std::string> bank_description;
};

// What matching needs of an order; status as stored ("pending", ...).
struct OrderBalanceRow {
  int64_t id = 0;
  std::string code;
  int64_t event_id = 0;
  std::string status;
  int64_t total = 0;
  int64_t amount_paid = 0;
  std::string buyer_name;
};

int64_t InsertStatement(Conn& c, const StatementRow& s);
void InsertStatementLine(Conn& c, const StatementLineRow& l);
std::optional<StatementRow> FindStatement(Conn& c, int64_t id);
std::vector<StatementLineRow> StatementLines(Conn& c, int64_t statement_id);
// The event's statements, newest first.
std::vector<StatementRow> EventStatements(Conn& c, int64_t event_id, int limit);

// Lines of the event's statements whose identity no payment holds yet, newest statement first;
// at most `limit`.
std::vector<StatementLineRow> UnappliedEventLines(Conn& c, int64_t event_id, int limit);

std::optional<OrderBalanceRow> FindOrderBalanceByCode(Conn& c, const std::string& code);
std::optional<OrderBalanceRow> FindOrderBalance(Conn& c, int64_t order_id);
// The event's pending orders, oldest first.
std::vector<OrderBalanceRow> PendingOrderBalances(Conn& c, int64_t event_id);

// The order a bank line with this identity was applied to; nullopt when none.
std::optional<int64_t> BankLineOrder(Conn& c, const std::string& date, int64_t amount,
                                     const std::string& description);

// Records a payment and adds its amount to the order's amount_paid. nullopt (and nothing
// written) when a bank payment's line identity is already recorded.
std::optional<int64_t> InsertOrderPayment(Conn& c, const OrderPaymentRow& p);
// The order's payments, oldest first.
std::vector<OrderPaymentRow> OrderPayments(Conn& c, int64_t order_id);

// The remembered column mapping of an event (JSON text), if any.
std::optional<std::string> FindColumnMap(Conn& c, int64_t event_id);
void SaveColumnMap(Conn& c, int64_t event_id, const std::string& columns_json, const std::string& now);

}  // namespace lanyard::storage
