#include "core/programme/programme_types.h"

namespace lanyard::programme {

std::optional<SessionKind> ParseSessionKind(std::string_view text) {
  if (text == "talk") return SessionKind::kTalk;
  if (text == "workshop") return SessionKind::kWorkshop;
  if (text == "keynote") return SessionKind::kKeynote;
  return std::nullopt;
}

const char* SessionKindName(SessionKind kind) {
  switch (kind) {
    case SessionKind::kTalk: return "talk";
    case SessionKind::kWorkshop: return "workshop";
    case SessionKind::kKeynote: return "keynote";
  }
  return "talk";
}

std::optional<RegistrationStatus> ParseRegistrationStatus(std::string_view text) {
  if (text == "registered") return RegistrationStatus::kRegistered;
  if (text == "waitlisted") return RegistrationStatus::kWaitlisted;
  return std::nullopt;
}

const char* RegistrationStatusName(RegistrationStatus status) {
  return status == RegistrationStatus::kRegistered ? "registered" : "waitlisted";
}

}  // namespace lanyard::programme
