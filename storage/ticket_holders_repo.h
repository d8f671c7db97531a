#pragma once
// The people who hold an event's valid tickets, by address: each ticket's buyer (an account)
// and each ticket's named holder (a companion, with or without an account). For campaigns to
// ticket holders and for notices about the event (core/events/zone_change.h). Every function
// takes the connection it is given.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "storage/conn.h"

namespace lanyard::storage {

// Which tickets count.
struct HolderFilter {
  bool checked_in_only = false;              // only tickets checked in
  std::optional<int64_t> ticket_type_id;     // only tickets of this type
  bool skip_unsubscribed = false;            // leave out addresses that unsubscribed (campaigns)
};

// A person holding at least one of the tickets.
struct HolderAddress {
  std::string email;
  std::string email_norm;  // lower-cased, trimmed: one row per address
  std::string name;
  std::string locale;      // the account's (en | id); "" for a companion without an account
};

// One row per address, ordered by address. A buyer counts for every valid ticket of their
// orders (as before companions existed); a companion for the tickets naming their address.
// When an address is both, the account's name and language win.
std::vector<HolderAddress> EventHolderAddresses(Conn& c, int64_t event_id,
                                                const HolderFilter& filter);

}  // namespace lanyard::storage
