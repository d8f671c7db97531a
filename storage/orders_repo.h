#pragma once
// Orders, their items and payment proofs: all their SQL.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "storage/conn.h"
#include "storage/statuses.h"

namespace lanyard::storage {

struct OrderItemRow {
  int64_t ticket_type_id = 0;
  std::string ticket_type_name;
  int64_t quantity = 0;
  int64_t unit_price = 0;
};

struct OrderRow {
  int64_t id = 0;
  std::string code;
  int64_t event_id = 0;
  int64_t user_id = 0;
  OrderStatus status = OrderStatus::kPending;
  int64_t total = 0;
  std::string currency;
  std::string created_at;
  std::optional<std::string> expires_at, paid_at, reminder_sent_at;
  std::string payment_method = "bank_transfer";
  std::optional<int64_t> confirmed_by;
  std::optional<std::string> confirmed_at;
  std::optional<int64_t> amount_received;
  std::optional<std::string> payment_note;
  std::optional<std::string> closed_at, close_reason;
  int64_t amount_paid = 0;  // the sum of the order's payments (storage/payments_repo.h)
  // Joined for display.
  std::string user_name, user_email, user_locale, event_title;
  std::string event_time_zone;  // the event's own IANA zone; "" = the deployment's
  std::string event_starts_at;  // RFC 3339 UTC
  std::vector<OrderItemRow> items;
};

struct ProofRow {
  int64_t id = 0;
  int64_t order_id = 0;
  std::string stored_name, content_type, filename, note;
  ProofStatus status = ProofStatus::kSubmitted;
  int64_t size = 0;
  std::optional<std::string> reject_reason;
  std::optional<int64_t> reviewed_by;
  std::optional<std::string> reviewed_at;
  std::string created_at;
};

// nullopt when the code is taken (the caller draws another).
std::optional<int64_t> InsertOrder(Conn& c, const OrderRow& o);
void InsertOrderItem(Conn& c, int64_t order_id, const OrderItemRow& item);
// With items and the joined user and event fields.
std::optional<OrderRow> FindOrder(Conn& c, int64_t id);
std::vector<OrderRow> ListUserOrders(Conn& c, int64_t user_id, int limit, int offset, int64_t* total);

struct EventOrderFilter {
  int64_t event_id = 0;
  std::optional<OrderStatus> status;  // nullopt: all
  bool awaiting_review = false;  // pending with a proof to review, or expired with money on it
  std::string q;           // code, name or email
  int limit = 20;
  int offset = 0;
};
std::vector<OrderRow> ListEventOrders(Conn& c, const EventOrderFilter& f, int64_t* total);

void MarkOrderPaid(Conn& c, int64_t id, const std::string& now, std::optional<int64_t> confirmed_by,
                   std::optional<int64_t> amount_received, const std::optional<std::string>& note);
// pending|paid → expired|cancelled|refunded.
void CloseOrder(Conn& c, int64_t id, OrderStatus status, const std::string& now,
                const std::string& reason);
void MarkReminderSent(Conn& c, int64_t id, const std::string& now);
// Pending orders due to expire (expires_at < now), oldest first; ticket_type_id 0 for any.
std::vector<int64_t> OverduePendingOrders(Conn& c, const std::string& now, int64_t ticket_type_id,
                                          int limit);
// Pending orders whose reminder is due (expires_at < remind_before) and not yet sent.
std::vector<int64_t> OrdersDueForReminder(Conn& c, const std::string& remind_before,
                                          const std::string& now, int limit);
std::vector<int64_t> EventOrderIds(Conn& c, int64_t event_id, OrderStatus status);

int64_t InsertProof(Conn& c, const ProofRow& p);
std::vector<ProofRow> ListProofs(Conn& c, int64_t order_id);
std::optional<ProofRow> FindProof(Conn& c, int64_t id);
// The newest proof still waiting for review; nullopt when none.
std::optional<ProofRow> LatestSubmittedProof(Conn& c, int64_t order_id);
void ReviewProof(Conn& c, int64_t proof_id, ProofStatus status,
                 const std::optional<std::string>& reason, int64_t reviewer, const std::string& now);

// Sales per UTC hour ("2026-12-01T17"): the caller groups the hours into days of the
// deployment's time zone (whole-hour zones; a :30/:45 zone's day edge falls inside an hour).
struct SalesDay {
  std::string day;  // the UTC hour, YYYY-MM-DDTHH
  int64_t tickets = 0;
  int64_t revenue = 0;
};
struct EventSales {
  int64_t tickets_sold = 0, revenue = 0, orders_pending = 0, checked_in = 0;
  std::vector<SalesDay> by_day;
};
EventSales EventSalesSummary(Conn& c, int64_t event_id);

struct TicketHolder {
  std::string email, name, locale;  // locale of the buyer's account
};
// Holders of the event's valid tickets, one row per distinct address.
std::vector<TicketHolder> ValidTicketHolders(Conn& c, int64_t event_id);

}  // namespace lanyard::storage
