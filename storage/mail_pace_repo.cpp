#include "storage/mail_pace_repo.h"

#include <algorithm>
#include <string>

#include "storage/query.h"

namespace lanyard::storage {

int64_t ReserveMailSlot(Conn& c, std::string_view name, int64_t now_ms, int64_t gap_ms) {
  const std::string key(name);
  int64_t slot = now_ms;
  {
    Query q(c, "SELECT next_at_ms FROM mail_pace WHERE name = ?", key);
    if (q.Next()) slot = std::max(slot, q.Int(0));
  }
  Exec(c,
       "INSERT INTO mail_pace (name, next_at_ms) VALUES (?, ?) "
       "ON CONFLICT (name) DO UPDATE SET next_at_ms = excluded.next_at_ms",
       key, slot + gap_ms);
  return slot;
}

}  // namespace lanyard::storage
