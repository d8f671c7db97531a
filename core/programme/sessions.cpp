#include "core/programme/sessions.h"

#include <set>

#include "core/common/time_util.h"
#include "core/common/validation.h"
#include "core/common/write_unit.h"
#include "core/events/event_access.h"
#include "core/events/event_views.h"
#include "core/programme/programme_types.h"
#include "core/programme/registrations.h"
#include "core/programme/session_access.h"
#include "core/programme/session_mail.h"
#include "core/programme/session_views.h"
#include "storage/sessions_repo.h"
#include "storage/users_repo.h"

namespace lanyard::programme {

using nlohmann::json;

namespace {

void CheckText(std::map<std::string, std::string>& fields, const char* name, const std::string& v,
               size_t min, size_t max, bool multiline) {
  const size_t len = Utf8Length(v);
  if (!IsValidUtf8(v) || HasControlChars(v, multiline)) {
    fields[name] = "must be text without control characters";
  } else if (len < min || len > max) {
    fields[name] = min > 0 ? "must be " + std::to_string(min) + " to " + std::to_string(max) + " characters"
                           : "must be at most " + std::to_string(max) + " characters";
  }
}

// Applies `in` onto `row` (a new row with its defaults, or the current one) and checks the
// result. `types` gets the ticket type ids when given.
std::map<std::string, std::string> ApplyInput(storage::Conn& c, const SessionInput& in,
                                              storage::SessionRow& row,
                                              std::optional<std::vector<int64_t>>& types) {
  std::map<std::string, std::string> fields;
  if (in.kind) {
    if (!ParseSessionKind(*in.kind)) fields["kind"] = "must be talk, workshop or keynote";
    row.kind = *in.kind;
  }
  if (in.title) row.title = Trim(*in.title);
  if (in.abstract) row.abstract = *in.abstract;
  if (in.speaker_name) row.speaker_name = Trim(*in.speaker_name);
  if (in.room) row.room = Trim(*in.room);
  if (in.speaker_user_id) row.speaker_user_id = *in.speaker_user_id;
  if (in.capacity) row.capacity = *in.capacity;
  if (in.requires_ticket) row.requires_ticket = *in.requires_ticket;
  for (auto [name, text] : {std::pair{"starts_at", &in.starts_at}, std::pair{"ends_at", &in.ends_at}}) {
    if (!*text) continue;
    auto t = ParseRfc3339(**text);
    if (!t) {
      fields[name] = "must be an RFC 3339 timestamp";
    } else {
      (std::string(name) == "starts_at" ? row.starts_at : row.ends_at) = FormatRfc3339(*t);
    }
  }
  CheckText(fields, "title", row.title, 1, kMaxTitle, false);
  CheckText(fields, "abstract", row.abstract, 0, kMaxAbstract, true);
  CheckText(fields, "speaker_name", row.speaker_name, 0, kMaxSpeakerName, false);
  CheckText(fields, "room", row.room, 0, kMaxRoom, false);
  if (row.kind.empty() && !fields.count("kind")) fields["kind"] = "is required";
  if (row.starts_at.empty() && !fields.count("starts_at")) fields["starts_at"] = "is required";
  if (row.ends_at.empty() && !fields.count("ends_at")) fields["ends_at"] = "is required";
  if (!fields.count("starts_at") && !fields.count("ends_at") && !row.starts_at.empty() &&
      !row.ends_at.empty() && row.ends_at <= row.starts_at) {
    fields["ends_at"] = "must be after starts_at";
  }
  if (row.capacity && (*row.capacity < 0 || *row.capacity > kMaxCapacity)) {
    fields["capacity"] = "must be 0 to " + std::to_string(kMaxCapacity) + ", or null for unlimited";
  }
  if (row.speaker_user_id && !storage::FindUserById(c, *row.speaker_user_id)) {
    fields["speaker_user_id"] = "is not a user";
  }
  if (in.ticket_type_ids) {
    std::set<int64_t> unique(in.ticket_type_ids->begin(), in.ticket_type_ids->end());
    std::vector<int64_t> ids(unique.begin(), unique.end());
    if (ids.size() > kMaxTicketTypes) {
      fields["ticket_type_ids"] = "at most " + std::to_string(kMaxTicketTypes) + " ticket types";
    } else if (storage::CountEventTicketTypes(c, row.event_id, ids) != static_cast<int64_t>(ids.size())) {
      fields["ticket_type_ids"] = "must be ticket types of this event";
    }
    types = std::move(ids);
  }
  return fields;
}

std::optional<MyPlace> PlaceOf(storage::Conn& c, const AuthUser* user, int64_t session_id) {
  if (!user) return std::nullopt;
  auto r = storage::FindRegistration(c, session_id, user->id);
  if (!r) return std::nullopt;
  MyPlace my{r->status, std::nullopt, r->checked_in_at};
  if (r->status == "waitlisted") my.position = storage::WaitlistPosition(c, session_id, r->id);
  return my;
}

json View(storage::Conn& c, const AuthUser* user, const storage::SessionRow& s) {
  return SessionJson(s, storage::SessionTicketTypes(c, s.id), user != nullptr,
                     PlaceOf(c, user, s.id));
}

}  // namespace

Result<json> Create(App& app, const AuthUser& user, int64_t event_id, const SessionInput& in) {
  auto id = WriteUnit<int64_t>(app.db(), [&](storage::Conn& c) -> Result<int64_t> {
    auto e = LoadEvent(c, &user, event_id, EventAccess::kManage);
    if (!e) return e.error();
    if (e->status == EventStatus::kCancelled) return Error::Conflict(codes::kInvalidState, "This event is cancelled.");
    storage::SessionRow row;
    row.event_id = event_id;
    std::optional<std::vector<int64_t>> types;
    auto fields = ApplyInput(c, in, row, types);
    if (!fields.empty()) return Error::Invalid(fields);
    row.created_at = row.updated_at = NowRfc3339();
    row.id = storage::InsertSession(c, row);
    if (types) storage::SetSessionTicketTypes(c, row.id, *types);
    WriteAudit(c, user.id, "session.create", "session", row.id,
               {{"event_id", event_id}, {"title", row.title}});
    return row.id;
  });
  if (!id) return id.error();
  return Get(app, &user, *id);
}

Result<json> Update(App& app, const AuthUser& user, int64_t session_id, const SessionInput& in) {
  auto done = WriteUnit(app.db(), [&](storage::Conn& c) -> Status {
    auto loaded = LoadSession(c, &user, session_id, EventAccess::kManage);
    if (!loaded) return loaded.error();
    const storage::SessionRow before = loaded->session;
    storage::SessionRow row = before;
    std::optional<std::vector<int64_t>> types;
    auto fields = ApplyInput(c, in, row, types);
    if (!fields.empty()) return Error::Invalid(fields);
    if (row.capacity && *row.capacity < before.registered) {
      Error e = Error::Conflict(codes::kCapacityBelowRegistered,
                                "The capacity cannot go below the " +
                                    std::to_string(before.registered) +
                                    (before.registered == 1 ? " seat" : " seats") +
                                    " already taken.");
      e.extra["registered"] = std::to_string(before.registered);
      return e;
    }
    row.updated_at = NowRfc3339();
    storage::UpdateSession(c, row);
    if (types) storage::SetSessionTicketTypes(c, row.id, *types);
    const bool moved = before.starts_at != row.starts_at || before.ends_at != row.ends_at ||
                       before.room != row.room;
    if (moved) {
      if (before.starts_at != row.starts_at) storage::ClearReminders(c, row.id);
      int64_t total = 0;
      for (const auto& r : storage::ListRegistrations(c, row.id, 1000000, 0, &total)) {
        MailChanged(app, c, before, row, loaded->event.title, r);
      }
    }
    PromoteWaitlistInUnit(app, c, row.id, loaded->event.title);
    WriteAudit(c, user.id, "session.update", "session", row.id,
               {{"event_id", row.event_id}, {"moved", moved}});
    return OkStatus();
  });
  if (!done) return done.error();
  return Get(app, &user, session_id);
}

Status Delete(App& app, const AuthUser& user, int64_t session_id) {
  return WriteUnit(app.db(), [&](storage::Conn& c) -> Status {
    auto loaded = LoadSession(c, &user, session_id, EventAccess::kManage);
    if (!loaded) return loaded.error();
    storage::DeleteSession(c, session_id);
    WriteAudit(c, user.id, "session.delete", "session", session_id,
               {{"event_id", loaded->session.event_id},
                {"title", loaded->session.title},
                {"registered", loaded->session.registered},
                {"waitlisted", loaded->session.waitlisted}});
    return OkStatus();
  });
}

Result<json> Get(App& app, const AuthUser* user, int64_t session_id) {
  storage::Conn& c = app.db().Reader();
  auto loaded = LoadSession(c, user, session_id, EventAccess::kView);
  if (!loaded) return loaded.error();
  json out = View(c, user, loaded->session);
  out["event_title"] = loaded->event.title;
  out["event_time_zone"] = events::EventZoneJson(loaded->event);
  out["no_overlapping_sessions"] = storage::NoOverlappingSessions(c, loaded->session.event_id);
  return out;
}

Result<json> ListForEvent(App& app, const AuthUser* user, int64_t event_id, const std::string& kind,
                          ListPage page) {
  if (!kind.empty() && !ParseSessionKind(kind)) {
    return Error::Invalid("kind", "must be talk, workshop or keynote");
  }
  storage::Conn& c = app.db().Reader();
  auto e = LoadEvent(c, user, event_id, EventAccess::kView);
  if (!e) return e.error();
  int64_t total = 0;
  json items = json::array();
  for (const auto& s : storage::ListEventSessions(c, event_id, kind, page.limit, page.offset, &total)) {
    json item = View(c, user, s);
    item["event_time_zone"] = events::EventZoneJson(*e);
    items.push_back(std::move(item));
  }
  return json{{"items", std::move(items)},
              {"total", total},
              {"limit", page.limit},
              {"offset", page.offset},
              {"no_overlapping_sessions", storage::NoOverlappingSessions(c, event_id)}};
}

Result<json> GetSettings(App& app, const AuthUser* user, int64_t event_id) {
  storage::Conn& c = app.db().Reader();
  auto e = LoadEvent(c, user, event_id, EventAccess::kView);
  if (!e) return e.error();
  return json{{"event_id", event_id},
              {"no_overlapping_sessions", storage::NoOverlappingSessions(c, event_id)}};
}

Result<json> UpdateSettings(App& app, const AuthUser& user, int64_t event_id,
                            std::optional<bool> no_overlapping_sessions) {
  auto done = WriteUnit(app.db(), [&](storage::Conn& c) -> Status {
    auto e = LoadEvent(c, &user, event_id, EventAccess::kManage);
    if (!e) return e.error();
    if (no_overlapping_sessions) {
      storage::SetNoOverlappingSessions(c, event_id, *no_overlapping_sessions);
      WriteAudit(c, user.id, "session.settings", "event", event_id,
                 {{"no_overlapping_sessions", *no_overlapping_sessions}});
    }
    return OkStatus();
  });
  if (!done) return done.error();
  return GetSettings(app, &user, event_id);
}

}  // namespace lanyard::programme
