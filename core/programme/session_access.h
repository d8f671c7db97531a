#pragma once
// Who may see or act on a session: its event's access rule (core/events/event_access.h) applied
// to the session, so a session of an event the caller may not see is a 404 (SPEC §1).
//
// Thread safety: LoadSession reads through the connection it is given (a reader, or the writer
// inside a unit); CheckSessionAccess uses the calling thread's reader.
#include <cstdint>

#include "core/accounts/auth_user.h"
#include "core/app.h"
#include "core/common/result.h"
#include "core/events/event_access.h"
#include "storage/sessions_repo.h"

namespace lanyard::programme {

struct LoadedSession {
  storage::SessionRow session;
  storage::EventRow event;
};

// The session and its event when the caller (`user` may be null) has `need` on the event:
// not_found for no such session or an event the caller may not see; forbidden for one they
// see but may not act on.
Result<LoadedSession> LoadSession(storage::Conn& c, const AuthUser* user, int64_t session_id,
                                  EventAccess need);

// LoadSession from a read, for routes that refuse a caller before reading a request body, so
// a refused caller learns nothing about what the body lacks.
Status CheckSessionAccess(App& app, const AuthUser& user, int64_t session_id, EventAccess need);

}  // namespace lanyard::programme
