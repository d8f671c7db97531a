#include "core/common/commit_generation.h"

#include <exception>

#include "core/app.h"
#include "storage/query.h"
#include "storage/shared_counters.h"

namespace lanyard {

uint64_t CommitGeneration(App& app) { return storage::CommitGeneration(app.db().Reader()); }

struct RequestFreshness::Scope {
  explicit Scope(storage::Database& db) : counters(db) {}
  storage::SharedCountersScope counters;
};

RequestFreshness::RequestFreshness(App& app) {
  if (app.db().dialect() != storage::Dialect::kPostgres) return;
  try {
    scope_ = std::make_unique<Scope>(app.db());
  } catch (const std::exception&) {
  }
}

RequestFreshness::~RequestFreshness() = default;

}  // namespace lanyard
