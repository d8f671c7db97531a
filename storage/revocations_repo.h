#pragma once
// What an offline door scanner must refuse (SPEC §7 GET /events/{id}/revocations): an event's
// void tickets and the tickets already checked in, whole or as the changes after a cursor.
// The cursor is ticket_changes.seq, written by a trigger on every change of a ticket's status
// or check-in (migration 0014), so no writer has to remember to record it.
#include <cstdint>
#include <string>
#include <vector>

#include "storage/conn.h"
#include "storage/statuses.h"

namespace lanyard::storage {

struct TicketDoorState {
  int64_t ticket_id = 0;
  TicketStatus status = TicketStatus::kValid;
  bool checked_in = false;
};

// The newest change sequence number (0 when nothing ever changed). Read it BEFORE the states:
// a change that lands in between is then sent again next time, never missed.
int64_t LatestTicketChange(Conn& c);
// The event's tickets that are void or checked in, by id.
std::vector<TicketDoorState> RevokedTickets(Conn& c, int64_t event_id);
// The current state of each of the event's tickets changed after `since`, by id.
std::vector<TicketDoorState> TicketsChangedSince(Conn& c, int64_t event_id, int64_t since);

}  // namespace lanyard::storage
