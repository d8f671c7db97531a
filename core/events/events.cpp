// Event commands (SPEC §4): create, edit, delete, submit, review, image; one read, the stats.
#include "core/common/local_time.h"
#include "core/common/time_util.h"
#include "core/common/upload_quota.h"
#include "core/common/uploads.h"
#include "core/common/validation.h"
#include "core/common/write_unit.h"
#include "core/events/event_access.h"
#include "core/events/events.h"
#include "core/mail/mail_outbox.h"
#include "storage/orders_repo.h"
#include "storage/ticket_types_repo.h"
#include "storage/users_repo.h"

namespace lanyard::events {

using nlohmann::json;

namespace {

// Checks the input and applies it onto `e`; `creating` makes title and times required.
Status ApplyInput(const EventInput& in, bool creating, storage::EventRow& e) {
  std::map<std::string, std::string> fields;
  auto text = [&](const std::optional<std::string>& v, const char* name, size_t max,
                  std::string& target, bool required) {
    if (!v) {
      if (required && creating) fields[name] = "is required";
      return;
    }
    std::string t = Trim(*v);
    if (required && t.empty()) {
      fields[name] = "must not be empty";
    } else if (Utf8Length(t) > max) {
      fields[name] = "must be at most " + std::to_string(max) + " characters";
    } else {
      target = t;
    }
  };
  text(in.title, "title", 200, e.title, true);
  text(in.description, "description", 20000, e.description, false);
  text(in.category, "category", 60, e.category, false);
  text(in.venue, "venue", 200, e.venue, false);
  text(in.city, "city", 100, e.city, false);
  text(in.address, "address", 300, e.address, false);
  if (in.online) e.online = *in.online;
  auto when = [&](const std::optional<std::string>& v, const char* name, std::string& target) {
    if (!v) {
      if (creating) fields[name] = "is required";
      return;
    }
    auto t = ParseRfc3339(*v);
    if (!t) {
      fields[name] = "must be an RFC 3339 time such as 2026-06-01T09:00:00Z";
    } else {
      target = FormatRfc3339(*t);
    }
  };
  when(in.starts_at, "starts_at", e.starts_at);
  when(in.ends_at, "ends_at", e.ends_at);
  if (in.time_zone) {
    const std::string zone = Trim(*in.time_zone);
    if (!zone.empty() && !IsTimeZone(zone)) {
      fields["time_zone"] = "must be an IANA time zone name such as Asia/Makassar, or empty";
    } else {
      e.time_zone = zone;
    }
  }
  if (in.holder_details) {
    if (*in.holder_details != "off" && *in.holder_details != "optional" &&
        *in.holder_details != "required") {
      fields["holder_details"] = "must be off, optional or required";
    } else {
      e.holder_details = *in.holder_details;
    }
  }
  if (in.zone_change && !ParseZoneChangeMode(*in.zone_change)) {
    fields["zone_change"] = "must be keep_wall_times or keep_instants";
  }
  if (!fields.count("starts_at") && !fields.count("ends_at") && !e.starts_at.empty() &&
      e.ends_at < e.starts_at) {
    fields["ends_at"] = "must not be before starts_at";
  }
  if (!fields.empty()) return Error::Invalid(fields);
  return OkStatus();
}

// The event view of a unit's outcome, or its error.
Result<json> ViewOf(const Result<storage::EventRow>& e) {
  if (!e) return e.error();
  return EventJson(e.value());
}

}  // namespace

Result<storage::EventRow> CreateInUnit(storage::Conn& c, const AuthUser& user,
                                       const EventInput& in) {
  storage::EventRow e;
  Status st = ApplyInput(in, true, e);
  if (!st.ok()) return st.error();
  e.organizer_id = user.id;
  e.status = EventStatus::kDraft;
  e.created_at = e.updated_at = NowRfc3339();
  e.id = storage::InsertEvent(c, e);
  return e;
}

Result<json> Create(App& app, const AuthUser& user, const EventInput& in) {
  return ViewOf(WriteUnit<storage::EventRow>(app.db(), [&](storage::Conn& c) -> Result<storage::EventRow> {
    return CreateInUnit(c, user, in);
  }));
}

Result<json> Get(App& app, const AuthUser* user, int64_t id) {
  return ViewOf(LoadEvent(app.db().Reader(), user, id, EventAccess::kView));
}

Result<storage::EventRow> UpdateInUnit(storage::Conn& c, const AuthUser& user, int64_t id,
                                       const EventInput& in, const Deployment& where) {
  auto e = LoadEventToChange(c, user, id, EventAccess::kManage, "A cancelled event cannot be edited.");
  if (!e) return e;
  const storage::EventRow before = *e;
  Status st = ApplyInput(in, false, *e);
  if (!st.ok()) return st.error();
  ZoneChangeInput zone_change;
  zone_change.mode = in.zone_change ? ParseZoneChangeMode(*in.zone_change).value_or(
                                          ZoneChangeMode::kKeepWallTimes)
                                    : ZoneChangeMode::kKeepWallTimes;
  zone_change.notify_holders = in.notify_holders.value_or(false);
  zone_change.starts_at_sent = in.starts_at.has_value();
  zone_change.ends_at_sent = in.ends_at.has_value();
  st = ApplyZoneChangeInUnit(c, user, before, *e, zone_change, where);
  if (!st.ok()) return st.error();
  e->updated_at = NowRfc3339();
  storage::UpdateEvent(c, *e);
  return e;
}

Result<json> Update(App& app, const AuthUser& user, int64_t id, const EventInput& in) {
  const Deployment where = DeploymentOf(app);
  return ViewOf(WriteUnit<storage::EventRow>(app.db(), [&](storage::Conn& c) -> Result<storage::EventRow> {
    return UpdateInUnit(c, user, id, in, where);
  }));
}

Status Delete(App& app, const AuthUser& user, int64_t id) {
  return WriteUnit(app.db(), [&](storage::Conn& c) -> Status {
    auto e = LoadEvent(c, &user, id, EventAccess::kManage);
    if (!e) return e.error();
    if (storage::CountEventOrders(c, id) > 0) {
      return Error::Conflict(codes::kHasOrders, "This event has orders; cancel it instead.");
    }
    if (storage::CountEventHistory(c, id) > 0) {
      return Error::Conflict(codes::kConflict, "This event has prize draws or check-in records; cancel it instead.");
    }
    storage::DeleteEvent(c, id);
    WriteAudit(c, user.id, "event.delete", "event", id, {{"title", e->title}});
    return OkStatus();
  });
}

Result<json> Submit(App& app, const AuthUser& user, int64_t id) {
  const bool approval = (*app.settings().Snapshot())["require_event_approval"].get<bool>();
  return ViewOf(WriteUnit<storage::EventRow>(app.db(), [&](storage::Conn& c) -> Result<storage::EventRow> {
    auto e = LoadEvent(c, &user, id, EventAccess::kManage);
    if (!e) return e;
    if (e->status != EventStatus::kDraft && e->status != EventStatus::kRejected) {
      return Error::Conflict(codes::kInvalidState, "Only a draft or rejected event can be submitted.");
    }
    e->status = approval && !user.IsAdmin() ? EventStatus::kPendingReview : EventStatus::kPublished;
    e->updated_at = NowRfc3339();
    storage::UpdateEvent(c, *e);
    return e;
  }));
}

Result<json> Review(App& app, const AuthUser& admin, int64_t id, const std::string& decision,
                    const std::string& message) {
  if (decision != "approve" && decision != "reject") {
    return Error::Invalid("decision", "must be approve or reject");
  }
  const bool approve = decision == "approve";
  return ViewOf(WriteUnit<storage::EventRow>(app.db(), [&](storage::Conn& c) -> Result<storage::EventRow> {
    auto e = LoadEventToChange(c, admin, id, EventAccess::kManage, "A cancelled event cannot be reviewed.");
    if (!e) return e;
    e->status = approve ? EventStatus::kPublished : EventStatus::kRejected;
    e->review_message = message;
    e->updated_at = NowRfc3339();
    storage::UpdateEvent(c, *e);
    WriteAudit(c, admin.id, "event.review", "event", id, {{"decision", decision}, {"message", message}});
    if (auto organizer = storage::FindUserById(c, e->organizer_id)) {
      QueueMail(c, "event_review_result", organizer->email, organizer->name, organizer->locale,
                {{"event_title", e->title},
                 {"decision", ToString(e->status)},
                 {"approved", approve ? "yes" : "no"},
                 {"message", message},
                 {"event_url", app.BaseUrl() + "/events/" + std::to_string(e->id)}});
    }
    return e;
  }));
}

Status CheckAccess(App& app, const AuthUser& user, int64_t id, EventAccess need) {
  auto e = LoadEvent(app.db().Reader(), &user, id, need);
  if (!e) return e.error();
  return OkStatus();
}

Result<json> SetImage(App& app, const AuthUser& user, int64_t id, const std::string& bytes) {
  auto e = LoadEvent(app.db().Reader(), &user, id, EventAccess::kManage);
  if (!e) return e.error();
  Status disk = CheckFreeDisk(app.uploads(), bytes.size(),
                              UploadQuotaFrom(*app.settings().Snapshot()).keep_free_bytes);
  if (!disk.ok()) return disk.error();
  auto stored = StoreUpload(app.uploads(), bytes, {FileKind::kPng, FileKind::kJpeg, FileKind::kWebp});
  if (!stored) return stored.error();
  Result<storage::EventRow> saved = Error::Make(codes::kInternal, "not recorded");
  try {
    saved = WriteUnit<storage::EventRow>(app.db(), [&](storage::Conn& c) -> Result<storage::EventRow> {
      auto fresh = LoadEvent(c, &user, id, EventAccess::kManage);
      if (!fresh) return fresh;
      storage::SetEventImage(c, id, stored->stored_name, stored->content_type, NowRfc3339());
      return *storage::FindEvent(c, id);
    });
  } catch (...) {
    RemoveUpload(app.uploads(), stored->stored_name);  // nothing unrecorded stays stored
    throw;
  }
  if (!saved) RemoveUpload(app.uploads(), stored->stored_name);
  return ViewOf(std::move(saved));
}

Result<Image> GetImage(App& app, const AuthUser* user, int64_t id) {
  auto e = LoadEvent(app.db().Reader(), user, id, EventAccess::kView);
  if (!e) return e.error();
  if (!e->image_stored_name) return Error::NotFound("This event has no image.");
  auto bytes = ReadUpload(app.uploads(), *e->image_stored_name);
  if (!bytes) return Error::NotFound("The image file is missing.");
  return Image{e->image_content_type.value_or("application/octet-stream"), std::move(*bytes)};
}

Result<json> Stats(App& app, const AuthUser& user, int64_t id) {
  storage::Conn& c = app.db().Reader();
  auto e = LoadEvent(c, &user, id, EventAccess::kStaff);
  if (!e) return e.error();
  const auto settings = app.settings().Snapshot();
  // Per-event charts count days in the event's own zone (the site's when it has none).
  const std::string zone = ZoneInEffect(*e, *settings);
  return StatsView(id, storage::EventSalesSummary(c, id), storage::ListTicketTypes(c, id),
                   (*settings)["currency"], zone);
}

}  // namespace lanyard::events
