#pragma once
// The short, typable reference of a ticket: its order's code, a dash and the ticket's number
// within the order (1, 2, ... by issue order), e.g. "K7QX2M9A-2". Printed on the ticket page and
// in the tickets mail; the door types it when the camera cannot read the QR. It is not a
// secret (the signed QR code is the ticket's proof): only staff can check in with it.
//
// Pure functions; thread-safe.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace lanyard {

struct TicketRef {
  std::string order_code;  // core/orders/order_code.h
  int64_t number = 0;      // 1-based place of the ticket in its order
};

// "K7QX2M9A-2".
std::string FormatTicketRef(std::string_view order_code, int64_t number);

// Reads what a person typed: case and surrounding spaces do not matter, the separator may be
// "-", " " or "#" ("k7qx2m9a 2"). nullopt for anything else; numbers 1..9999.
std::optional<TicketRef> ParseTicketRef(std::string_view typed);

// The typed text as an order code ("k7qx2m9a " → "K7QX2M9A"), or nullopt when it is not one.
std::optional<std::string> ParseOrderCode(std::string_view typed);

}  // namespace lanyard
