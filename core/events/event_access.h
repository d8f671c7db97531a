#pragma once
// Who may see and act on an event (SPEC §1): a resource the caller may not see is a 404, a
// visible one the caller may not change is a 403.
//   kView   — published or cancelled events for everyone; others for their owner and staff+.
//   kStaff  — desk work (orders, payments, check-in, stats, attendees): admin and staff on every
//             event, an organizer on their own.
//   kManage — changes (edit, ticket types, cancel, image, draws): the owner or an admin.
#include <cstdint>
#include <string>

#include "core/accounts/auth_user.h"
#include "core/common/result.h"
#include "storage/events_repo.h"

namespace lanyard {

enum class EventAccess { kView, kStaff, kManage };

// `user` may be null for anonymous callers.
Result<storage::EventRow> LoadEvent(storage::Conn& c, const AuthUser* user, int64_t event_id,
                                    EventAccess need);
// LoadEvent for a change that a cancelled event refuses: invalid_state carrying
// `when_cancelled` (a sentence) for a cancelled one.
Result<storage::EventRow> LoadEventToChange(storage::Conn& c, const AuthUser& user, int64_t event_id,
                                            EventAccess need, const std::string& when_cancelled);
bool CanSeeEvent(const AuthUser* user, const storage::EventRow& e);
bool CanStaffEvent(const AuthUser* user, const storage::EventRow& e);
bool CanManageEvent(const AuthUser* user, const storage::EventRow& e);

}  // namespace lanyard
