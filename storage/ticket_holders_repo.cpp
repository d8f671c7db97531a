#include "storage/ticket_holders_repo.h"

#include "storage/query.h"

namespace lanyard::storage {

std::vector<HolderAddress> EventHolderAddresses(Conn& c, int64_t event_id,
                                                const HolderFilter& filter) {
  // Buyers (priority 0) and named holders (priority 1; an account with that address lends its
  // name and language); sorted so that the first row of each address is the one to keep.
  Query q(c,
          "SELECT email, email_norm, name, locale FROM ("
          " SELECT u.email AS email, u.email_norm AS email_norm, u.name AS name,"
          "  u.locale AS locale, 0 AS priority"
          " FROM tickets t JOIN users u ON u.id = t.user_id"
          " WHERE t.event_id = ?1 AND t.status = 'valid' AND u.active = 1"
          "  AND (?2 = 0 OR t.checked_in_at IS NOT NULL)"
          "  AND (t.ticket_type_id = ?3 OR ?3 = 0)"
          " UNION ALL"
          " SELECT COALESCE(a.email, trim(t.holder_email)), lower(trim(t.holder_email)),"
          "  COALESCE(a.name, t.holder_name), COALESCE(a.locale, ''), 1"
          " FROM tickets t LEFT JOIN users a ON a.email_norm = lower(trim(t.holder_email))"
          " WHERE t.event_id = ?1 AND t.status = 'valid' AND trim(t.holder_email) <> ''"
          "  AND (a.id IS NULL OR a.active = 1)"
          "  AND (?2 = 0 OR t.checked_in_at IS NOT NULL)"
          "  AND (t.ticket_type_id = ?3 OR ?3 = 0)"
          ") h WHERE (?4 = 0 OR NOT EXISTS (SELECT 1 FROM mail_subscriptions s"
          "  WHERE s.email_norm = h.email_norm AND s.unsubscribed_at IS NOT NULL))"
          " ORDER BY email_norm, priority, name",
          event_id, filter.checked_in_only, filter.ticket_type_id.value_or(0),
          filter.skip_unsubscribed);
  std::vector<HolderAddress> out;
  while (q.Next()) {
    HolderAddress a{q.Text(0), q.Text(1), q.Text(2), q.Text(3)};
    if (!out.empty() && out.back().email_norm == a.email_norm) continue;
    out.push_back(std::move(a));
  }
  return out;
}

}  // namespace lanyard::storage
