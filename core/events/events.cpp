#include "core/events/events.h"

#include "core/events/event_access.h"
#include "core/mail/mail_outbox.h"
#include "core/common/time_util.h"
#include "core/common/uploads.h"
#include "core/common/validation.h"
#include "storage/orders_repo.h"
#include "storage/ticket_types_repo.h"
#include "storage/users_repo.h"

namespace lanyard::events {

using nlohmann::json;

namespace {

json Opt(const std::optional<std::string>& v) { return v ? json(*v) : json(); }

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
  if (!fields.count("starts_at") && !fields.count("ends_at") && !e.starts_at.empty() &&
      e.ends_at < e.starts_at) {
    fields["ends_at"] = "must not be before starts_at";
  }
  if (!fields.empty()) return Error::Invalid(fields);
  return OkStatus();
}

std::optional<int64_t> ParseInt(const std::string& s) {
  if (s.empty() || s.size() > 18) return std::nullopt;
  int64_t v = 0;
  for (char c : s) {
    if (c < '0' || c > '9') return std::nullopt;
    v = v * 10 + (c - '0');
  }
  return v;
}

bool IsTrue(const std::string& s) { return s == "true" || s == "1"; }
bool IsBoolText(const std::string& s) { return s.empty() || s == "true" || s == "false" || s == "1" || s == "0"; }

}  // namespace

json EventJson(const storage::EventRow& e) {
  return {{"id", e.id},
          {"title", e.title},
          {"description", e.description},
          {"category", e.category},
          {"venue", e.venue},
          {"city", e.city},
          {"address", e.address},
          {"online", e.online},
          {"starts_at", e.starts_at},
          {"ends_at", e.ends_at},
          {"status", e.status},
          {"review_message", Opt(e.review_message)},
          {"cancel_message", Opt(e.cancel_message)},
          {"organizer_id", e.organizer_id},
          {"image_url", e.image_stored_name
                            ? json("/api/v1/events/" + std::to_string(e.id) + "/image")
                            : json()},
          {"created_at", e.created_at},
          {"updated_at", e.updated_at}};
}

std::optional<std::pair<std::string, std::string>> DatePeriod(const std::string& text) {
  int y = 0, m = 0, d = 0;
  auto digits = [&](size_t pos, size_t n, int* out) {
    if (pos + n > text.size()) return false;
    int v = 0;
    for (size_t i = pos; i < pos + n; ++i) {
      if (text[i] < '0' || text[i] > '9') return false;
      v = v * 10 + (text[i] - '0');
    }
    *out = v;
    return true;
  };
  std::optional<int64_t> start, end;
  if (text.size() == 4 && digits(0, 4, &y)) {
    start = CivilToUnix(y, 1, 1);
    end = CivilToUnix(y + 1, 1, 1);
  } else if (text.size() == 7 && text[4] == '-' && digits(0, 4, &y) && digits(5, 2, &m)) {
    start = CivilToUnix(y, m, 1);
    end = m == 12 ? CivilToUnix(y + 1, 1, 1) : CivilToUnix(y, m + 1, 1);
  } else if (text.size() == 10 && text[4] == '-' && text[7] == '-' && digits(0, 4, &y) &&
             digits(5, 2, &m) && digits(8, 2, &d)) {
    start = CivilToUnix(y, m, d);
    if (start) end = *start + 86400;
  }
  if (!start || !end) return std::nullopt;
  return std::make_pair(FormatRfc3339(*start), FormatRfc3339(*end));
}

Result<json> Create(App& app, const AuthUser& user, const EventInput& in) {
  storage::EventRow e;
  Status st = ApplyInput(in, true, e);
  if (!st.ok()) return st.error();
  e.organizer_id = user.id;
  e.status = "draft";
  e.created_at = e.updated_at = NowRfc3339();
  app.db().Write([&](storage::Conn& c) {
    e.id = storage::InsertEvent(c, e);
    return true;
  });
  return EventJson(e);
}

Result<json> Get(App& app, const AuthUser* user, int64_t id) {
  auto e = LoadEvent(app.db().Reader(), user, id, EventAccess::kView);
  if (!e) return e.error();
  return EventJson(*e);
}

Result<json> Update(App& app, const AuthUser& user, int64_t id, const EventInput& in) {
  std::optional<Error> failure;
  storage::EventRow updated;
  app.db().Write([&](storage::Conn& c) {
    auto e = LoadEvent(c, &user, id, EventAccess::kManage);
    if (!e) {
      failure = e.error();
      return false;
    }
    if (e->status == "cancelled") {
      failure = Error::Conflict("invalid_state", "A cancelled event cannot be edited.");
      return false;
    }
    Status st = ApplyInput(in, false, *e);
    if (!st.ok()) {
      failure = st.error();
      return false;
    }
    e->updated_at = NowRfc3339();
    storage::UpdateEvent(c, *e);
    updated = *e;
    return true;
  });
  if (failure) return *failure;
  return EventJson(updated);
}

Status Delete(App& app, const AuthUser& user, int64_t id) {
  std::optional<Error> failure;
  app.db().Write([&](storage::Conn& c) {
    auto e = LoadEvent(c, &user, id, EventAccess::kManage);
    if (!e) {
      failure = e.error();
      return false;
    }
    if (storage::CountEventOrders(c, id) > 0) {
      failure = Error::Conflict("has_orders", "This event has orders; cancel it instead.");
      return false;
    }
    if (storage::CountEventHistory(c, id) > 0) {
      failure = Error::Conflict("conflict", "This event has prize draws or check-in records; cancel it instead.");
      return false;
    }
    storage::DeleteEvent(c, id);
    WriteAudit(c, user.id, "event.delete", "event", id, {{"title", e->title}});
    return true;
  });
  if (failure) return *failure;
  return OkStatus();
}

Result<json> Submit(App& app, const AuthUser& user, int64_t id) {
  const bool approval = (*app.settings().Snapshot())["require_event_approval"].get<bool>();
  std::optional<Error> failure;
  storage::EventRow updated;
  app.db().Write([&](storage::Conn& c) {
    auto e = LoadEvent(c, &user, id, EventAccess::kManage);
    if (!e) {
      failure = e.error();
      return false;
    }
    if (e->status != "draft" && e->status != "rejected") {
      failure = Error::Conflict("invalid_state", "Only a draft or rejected event can be submitted.");
      return false;
    }
    e->status = approval && !user.IsAdmin() ? "pending_review" : "published";
    e->updated_at = NowRfc3339();
    storage::UpdateEvent(c, *e);
    updated = *e;
    return true;
  });
  if (failure) return *failure;
  return EventJson(updated);
}

Result<json> Review(App& app, const AuthUser& admin, int64_t id, const std::string& decision,
                    const std::string& message) {
  if (decision != "approve" && decision != "reject") {
    return Error::Invalid("decision", "must be approve or reject");
  }
  std::optional<Error> failure;
  storage::EventRow updated;
  app.db().Write([&](storage::Conn& c) {
    auto e = LoadEvent(c, &admin, id, EventAccess::kManage);
    if (!e) {
      failure = e.error();
      return false;
    }
    if (e->status == "cancelled") {
      failure = Error::Conflict("invalid_state", "A cancelled event cannot be reviewed.");
      return false;
    }
    e->status = decision == "approve" ? "published" : "rejected";
    e->review_message = message;
    e->updated_at = NowRfc3339();
    storage::UpdateEvent(c, *e);
    WriteAudit(c, admin.id, "event.review", "event", id, {{"decision", decision}, {"message", message}});
    if (auto organizer = storage::FindUserById(c, e->organizer_id)) {
      QueueMail(c, "event_review_result", organizer->email, organizer->name, organizer->locale,
                {{"event_title", e->title},
                 {"decision", e->status},
                 {"approved", decision == "approve" ? "yes" : "no"},
                 {"message", message},
                 {"event_url", app.BaseUrl() + "/events/" + std::to_string(e->id)}});
    }
    updated = *e;
    return true;
  });
  if (failure) return *failure;
  return EventJson(updated);
}

Result<json> List(App& app, const AuthUser* user, const ListQuery& in, ListPage page) {
  std::map<std::string, std::string> fields;
  storage::EventFilter f;
  f.q = Trim(in.q);
  f.title = Trim(in.title);
  f.location = Trim(in.location);
  f.city = Trim(in.city);
  f.category = Trim(in.category);
  f.now = NowRfc3339();
  f.limit = page.limit;
  f.offset = page.offset;
  if (!in.organizer.empty()) {
    f.organizer_id = ParseInt(in.organizer);
    if (!f.organizer_id) fields["organizer"] = "must be a user id";
  }
  if (!in.date.empty()) {
    auto period = DatePeriod(in.date);
    if (!period) {
      fields["date"] = "must be YYYY, YYYY-MM or YYYY-MM-DD";
    } else {
      f.overlap_from = period->first;   // ends at or after the period's start
      f.overlap_to = period->second;    // starts before the period's end
    }
  }
  if (!in.from.empty()) {
    auto d = ParseDate(in.from);
    if (!d) fields["from"] = "must be a date YYYY-MM-DD";
    else if (!f.overlap_from || FormatRfc3339(*d) > *f.overlap_from) f.overlap_from = FormatRfc3339(*d);
  }
  if (!in.to.empty()) {
    auto d = ParseDate(in.to);
    if (!d) fields["to"] = "must be a date YYYY-MM-DD";
    else if (!f.overlap_to || FormatRfc3339(*d + 86400) < *f.overlap_to) f.overlap_to = FormatRfc3339(*d + 86400);
  }
  if (!in.min_price.empty()) {
    f.min_price = ParseInt(in.min_price);
    if (!f.min_price) fields["min_price"] = "must be a non-negative integer";
  }
  if (!in.max_price.empty()) {
    f.max_price = ParseInt(in.max_price);
    if (!f.max_price) fields["max_price"] = "must be a non-negative integer";
  }
  if (!IsBoolText(in.include_past)) fields["include_past"] = "must be true or false";
  if (!IsBoolText(in.mine)) fields["mine"] = "must be true or false";
  f.include_past = IsTrue(in.include_past) || !in.date.empty() || !in.from.empty();
  if (!in.sort.empty() && in.sort != "starts_at" && in.sort != "-starts_at" && in.sort != "title" &&
      in.sort != "-created_at") {
    fields["sort"] = "must be starts_at, -starts_at, title or -created_at";
  }
  f.sort = in.sort.empty() ? "starts_at" : in.sort;
  if (!fields.empty()) return Error::Invalid(fields);
  if (IsTrue(in.mine)) {
    if (!user) return Error::Unauthorized("Sign in to list your own events.");
    if (!user->AtLeast(Role::kOrganizer)) return Error::Forbidden("Only organizers have events.");
    f.mine_of = user->id;
  }
  int64_t total = 0;
  json items = json::array();
  for (const auto& e : storage::ListEvents(app.db().Reader(), f, &total)) items.push_back(EventJson(e));
  return json{{"items", items}, {"total", total}, {"limit", page.limit}, {"offset", page.offset}};
}

Result<json> SetImage(App& app, const AuthUser& user, int64_t id, const std::string& bytes) {
  auto e = LoadEvent(app.db().Reader(), &user, id, EventAccess::kManage);
  if (!e) return e.error();
  auto stored = StoreUpload(app.UploadsDir(), bytes, {FileKind::kPng, FileKind::kJpeg, FileKind::kWebp});
  if (!stored) return stored.error();
  std::optional<Error> failure;
  storage::EventRow updated;
  app.db().Write([&](storage::Conn& c) {
    auto fresh = LoadEvent(c, &user, id, EventAccess::kManage);
    if (!fresh) {
      failure = fresh.error();
      return false;
    }
    storage::SetEventImage(c, id, stored->stored_name, stored->content_type, NowRfc3339());
    updated = *storage::FindEvent(c, id);
    return true;
  });
  if (failure) return *failure;
  return EventJson(updated);
}

Result<Image> GetImage(App& app, const AuthUser* user, int64_t id) {
  auto e = LoadEvent(app.db().Reader(), user, id, EventAccess::kView);
  if (!e) return e.error();
  if (!e->image_stored_name) return Error::NotFound("This event has no image.");
  auto bytes = ReadUpload(app.UploadsDir(), *e->image_stored_name);
  if (!bytes) return Error::NotFound("The image file is missing.");
  return Image{e->image_content_type.value_or("application/octet-stream"), std::move(*bytes)};
}

Result<json> Stats(App& app, const AuthUser& user, int64_t id) {
  storage::Conn& c = app.db().Reader();
  auto e = LoadEvent(c, &user, id, EventAccess::kStaff);
  if (!e) return e.error();
  const storage::EventSales s = storage::EventSalesSummary(c, id);
  json by_type = json::array();
  for (const auto& t : storage::ListTicketTypes(c, id)) {
    by_type.push_back({{"ticket_type_id", t.id},
                       {"name", t.name},
                       {"sold", t.sold},
                       {"pending", t.pending},
                       {"quota", t.quota ? json(*t.quota) : json()}});
  }
  json by_day = json::array();
  for (const auto& d : s.by_day) {
    by_day.push_back({{"date", d.day}, {"tickets", d.tickets}, {"revenue", d.revenue}});
  }
  return json{{"event_id", id},
              {"tickets_sold", s.tickets_sold},
              {"revenue", s.revenue},
              {"currency", (*app.settings().Snapshot())["currency"]},
              {"orders_pending", s.orders_pending},
              {"checked_in", s.checked_in},
              {"by_ticket_type", by_type},
              {"sales_by_day", by_day}};
}

}  // namespace lanyard::events
