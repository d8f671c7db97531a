#pragma once
// Events (SPEC §4): create, edit, delete, submit, review, list with filters, image, stats.
// Cancelling an event touches its orders and lives in core/orders/orders.h. Commands in
// events.cpp, the list in event_list.cpp, JSON in event_views.h (EventJson). Every function is
// safe to call from any request thread; writes run on the database's writer.
#include <nlohmann/json.hpp>
#include <optional>
#include <string>

#include "core/app.h"
#include "core/ops/audit.h"
#include "core/accounts/auth_user.h"
#include "core/common/result.h"
#include "core/events/event_access.h"
#include "core/events/event_views.h"
#include "core/events/zone_change.h"
#include "storage/events_repo.h"

namespace lanyard::events {

// Fields as sent; absent ones stay unchanged on PATCH (required on create: title, starts_at,
// ends_at). status, organizer_id and messages are never taken from input.
struct EventInput {
  std::optional<std::string> title, description, category, venue, city, address;
  std::optional<bool> online;
  std::optional<std::string> starts_at, ends_at;
  // The event's own IANA time zone ("" = the deployment's); an unknown name → validation_failed.
  std::optional<std::string> time_zone;
  // Checkout asks a holder per ticket: "off" | "optional" (name, address optional) | "required"
  // (a name for every ticket); anything else → validation_failed.
  std::optional<std::string> holder_details;
  // PATCH only, when time_zone changes the zone in effect (core/events/zone_change.h):
  // "keep_wall_times" (default: every event-bound time keeps its clock time in the new zone) |
  // "keep_instants"; anything else → validation_failed. notify_holders: mail the people holding
  // tickets the new times (event_times_changed).
  std::optional<std::string> zone_change;
  std::optional<bool> notify_holders;
};

Result<nlohmann::json> Create(App& app, const AuthUser& user, const EventInput& in);
// Create's steps inside the caller's write unit (core/nominations/event_windows.h): checks the
// input (validation_failed), inserts a draft owned by `user`, returns the row with its id.
Result<storage::EventRow> CreateInUnit(storage::Conn& c, const AuthUser& user,
                                       const EventInput& in);
Result<nlohmann::json> Get(App& app, const AuthUser* user, int64_t id);
Result<nlohmann::json> Update(App& app, const AuthUser& user, int64_t id, const EventInput& in);
// Update's steps inside the caller's write unit (for a change that spans the event and another
// part, e.g. core/nominations/event_windows.h): access (not_found / forbidden, conflict on a
// cancelled event) before validation (validation_failed); a change of the zone in effect moves
// the event-bound times as `in.zone_change` says (zone_change.h; `where` is the deployment's
// zone and base URL); writes the row and returns it.
Result<storage::EventRow> UpdateInUnit(storage::Conn& c, const AuthUser& user, int64_t id,
                                       const EventInput& in, const Deployment& where);
Status Delete(App& app, const AuthUser& user, int64_t id);
Result<nlohmann::json> Submit(App& app, const AuthUser& user, int64_t id);
Result<nlohmann::json> Review(App& app, const AuthUser& admin, int64_t id,
                              const std::string& decision, const std::string& message);

// Query parameters of GET /events, as sent (strings); malformed → validation_failed.
struct ListQuery {
  std::string q, title, location, city, category, organizer, date, from, to, min_price,
      max_price, include_past, sort, mine;
};
Result<nlohmann::json> List(App& app, const AuthUser* user, const ListQuery& query, ListPage page);

Result<nlohmann::json> SetImage(App& app, const AuthUser& user, int64_t id, const std::string& bytes);

// Whether the caller has `need` on event `id`, from a read: ok, not_found for an event the caller
// may not see, forbidden for one they see but may not act on (SPEC §1). Routes call it before
// reading a request body, so a refused caller learns nothing about what the body lacks.
Status CheckAccess(App& app, const AuthUser& user, int64_t id, EventAccess need);
struct Image {
  std::string content_type;
  std::string bytes;
};
Result<Image> GetImage(App& app, const AuthUser* user, int64_t id);

Result<nlohmann::json> Stats(App& app, const AuthUser& user, int64_t id);

// "YYYY", "YYYY-MM" or "YYYY-MM-DD" → [start, end) as RFC 3339 UTC, the period's days as they
// begin in time zone `tz` (the deployment's: 2026-12-01 in Asia/Jakarta starts at
// 2026-11-30T17:00:00Z); nullopt when malformed or `tz` is unknown.
std::optional<std::pair<std::string, std::string>> DatePeriod(const std::string& text,
                                                              const std::string& tz = "UTC");

}  // namespace lanyard::events
