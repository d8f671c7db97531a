#pragma once
// Moving an event to another time zone (PATCH /events/{id} with a new time_zone). An organizer
// plans an event's times as wall-clock times at the venue, so by default they keep them:
//
//   keep_wall_times (default)  09:00 stays 09:00 in the new zone (09:00 WIB → 09:00 WITA, one
//                              hour earlier as an instant). Every event-bound time moves with
//                              the event: its start and end, ticket types' sale windows,
//                              sessions, nomination and voting windows, competitions'
//                              registration windows and stage deadlines, scheduled campaigns
//                              (storage/event_times_repo.h lists them, and what stays).
//                              Each time is re-read on its own date, so DST rules apply
//                              (Asia/Jakarta → Europe/Berlin moves a July time by 5 h, a
//                              December one by 6 h).
//   keep_instants              nothing moves; the same moments are shown in the new zone
//                              (09:00 WIB reads 10:00 WITA).
//
// Times the same request sets (starts_at, ends_at, the nomination windows) are taken as sent.
// All of it happens in the PATCH's write unit: every time moves, or on an error none does.
// With notify_holders the people holding valid tickets (buyers and companions, one mail per
// address) get the event_times_changed mail in the same unit.
//
// Thread safety: free functions; the in-unit ones run on the writer.
#include <optional>
#include <string>
#include <string_view>

#include "core/accounts/auth_user.h"
#include "core/app.h"
#include "core/common/result.h"
#include "storage/conn.h"
#include "storage/events_repo.h"

namespace lanyard::events {

enum class ZoneChangeMode { kKeepWallTimes, kKeepInstants };

// "keep_wall_times" | "keep_instants"; nullopt for anything else.
std::optional<ZoneChangeMode> ParseZoneChangeMode(std::string_view text);
const char* ToString(ZoneChangeMode mode);

// What an event update needs from the deployment besides the request: its `timezone` setting
// (the zone of an event whose time_zone is "") and base URL (links in the notice mail).
struct Deployment {
  std::string time_zone = "UTC";
  std::string base_url;
};
Deployment DeploymentOf(App& app);

// The request's part about a zone change.
struct ZoneChangeInput {
  ZoneChangeMode mode = ZoneChangeMode::kKeepWallTimes;
  bool notify_holders = false;
  bool starts_at_sent = false;  // the request set starts_at: take it as sent
  bool ends_at_sent = false;
};

// Inside the PATCH unit, after the request's fields were applied to `e` (not yet saved), with
// `before` the row as loaded: when the zone in effect changed (time_zone "" = the deployment's),
// applies `in.mode` to `e`'s start and end and writes every other event-bound time of the event
// (kKeepWallTimes), audits event.time_zone, and queues the notices when asked. Errors:
// validation_failed (ends_at before starts_at after the move; a zone the tz database does not
// know); the caller's unit then rolls everything back. Nothing happens when the zone in effect
// is unchanged.
Status ApplyZoneChangeInUnit(storage::Conn& c, const AuthUser& user,
                             const storage::EventRow& before, storage::EventRow& e,
                             const ZoneChangeInput& in, const Deployment& where);

}  // namespace lanyard::events
