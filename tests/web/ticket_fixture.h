#pragma once
// Test data for the ticket and check-in tests: events, ticket types, orders and issued tickets
// written straight into the database (no order flow needed), through the same IssueTickets the
// orders code calls.
#include <cstdint>
#include <string>
#include <vector>

#include "core/common/crypto.h"
#include "core/checkin/tickets.h"
#include "core/common/time_util.h"
#include "storage/events_repo.h"
#include "storage/query.h"
#include "tests/support/test_server.h"

namespace lanyard::testing {

inline int64_t MakeEvent(TestServer& s, int64_t organizer_id, const std::string& status,
                         const std::string& title = "Dev Summit") {
  int64_t id = 0;
  s.app().db().Write([&](storage::Conn& c) {
    storage::EventRow e;
    e.organizer_id = organizer_id;
    e.title = title;
    e.starts_at = FormatRfc3339(NowSeconds() + 86400);
    e.ends_at = FormatRfc3339(NowSeconds() + 2 * 86400);
    e.status = ParseEventStatus(status).value();
    e.created_at = e.updated_at = NowRfc3339();
    id = storage::InsertEvent(c, e);
    return true;
  });
  return id;
}

inline int64_t MakeTicketType(TestServer& s, int64_t event_id, const std::string& name = "Regular") {
  int64_t id = 0;
  s.app().db().Write([&](storage::Conn& c) {
    id = storage::InsertId(c,
                  "INSERT INTO ticket_types (event_id, name, kind, price, sold, created_at) "
                  "VALUES (?, ?, 'free', 0, 0, ?) RETURNING id",
                  event_id, name, NowRfc3339());
    return true;
  });
  return id;
}

struct IssuedTicket {
  int64_t id = 0;
  int64_t order_id = 0;
  std::string code;
};

// A paid order of `quantity` tickets of one type for the user, issued by IssueTickets. The
// holder is the buyer (their own address, as checkout does) unless `holder_email` names a
// companion.
inline std::vector<IssuedTicket> MakeTickets(TestServer& s, int64_t event_id, int64_t type_id,
                                             int64_t user_id, int quantity = 1,
                                             const std::string& holder_name = "Rani Putri",
                                             const std::string& holder_email = "") {
  std::vector<IssuedTicket> out;
  s.app().db().Write([&](storage::Conn& c) {
    std::string holder_address = holder_email;
    if (holder_address.empty()) {
      storage::Query buyer(c, "SELECT email FROM users WHERE id = ?", user_id);
      if (buyer.Next()) holder_address = buyer.Text(0);
    }
    const std::string code = crypto::HexEncode(crypto::RandomBytes(4));
    const int64_t order_id = storage::InsertId(c,
                  "INSERT INTO orders (code, event_id, user_id, status, total, currency, "
                  "created_at, paid_at) VALUES (?, ?, ?, 'paid', 0, 'IDR', ?, ?) RETURNING id",
                  code, event_id, user_id, NowRfc3339(), NowRfc3339());
    storage::Exec(c,
                  "INSERT INTO order_items (order_id, ticket_type_id, quantity, unit_price) "
                  "VALUES (?, ?, ?, 0)",
                  order_id, type_id, quantity);
    storage::Exec(c, "UPDATE ticket_types SET sold = sold + ? WHERE id = ?", quantity, type_id);
    TicketIssueRequest request;
    request.order_id = order_id;
    request.event_id = event_id;
    request.user_id = user_id;
    request.holder_name = holder_name;
    request.holder_email = holder_address;
    request.items = {{type_id, quantity}};
    for (const auto& t : IssueTickets(c, s.app().ticket_signer(), request)) {
      out.push_back({t["id"].get<int64_t>(), order_id, t["code"].get<std::string>()});
    }
    return true;
  });
  return out;
}

inline std::string OrderCode(TestServer& s, int64_t order_id) {
  storage::Query q(s.app().db().Reader(), "SELECT code FROM orders WHERE id = ?", order_id);
  return q.Next() ? q.Text(0) : "";
}

inline void VoidOrder(TestServer& s, int64_t order_id) {
  s.app().db().Write([&](storage::Conn& c) {
    VoidTickets(c, order_id);
    return true;
  });
}

inline int64_t CountScans(TestServer& s, int64_t ticket_id, const std::string& result = "") {
  return storage::ScalarInt(s.app().db().Reader(),
                            "SELECT COUNT(*) FROM checkin_scans WHERE ticket_id = ? AND "
                            "(? = '' OR result = ?)",
                            ticket_id, result, result)
      .value_or(0);
}

inline int64_t CountScansWithResult(TestServer& s, const std::string& result) {
  return storage::ScalarInt(s.app().db().Reader(),
                            "SELECT COUNT(*) FROM checkin_scans WHERE result = ?", result)
      .value_or(0);
}

inline std::string Body(const nlohmann::json& j) { return j.dump(); }

// "/api/v1/events/{id}{rest}", e.g. EventPath(7, "/campaigns").
inline std::string EventPath(int64_t event_id, const std::string& rest = "") {
  return "/api/v1/events/" + std::to_string(event_id) + rest;
}

}  // namespace lanyard::testing
