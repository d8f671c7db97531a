#include "storage/revocations_repo.h"

#include "storage/query.h"

namespace lanyard::storage {

namespace {

std::vector<TicketDoorState> ReadStates(Query& q) {
  std::vector<TicketDoorState> out;
  while (q.Next()) {
    TicketDoorState s;
    s.ticket_id = q.Int(0);
    s.status = ParseTicketStatus(q.Text(1)).value_or(TicketStatus::kVoid);
    s.checked_in = !q.IsNull(2);
    out.push_back(s);
  }
  return out;
}

}  // namespace

int64_t LatestTicketChange(Conn& c) {
  return ScalarInt(c, "SELECT COALESCE(MAX(seq), 0) FROM ticket_changes").value_or(0);
}

std::vector<TicketDoorState> RevokedTickets(Conn& c, int64_t event_id) {
  Query q(c,
          "SELECT id, status, checked_in_at FROM tickets WHERE event_id = ? AND "
          "(status <> 'valid' OR checked_in_at IS NOT NULL) ORDER BY id",
          event_id);
  return ReadStates(q);
}

std::vector<TicketDoorState> TicketsChangedSince(Conn& c, int64_t event_id, int64_t since) {
  Query q(c,
          "SELECT id, status, checked_in_at FROM tickets WHERE id IN (SELECT ticket_id FROM "
          "ticket_changes WHERE event_id = ? AND seq > ?) ORDER BY id",
          event_id, since);
  return ReadStates(q);
}

}  // namespace lanyard::storage
