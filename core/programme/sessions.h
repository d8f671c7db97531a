#pragma once
// Sessions of an event (SPEC §10): the organizer's CRUD and the public reads, plus the event's
// programme settings. Every change is one write unit (core/common/write_unit.h).
//
// Who may do what (core/events/event_access.h on the session's event):
//   list, read                 — kView (as the event; anonymous callers too)
//   create, update, delete     — kManage (the event's organizer, admins)
//   settings                   — kView to read, kManage to change
// A session of an event the caller may not see is a 404.
//
// Thread safety: every function may be called from any request thread.
#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "core/accounts/auth_user.h"
#include "core/app.h"
#include "core/common/result.h"
#include "core/ops/audit.h"

namespace lanyard::programme {

// The fields of a create or a patch; absent (nullopt) keeps the current value on a patch and
// takes the default on a create. For the nullable ones the inner optional is the JSON null.
struct SessionInput {
  std::optional<std::string> kind, title, abstract, speaker_name, room, starts_at, ends_at;
  std::optional<std::optional<int64_t>> speaker_user_id;
  std::optional<std::optional<int64_t>> capacity;  // null = unlimited
  std::optional<bool> requires_ticket;              // default true
  std::optional<std::vector<int64_t>> ticket_type_ids;
};

// POST /events/{id}/sessions → the session. validation_failed with fields (kind, title, abstract,
// speaker_name, speaker_user_id, room, starts_at, ends_at, capacity, ticket_type_ids);
// invalid_state on a cancelled event.
Result<nlohmann::json> Create(App& app, const AuthUser& user, int64_t event_id, const SessionInput& in);
// PATCH /sessions/{id} → the session. As Create, and capacity_below_registered when the new
// capacity is under the seats held. Raising the capacity promotes waitlisted people in order
// (mailed); moving the time or the room mails everyone registered or waiting (session_changed).
Result<nlohmann::json> Update(App& app, const AuthUser& user, int64_t session_id, const SessionInput& in);
// DELETE /sessions/{id}: with its registrations.
Status Delete(App& app, const AuthUser& user, int64_t session_id);

// GET /sessions/{id}; `user` may be null.
Result<nlohmann::json> Get(App& app, const AuthUser* user, int64_t session_id);
// GET /events/{id}/sessions?kind=: {items, total, limit, offset, no_overlapping_sessions}.
// validation_failed (fields.kind) for an unknown kind.
Result<nlohmann::json> ListForEvent(App& app, const AuthUser* user, int64_t event_id,
                                    const std::string& kind, ListPage page);

// GET / PATCH /events/{id}/session-settings: {event_id, no_overlapping_sessions}.
Result<nlohmann::json> GetSettings(App& app, const AuthUser* user, int64_t event_id);
Result<nlohmann::json> UpdateSettings(App& app, const AuthUser& user, int64_t event_id,
                                      std::optional<bool> no_overlapping_sessions);

}  // namespace lanyard::programme
