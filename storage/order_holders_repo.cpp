#include "storage/order_holders_repo.h"

#include "storage/query.h"

namespace lanyard::storage {

void InsertOrderHolder(Conn& c, int64_t order_id, const OrderHolderRow& h) {
  Exec(c, "INSERT INTO order_holders (order_id, position, name, email) VALUES (?, ?, ?, ?)",
       order_id, h.position, h.name, h.email);
}

std::vector<OrderHolderRow> OrderHolders(Conn& c, int64_t order_id) {
  std::vector<OrderHolderRow> out;
  Query q(c, "SELECT position, name, email FROM order_holders WHERE order_id = ? ORDER BY position",
          order_id);
  while (q.Next()) out.push_back({q.Int(0), q.Text(1), q.Text(2)});
  return out;
}

}  // namespace lanyard::storage
