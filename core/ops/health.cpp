#include "core/ops/health.h"

#include <exception>

#include "core/app.h"
#include "storage/admin_repo.h"
#include "storage/users_repo.h"

namespace lanyard::ops {

Health CheckHealth(App& app) {
  Health h;
  try {
    storage::CountAdmins(app.db().Reader());
    h.database_readable = true;
  } catch (const std::exception&) {
    h.database_readable = false;
  }
  switch (app.db().integrity()) {
    case storage::Database::Integrity::kChecking: h.integrity = IntegrityCheck::kRunning; break;
    case storage::Database::Integrity::kOk: h.integrity = IntegrityCheck::kOk; break;
    case storage::Database::Integrity::kCorrupt: h.integrity = IntegrityCheck::kFailed; break;
  }
  return h;
}

const char* ToString(IntegrityCheck check) {
  switch (check) {
    case IntegrityCheck::kRunning: return "running";
    case IntegrityCheck::kOk: return "ok";
    case IntegrityCheck::kFailed: return "failed";
  }
  return "failed";
}

std::vector<std::pair<std::string, int64_t>> MetricSamples(App& app) {
  auto samples = storage::MetricSamples(app.db().Reader());
  // Serialization retries of this process's PostgreSQL units (where contention saturates).
  if (app.db().dialect() == storage::Dialect::kPostgres) {
    samples.emplace_back("lanyard_db_write_retries", static_cast<int64_t>(app.db().WriteRetries()));
  }
  return samples;
}

}  // namespace lanyard::ops
