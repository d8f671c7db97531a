#pragma once
// The authenticated caller and the role order of SPEC §1: admin > organizer > staff > attendee.
#include <cstdint>
#include <string>
#include <string_view>

namespace lanyard {

enum class Role { kAttendee = 0, kStaff = 1, kOrganizer = 2, kAdmin = 3 };

Role ParseRole(std::string_view text);  // unknown text → kAttendee
const char* RoleName(Role role);
bool IsRoleName(std::string_view text);

struct AuthUser {
  int64_t id = 0;
  int64_t session_id = 0;
  Role role = Role::kAttendee;
  std::string email;
  std::string name;
  std::string locale = "en";
  bool email_confirmed = false;

  bool AtLeast(Role min) const { return static_cast<int>(role) >= static_cast<int>(min); }
  bool IsAdmin() const { return role == Role::kAdmin; }
};

}  // namespace lanyard
