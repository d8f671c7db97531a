#include "storage/uploads_repo.h"

#include "storage/query.h"

namespace lanyard::storage {

UploadUsage UserUploadUsage(Conn& c, int64_t user_id) {
  Query q(c,
          "SELECT (SELECT COUNT(*) FROM documents WHERE user_id = ?1) + "
          "       (SELECT COUNT(*) FROM payment_proofs p JOIN orders o ON o.id = p.order_id "
          "        WHERE o.user_id = ?1), "
          "       (SELECT COALESCE(SUM(size), 0) FROM documents WHERE user_id = ?1) + "
          "       (SELECT COALESCE(SUM(p.size), 0) FROM payment_proofs p "
          "        JOIN orders o ON o.id = p.order_id WHERE o.user_id = ?1)",
          user_id);
  UploadUsage usage;
  if (q.Next()) usage = {q.Int(0), q.Int(1)};
  return usage;
}

UploadUsage OrderUploadUsage(Conn& c, int64_t order_id) {
  Query q(c, "SELECT COUNT(*), COALESCE(SUM(size), 0) FROM payment_proofs WHERE order_id = ?",
          order_id);
  UploadUsage usage;
  if (q.Next()) usage = {q.Int(0), q.Int(1)};
  return usage;
}

}  // namespace lanyard::storage
