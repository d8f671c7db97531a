#pragma once
// The vocabulary of the programme (SPEC §10): session kinds, registration statuses (one
// to/from-string place each), the domain's error codes (web/errors maps them) and its limits.
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string_view>

namespace lanyard::programme {

enum class SessionKind { kTalk, kWorkshop, kKeynote };

// "talk" | "workshop" | "keynote"; nullopt for anything else.
std::optional<SessionKind> ParseSessionKind(std::string_view text);
const char* SessionKindName(SessionKind kind);

enum class RegistrationStatus { kRegistered, kWaitlisted };

std::optional<RegistrationStatus> ParseRegistrationStatus(std::string_view text);
const char* RegistrationStatusName(RegistrationStatus status);

// Error codes of the programme (besides the SPEC §2 ones).
inline constexpr const char* kTicketRequired = "ticket_required";          // 403
inline constexpr const char* kAlreadyRegistered = "already_registered";    // 409
inline constexpr const char* kScheduleConflict = "schedule_conflict";      // 409
inline constexpr const char* kCapacityBelowRegistered = "capacity_below_registered";  // 409
inline constexpr const char* kNotRegistered = "not_registered";            // 409 (door scan)
inline constexpr const char* kAlreadyCheckedIn = "already_checked_in";     // 409
inline constexpr const char* kInvalidState = "invalid_state";              // 409 (cancelled event)

// Limits of the input, in characters.
inline constexpr size_t kMaxTitle = 200;
inline constexpr size_t kMaxAbstract = 10000;
inline constexpr size_t kMaxSpeakerName = 200;
inline constexpr size_t kMaxRoom = 100;
inline constexpr int64_t kMaxCapacity = 1000000;
inline constexpr size_t kMaxTicketTypes = 50;

}  // namespace lanyard::programme
