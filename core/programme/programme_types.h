#pragma once
// The vocabulary of the programme (SPEC §10): session kinds, registration statuses (one
// to/from-string place each) and its limits. Its error codes are in core/common/error_codes.h.
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

// Limits of the input, in characters.
inline constexpr size_t kMaxTitle = 200;
inline constexpr size_t kMaxAbstract = 10000;
inline constexpr size_t kMaxSpeakerName = 200;
inline constexpr size_t kMaxRoom = 100;
inline constexpr int64_t kMaxCapacity = 1000000;
inline constexpr size_t kMaxTicketTypes = 50;

}  // namespace lanyard::programme
