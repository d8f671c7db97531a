#include "core/programme/session_access.h"

namespace lanyard::programme {

Result<LoadedSession> LoadSession(storage::Conn& c, const AuthUser* user, int64_t session_id,
                                  EventAccess need) {
  auto s = storage::FindSession(c, session_id);
  if (!s) return Error::NotFound("No such session.");
  auto e = LoadEvent(c, user, s->event_id, need);
  if (!e) {
    if (e.error().code == "not_found") return Error::NotFound("No such session.");
    return e.error();
  }
  return LoadedSession{std::move(*s), std::move(e.value())};
}

Status CheckSessionAccess(App& app, const AuthUser& user, int64_t session_id, EventAccess need) {
  auto loaded = LoadSession(app.db().Reader(), &user, session_id, need);
  if (!loaded) return loaded.error();
  return OkStatus();
}

}  // namespace lanyard::programme
