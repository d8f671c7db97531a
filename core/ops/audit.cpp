#include "core/ops/audit.h"

#include "core/common/time_util.h"
#include "storage/admin_repo.h"

namespace lanyard {

void WriteAudit(storage::Conn& c, std::optional<int64_t> actor_id, const std::string& action,
                const std::string& target_type, std::optional<int64_t> target_id,
                const nlohmann::json& details) {
  storage::InsertAudit(c, actor_id, action, target_type, target_id, details.dump(), NowRfc3339());
}

nlohmann::json ListAuditLog(storage::Database& db, const std::string& action, ListPage page) {
  int64_t total = 0;
  auto rows = storage::ListAudit(db.Reader(), action, page.limit, page.offset, &total);
  nlohmann::json items = nlohmann::json::array();
  for (const auto& r : rows) {
    items.push_back({{"id", r.id},
                     {"actor_id", r.actor_id ? nlohmann::json(*r.actor_id) : nlohmann::json()},
                     {"actor_email", r.actor_email},
                     {"action", r.action},
                     {"target_type", r.target_type},
                     {"target_id", r.target_id ? nlohmann::json(*r.target_id) : nlohmann::json()},
                     {"details", nlohmann::json::parse(r.details, nullptr, false)},
                     {"created_at", r.created_at}});
  }
  return {{"items", items}, {"total", total}, {"limit", page.limit}, {"offset", page.offset}};
}

}  // namespace lanyard
