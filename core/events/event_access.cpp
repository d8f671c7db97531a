#include "core/events/event_access.h"

namespace lanyard {

bool CanManageEvent(const AuthUser* user, const storage::EventRow& e) {
  return user && (user->IsAdmin() || (user->role == Role::kOrganizer && user->id == e.organizer_id));
}

bool CanStaffEvent(const AuthUser* user, const storage::EventRow& e) {
  return user && (user->role == Role::kStaff || CanManageEvent(user, e));
}

bool CanSeeEvent(const AuthUser* user, const storage::EventRow& e) {
  if (e.status == EventStatus::kPublished || e.status == EventStatus::kCancelled) return true;
  return user && (user->AtLeast(Role::kStaff) && (user->role != Role::kOrganizer || user->id == e.organizer_id));
}

Result<storage::EventRow> LoadEvent(storage::Conn& c, const AuthUser* user, int64_t event_id,
                                    EventAccess need) {
  auto e = storage::FindEvent(c, event_id);
  if (!e || !CanSeeEvent(user, *e)) return Error::NotFound("No such event.");
  const bool allowed = need == EventAccess::kView ||
                       (need == EventAccess::kStaff && CanStaffEvent(user, *e)) ||
                       (need == EventAccess::kManage && CanManageEvent(user, *e));
  if (!allowed) {
    if (!user) return Error::Unauthorized("Sign in to do this.");
    return Error::Forbidden("You may not do this on this event.");
  }
  return *e;
}

Result<storage::EventRow> LoadEventToChange(storage::Conn& c, const AuthUser& user, int64_t event_id,
                                            EventAccess need, const std::string& when_cancelled) {
  auto e = LoadEvent(c, &user, event_id, need);
  if (e && e->status == EventStatus::kCancelled) return Error::Conflict(codes::kInvalidState, when_cancelled);
  return e;
}

}  // namespace lanyard
