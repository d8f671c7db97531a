#include "core/checkin/scanner_devices.h"

#include <utility>

#include "core/events/event_access.h"
#include "storage/offline_scans_repo.h"

namespace lanyard::checkin {

using nlohmann::json;

namespace {

json OptionalInt(const std::optional<int64_t>& v) { return v ? json(*v) : json(); }

}  // namespace

json ListDevices(App& app, const AuthUser& user, ListPage page) {
  std::optional<int64_t> organizer;
  if (user.role == Role::kOrganizer) organizer = user.id;
  int64_t total = 0;
  json items = json::array();
  for (const auto& d : storage::ListScannerDevices(app.db().Reader(), organizer, page.limit,
                                                   page.offset, &total)) {
    items.push_back({{"device_id", d.device_id},
                     {"label", d.label},
                     {"user", {{"id", d.user_id}, {"name", d.user_name}}},
                     {"event_id", OptionalInt(d.event_id)},
                     {"event_title", d.event_title},
                     {"first_seen_at", d.first_seen_at},
                     {"last_sync_at", d.last_sync_at},
                     {"scans_synced", d.scans_synced}});
  }
  return {{"items", items}, {"total", total}, {"limit", page.limit}, {"offset", page.offset}};
}

Result<json> ListDuplicates(App& app, const AuthUser& user, int64_t event_id, ListPage page) {
  storage::Conn& c = app.db().Reader();
  auto e = LoadEvent(c, &user, event_id, EventAccess::kStaff);
  if (!e) return e.error();
  int64_t total = 0;
  json items = json::array();
  for (const auto& d : storage::ListOfflineDuplicates(c, event_id, page.limit, page.offset, &total)) {
    json first = json::object();
    json second = {{"scanned_at", d.second_at},
                   {"device_id", d.second_device_id},
                   {"device_label", d.second_device_label},
                   {"scanned_by", d.second_by_name},
                   {"synced_at", d.second_synced_at}};
    if (d.first_scan_id) {
      first = {{"scanned_at", d.first_at},
               {"device_id", d.first_device_id ? json(*d.first_device_id) : json()},
               {"device_label", d.first_device_label},
               {"scanned_by", d.first_by_name},
               {"synced_at", json()}};
      // "first" is the earlier scan by scan time, whichever reached the server first.
      if (d.second_at < d.first_at) std::swap(first, second);
    }
    items.push_back({{"scan_id", d.scan_id},
                     {"ticket_id", d.ticket_id},
                     {"holder_name", d.holder_name},
                     {"ticket_type", d.ticket_type},
                     {"first", first},
                     {"second", second}});
  }
  return json{{"items", items}, {"total", total}, {"limit", page.limit}, {"offset", page.offset}};
}

}  // namespace lanyard::checkin
