#pragma once
// The ticket holders a buyer named at checkout (migration 0019), one per ticket unit of an order,
// kept until the tickets are issued. Plain reads and writes; the rules are in
// core/orders/order_holders.*. Call inside a unit of work (writes) or on a reader.
#include <cstdint>
#include <string>
#include <vector>

#include "storage/conn.h"

namespace lanyard::storage {

struct OrderHolderRow {
  int64_t position = 0;  // 1..units of the order, in the order of its items
  std::string name;      // "" = the buyer
  std::string email;     // "" = none (the ticket stays with the buyer's address)
};

void InsertOrderHolder(Conn& c, int64_t order_id, const OrderHolderRow& h);
// The order's holders by position (empty when the buyer named none).
std::vector<OrderHolderRow> OrderHolders(Conn& c, int64_t order_id);

}  // namespace lanyard::storage
