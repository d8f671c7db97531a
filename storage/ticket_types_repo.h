#pragma once
// Ticket types and their quota counters: all their SQL.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "storage/conn.h"

namespace lanyard::storage {

struct TicketTypeRow {
  int64_t id = 0;
  int64_t event_id = 0;
  std::string name, description;
  std::string kind = "paid";
  int64_t price = 0;
  std::optional<int64_t> quota;
  int64_t max_per_order = 10;
  std::optional<std::string> sales_start, sales_end;
  bool active = true;
  int64_t sold = 0;     // units in paid orders
  int64_t pending = 0;  // units in pending orders
  std::string created_at;
};

std::optional<TicketTypeRow> FindTicketType(Conn& c, int64_t id);
std::vector<TicketTypeRow> ListTicketTypes(Conn& c, int64_t event_id);
int64_t InsertTicketType(Conn& c, const TicketTypeRow& t);
void UpdateTicketType(Conn& c, const TicketTypeRow& t);  // editable columns, not the counters
void DeleteTicketType(Conn& c, int64_t id);
int64_t CountTicketTypeOrders(Conn& c, int64_t ticket_type_id);
// Active ticket types that may take money (paid above 0, or pay what you want) in events that
// are not cancelled: a deployment with any needs bank instructions. With `event_id`, only that
// event's (0 when the event is cancelled).
int64_t CountPaidTicketTypes(Conn& c, std::optional<int64_t> event_id = std::nullopt);
// Moves units between the counters (negative to release). The table's CHECK refuses a result
// above the quota; callers check first so that never fires in normal operation.
void AddTicketTypeCounts(Conn& c, int64_t ticket_type_id, int64_t sold_delta, int64_t pending_delta);

}  // namespace lanyard::storage
