#pragma once
// The audit log: who did what, when (SPEC §12). Written inside the unit of work of the change.
#include <nlohmann/json.hpp>
#include <optional>
#include <string>

#include "core/common/result.h"
#include "storage/conn.h"
#include "storage/database.h"

namespace lanyard {

void WriteAudit(storage::Conn& c, std::optional<int64_t> actor_id, const std::string& action,
                const std::string& target_type, std::optional<int64_t> target_id,
                const nlohmann::json& details = nlohmann::json::object());

struct ListPage {
  int limit = 20;
  int offset = 0;
};
// {items, total, limit, offset}; `action` filters when not empty.
nlohmann::json ListAuditLog(storage::Database& db, const std::string& action, ListPage page);

}  // namespace lanyard
