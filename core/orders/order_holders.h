#pragma once
// Ticket holders named at checkout (issue 15 item 5): an event's `holder_details` setting says
// whether checkout asks who each ticket is for (off | optional | required). The holders are
// kept with the order and used when its tickets are issued; a holder with an address other
// than the buyer's then gets the ticket_holder mail (core/checkin/ticket_share.h).
//
// Pure functions; thread-safe.
#include <cstdint>
#include <string>
#include <vector>

#include "core/common/result.h"
#include "storage/events_repo.h"
#include "storage/order_holders_repo.h"

namespace lanyard::orders {

// One entry of POST /orders `holders`: who the ticket at that place is for.
struct HolderInput {
  std::string name;   // may be empty when the event's holder_details is optional
  std::string email;  // optional; a valid address when given
};

// Checks `holders` (one per ticket unit of the order, `units` in all, in the order of its
// items) against the event's setting and returns the rows to store (trimmed; positions 1..n).
// off: the list is ignored (empty result). optional: none, or exactly `units` entries, names
// may be empty. required: exactly `units` entries, each with a name. validation_failed with
// fields "holders" or "holders[i].name" / "holders[i].email" otherwise.
Result<std::vector<storage::OrderHolderRow>> CheckHolders(const storage::EventRow& event,
                                                          const std::vector<HolderInput>& holders,
                                                          int64_t units);

}  // namespace lanyard::orders
