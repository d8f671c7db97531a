#pragma once
// The JSON of the programme, built from rows outside any writer unit (pure functions).
#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "storage/sessions_repo.h"

namespace lanyard::programme {

// The caller's own place in a session: {status, position (1-based, waitlist only, else null),
// checked_in_at}.
struct MyPlace {
  std::string status;  // registered | waitlisted
  std::optional<int64_t> position;
  std::optional<std::string> checked_in_at;
};

// A session (SPEC §10): id, event_id, kind, title, abstract, speaker_name, speaker_user_id,
// room, starts_at, ends_at, capacity (null = unlimited), requires_ticket, ticket_type_ids[],
// registered, waitlisted, seats_left (null when unlimited), full, and `my` (MyPlace or null)
// when `signed_in`.
nlohmann::json SessionJson(const storage::SessionRow& s, const std::vector<int64_t>& ticket_type_ids,
                           bool signed_in, const std::optional<MyPlace>& my);

// A registration as staff see it: id, session_id, user_id, name, email, status, position,
// created_at, registered_at, checked_in_at.
nlohmann::json RegistrationJson(const storage::RegistrationRow& r, std::optional<int64_t> position);

// The session's list as CSV (RFC 4180, CRLF): a header row, then one row per registration in
// the order given. Cells starting with = + - @ are prefixed with ' (spreadsheet injection).
std::string RegistrationsCsv(const std::vector<storage::RegistrationRow>& rows);

}  // namespace lanyard::programme
