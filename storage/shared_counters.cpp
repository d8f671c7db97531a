#include "storage/shared_counters.h"

#include <atomic>

#include "storage/query.h"

namespace lanyard::storage {

namespace {

std::atomic<uint64_t> settings_seen{0};

struct Memo {
  bool active = false;
  uint64_t commits = 0;
};
thread_local Memo memo;

void RecordSettings(uint64_t value) {
  uint64_t known = settings_seen.load(std::memory_order_acquire);
  while (value > known && !settings_seen.compare_exchange_weak(known, value, std::memory_order_acq_rel)) {
  }
}

uint64_t ReadCounters(Conn& c) {
  Query q(c, "SELECT last_value, (SELECT last_value FROM lanyard_settings) FROM lanyard_commits");
  if (!q.Next()) return 0;
  RecordSettings(static_cast<uint64_t>(q.Int(1)));
  return static_cast<uint64_t>(q.Int(0));
}

}  // namespace

uint64_t SharedCommitCounter(Conn& c) {
  if (c.dialect() != Dialect::kPostgres) return 0;
  if (memo.active) return memo.commits;
  return ReadCounters(c);
}

uint64_t SettingsChangesSeen() { return settings_seen.load(std::memory_order_acquire); }

void AnnounceSettingsChange(Database& db) {
  if (db.dialect() != Dialect::kPostgres) return;
  try {
    ScalarInt(db.Reader(), "SELECT nextval('lanyard_settings')");
  } catch (const std::exception&) {
  }
}

SharedCountersScope::SharedCountersScope(Database& db) {
  if (db.dialect() != Dialect::kPostgres || memo.active) return;
  memo.commits = ReadCounters(db.Reader());
  memo.active = true;
  active_ = true;
}

SharedCountersScope::~SharedCountersScope() {
  if (active_) memo.active = false;
}

}  // namespace lanyard::storage
