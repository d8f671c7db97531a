#include "core/checkin/offline_refused.h"

#include "core/events/event_access.h"
#include "storage/offline_scans_repo.h"

namespace lanyard::checkin {

using nlohmann::json;

namespace {

template <typename T>
json OrNull(const std::optional<T>& v) {
  return v ? json(*v) : json();
}

}  // namespace

Result<json> ListRefusedAdmissions(App& app, const AuthUser& user, int64_t event_id,
                                   ListPage page) {
  storage::Conn& c = app.db().Reader();
  auto e = LoadEvent(c, &user, event_id, EventAccess::kStaff);
  if (!e) return e.error();
  int64_t total = 0;
  json items = json::array();
  for (const auto& r :
       storage::ListRefusedAdmissions(c, event_id, page.limit, page.offset, &total)) {
    items.push_back({{"scan_id", r.scan_id},
                     {"result", r.result},
                     {"ticket_id", OrNull(r.ticket_id)},
                     {"holder_name", OrNull(r.holder_name)},
                     {"ticket_type", OrNull(r.ticket_type)},
                     {"scanned_at", r.scanned_at},
                     {"synced_at", r.synced_at},
                     {"device_id", r.device_id},
                     {"device_label", r.device_label},
                     {"scanned_by", r.scanned_by_name}});
  }
  return json{{"items", items}, {"total", total}, {"limit", page.limit}, {"offset", page.offset}};
}

}  // namespace lanyard::checkin
