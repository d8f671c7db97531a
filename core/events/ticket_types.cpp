#include "core/events/ticket_types.h"

#include "core/events/event_access.h"
#include "core/common/money.h"
#include "core/common/time_util.h"
#include "core/common/validation.h"
#include "core/common/write_unit.h"

namespace lanyard::ticket_types {

using nlohmann::json;

std::optional<int64_t> Available(const storage::TicketTypeRow& t) {
  if (!t.quota) return std::nullopt;
  return std::max<int64_t>(0, *t.quota - t.sold - t.pending);
}

bool OnSale(const storage::TicketTypeRow& t, const std::string& now) {
  return t.active && (!t.sales_start || *t.sales_start <= now) && (!t.sales_end || now < *t.sales_end);
}

bool TakesMoney(const storage::TicketTypeRow& t) { return t.kind == "pay_what_you_want" || t.price > 0; }

Status Apply(const TicketTypeInput& in, bool creating, storage::TicketTypeRow& t) {
  std::map<std::string, std::string> fields;
  if (in.name) {
    const std::string name = Trim(*in.name);
    if (name.empty() || Utf8Length(name) > 200) fields["name"] = "must be 1 to 200 characters";
    t.name = name;
  } else if (creating) {
    fields["name"] = "is required";
  }
  if (in.description) {
    if (Utf8Length(*in.description) > 5000) fields["description"] = "must be at most 5000 characters";
    t.description = *in.description;
  }
  if (in.kind) {
    if (*in.kind != "free" && *in.kind != "paid" && *in.kind != "pay_what_you_want") {
      fields["kind"] = "must be free, paid or pay_what_you_want";
    }
    t.kind = *in.kind;
  } else if (creating) {
    fields["kind"] = "is required";
  }
  if (in.price) {
    if (*in.price < 0) fields["price"] = "must not be negative";
    if (*in.price > kMaxAmount) fields["price"] = "must be at most " + std::to_string(kMaxAmount);
    t.price = *in.price;
  } else if (creating && t.kind == "free") {
    t.price = 0;
  } else if (creating && !fields.count("kind")) {
    fields["price"] = "is required";
  }
  if (!fields.count("kind") && !fields.count("price")) {
    if (t.kind == "free" && t.price != 0) fields["price"] = "must be 0 for a free ticket";
    if (t.kind == "paid" && t.price <= 0) fields["price"] = "must be above 0 for a paid ticket";
  }
  if (in.quota_set) {
    if (in.quota && *in.quota < 0) fields["quota"] = "must not be negative (null for unlimited)";
    t.quota = in.quota;
  }
  if (in.max_per_order) {
    if (*in.max_per_order < 1 || *in.max_per_order > 1000) {
      fields["max_per_order"] = "must be between 1 and 1000";
    }
    t.max_per_order = *in.max_per_order;
  }
  auto window = [&](bool set, const std::optional<std::string>& v, const char* name,
                    std::optional<std::string>& target) {
    if (!set) return;
    if (!v) {
      target.reset();
      return;
    }
    auto parsed = ParseRfc3339(*v);
    if (!parsed) {
      fields[name] = "must be an RFC 3339 time or null";
    } else {
      target = FormatRfc3339(*parsed);
    }
  };
  window(in.sales_start_set, in.sales_start, "sales_start", t.sales_start);
  window(in.sales_end_set, in.sales_end, "sales_end", t.sales_end);
  if (t.sales_start && t.sales_end && *t.sales_end <= *t.sales_start && !fields.count("sales_end")) {
    fields["sales_end"] = "must be after sales_start";
  }
  if (in.active) t.active = *in.active;
  if (!fields.empty()) return Error::Invalid(fields);
  return OkStatus();
}

Result<json> List(App& app, const AuthUser* user, int64_t event_id) {
  storage::Conn& c = app.db().Reader();
  auto e = LoadEvent(c, user, event_id, EventAccess::kView);
  if (!e) return e.error();
  json items = json::array();
  for (const auto& t : storage::ListTicketTypes(c, event_id)) items.push_back(TicketTypeJson(t));
  return json{{"items", items}, {"total", items.size()}, {"limit", items.size()}, {"offset", 0}};
}

namespace {

// Loads a ticket type whose event the caller may manage; not_found also when they may not see
// the event.
Result<storage::TicketTypeRow> LoadToManage(storage::Conn& c, const AuthUser& user, int64_t id) {
  auto t = storage::FindTicketType(c, id);
  if (!t) return Error::NotFound("No such ticket type.");
  auto e = LoadEvent(c, &user, t->event_id, EventAccess::kManage);
  if (!e) return e.error().code == codes::kNotFound ? Error::NotFound("No such ticket type.") : e.error();
  return std::move(*t);
}

}  // namespace

Result<json> Create(App& app, const AuthUser& user, int64_t event_id, const TicketTypeInput& in) {
  storage::TicketTypeRow t;
  t.event_id = event_id;
  t.created_at = NowRfc3339();
  auto id = WriteUnit<int64_t>(app.db(), [&](storage::Conn& c) -> Result<int64_t> {
    auto e = LoadEventToChange(c, user, event_id, EventAccess::kManage, "The event is cancelled.");
    if (!e) return e.error();
    // Validated after the access check: a caller who may not change the event learns nothing more.
    Status st = Apply(in, true, t);
    if (!st.ok()) return st.error();
    return storage::InsertTicketType(c, t);
  });
  if (!id) return id.error();
  t.id = *id;
  return TicketTypeJson(t);
}

Result<json> Update(App& app, const AuthUser& user, int64_t id, const TicketTypeInput& in) {
  auto updated = WriteUnit<storage::TicketTypeRow>(app.db(), [&](storage::Conn& c) -> Result<storage::TicketTypeRow> {
    auto t = LoadToManage(c, user, id);
    if (!t) return t;
    Status st = Apply(in, false, *t);
    if (!st.ok()) return st.error();
    if (t->quota && *t->quota < t->sold + t->pending) {
      return Error::Conflict(codes::kQuotaBelowSold, "The quota cannot be lower than the tickets sold and reserved (" +
                                                     std::to_string(t->sold + t->pending) + ").");
    }
    storage::UpdateTicketType(c, *t);
    return t;
  });
  if (!updated) return updated.error();
  return TicketTypeJson(*updated);
}

Status Delete(App& app, const AuthUser& user, int64_t id) {
  return WriteUnit(app.db(), [&](storage::Conn& c) -> Status {
    auto t = LoadToManage(c, user, id);
    if (!t) return t.error();
    if (storage::CountTicketTypeOrders(c, id) > 0) {
      return Error::Conflict(codes::kHasOrders, "This ticket type has orders; deactivate it instead.");
    }
    storage::DeleteTicketType(c, id);
    return OkStatus();
  });
}

}  // namespace lanyard::ticket_types
