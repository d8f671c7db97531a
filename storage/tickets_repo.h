#pragma once
// Tickets: all their SQL (issuing, voiding, reading, the holder, the attendee list).
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "storage/conn.h"
#include "storage/statuses.h"

namespace lanyard::storage {

struct TicketRow {
  int64_t id = 0;
  int64_t order_id = 0;
  int64_t event_id = 0;
  int64_t ticket_type_id = 0;
  int64_t user_id = 0;
  std::string holder_name;
  std::string holder_email;
  std::string code;  // empty only between insert and SetTicketCode, inside one unit of work
  TicketStatus status = TicketStatus::kValid;
  std::optional<std::string> checked_in_at;
  std::optional<int64_t> checked_in_by;
  std::string created_at;
  // Joined for display (read-only).
  std::string ticket_type_name;
  std::string order_code;
  std::string event_title;
  std::string event_time_zone;  // the event's own zone, "" = the deployment's
  int64_t number_in_order = 0;  // 1, 2, ... by id within the order: the short reference's number
};

// Inserts with a NULL code and returns the id; the caller signs the id and sets the code.
int64_t InsertTicket(Conn& c, const TicketRow& t);
void SetTicketCode(Conn& c, int64_t ticket_id, const std::string& code);
// The ticket type's name, or "" when there is no such type.
std::string TicketTypeName(Conn& c, int64_t ticket_type_id);
// Voids every valid ticket of the order; returns how many changed.
int VoidOrderTickets(Conn& c, int64_t order_id);

std::optional<TicketRow> FindTicket(Conn& c, int64_t id);
// True when `person` holds a valid ticket (as its holder or its buyer) for an event that
// `organizer` organizes: what lets an organizer see that person's documents (SPEC §3).
bool HoldsTicketForOrganizer(Conn& c, int64_t person, int64_t organizer);
std::vector<TicketRow> ListOrderTickets(Conn& c, int64_t order_id);
// The `number`-th ticket (1-based, by id) of the order with this code: a short reference
// "K7QX2M9A-2" typed at the door.
std::optional<TicketRow> FindTicketByRef(Conn& c, const std::string& order_code, int64_t number);
// Every ticket of the order with this code, by id (empty when there is no such order).
std::vector<TicketRow> ListTicketsOfOrderCode(Conn& c, const std::string& order_code);
// A user's tickets, newest first.
std::vector<TicketRow> ListUserTickets(Conn& c, int64_t user_id, int limit, int offset,
                                       int64_t* total);
// Sets the holder while the ticket is not checked in; false when it was checked in meanwhile.
bool UpdateTicketHolder(Conn& c, int64_t id, const std::string& holder_name,
                        const std::string& holder_email);

// The attendee list of an event: valid tickets, by id. `q` matches holder name, holder email or
// order code (substring, case-insensitive for ASCII). limit < 0 means all.
struct AttendeeFilter {
  int64_t event_id = 0;
  std::string q;
  int limit = 20;
  int offset = 0;
};
std::vector<TicketRow> ListAttendees(Conn& c, const AttendeeFilter& f, int64_t* total);

}  // namespace lanyard::storage
