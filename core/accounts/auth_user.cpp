#include "core/accounts/auth_user.h"

namespace lanyard {

Role ParseRole(std::string_view text) {
  if (text == "admin") return Role::kAdmin;
  if (text == "organizer") return Role::kOrganizer;
  if (text == "staff") return Role::kStaff;
  return Role::kAttendee;
}

const char* RoleName(Role role) {
  switch (role) {
    case Role::kAdmin: return "admin";
    case Role::kOrganizer: return "organizer";
    case Role::kStaff: return "staff";
    case Role::kAttendee: break;
  }
  return "attendee";
}

bool IsRoleName(std::string_view text) {
  return text == "admin" || text == "organizer" || text == "staff" || text == "attendee";
}

}  // namespace lanyard
