#pragma once
// The event-bound times an organizer plans as wall-clock times at the venue, besides the event's
// own start and end (storage/events_repo.h): ticket types' sale windows, programme sessions,
// the nomination and voting windows, competitions' registration windows and stage deadlines,
// and the send time of campaigns still scheduled. Moving an event to another time zone while
// keeping its wall-clock times rewrites them all (core/events/zone_change.h).
//
// Not here, on purpose: times that record or derive from a moment that happened (created_at,
// paid_at, checked_in_at, orders' expires_at = placed + payment window, invitations' expiry,
// draw winners' claim_deadline = awarded_at + claim window, sent campaigns): they are instants.
//
// Every function takes the connection it is given (a writer unit for changes).
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "storage/conn.h"

namespace lanyard::storage {

// Which table a row of times comes from; its columns, in order, are in the comments.
enum class EventTimeTable {
  kTicketTypes,         // sales_start, sales_end (each may be null)
  kSessions,            // starts_at, ends_at
  kNominationSettings,  // nominations_open, nominations_close, voting_open, voting_close
  kCompetitions,        // registration_opens, registration_closes
  kCompetitionStages,   // deadline
  kScheduledCampaigns,  // scheduled_at (campaigns with status scheduled only)
};

// One row's event-bound times as stored (RFC 3339 UTC text, nullopt = not set), in the column
// order above. `id` is the row's id (the event's id for kNominationSettings).
struct EventTimeRow {
  EventTimeTable table = EventTimeTable::kTicketTypes;
  int64_t id = 0;
  std::vector<std::optional<std::string>> times;
};

// Every row of the event holding such times, table by table in the order of the enum, by id.
std::vector<EventTimeRow> ListEventTimeRows(Conn& c, int64_t event_id);

// Writes `row.times` back to its row in one statement (so a CHECK such as ends_at > starts_at
// sees both new values at once). `row.times` must have the table's column count; throws
// std::invalid_argument otherwise.
void UpdateEventTimeRow(Conn& c, const EventTimeRow& row);

}  // namespace lanyard::storage
