#include "core/common/leased_job.h"

#include <utility>

#include "core/common/instance.h"
#include "core/common/time_util.h"
#include "storage/job_leases_repo.h"

namespace lanyard {

bool TakeLease(storage::Database& db, const std::string& name, const std::string& owner,
               int64_t seconds) {
  bool held = false;
  db.Write([&](storage::Conn& c) {
    const int64_t now = NowSeconds();
    held = storage::TakeJobLease(c, name, owner, now, now + seconds);
    return held;
  });
  return held;
}

std::function<void()> LeasedPass(storage::Database& db, std::string name,
                                 std::chrono::seconds interval, std::function<void()> pass,
                                 std::string owner) {
  // held_until: the end of the lease this instance last took (UTC seconds). While more than
  // half of it is left the pass runs without a write (a job every second would otherwise
  // commit, and wake every instance's caches, every second).
  return [&db, name = std::move(name), interval, pass = std::move(pass), owner = std::move(owner),
          held_until = int64_t{0}]() mutable {
    if (db.dialect() == storage::Dialect::kPostgres) {
      const int64_t length = interval.count() + LeaseSeconds();
      const int64_t now = NowSeconds();
      if (held_until - now <= length / 2) {
        if (!TakeLease(db, name, owner, length)) {
          held_until = 0;
          return;
        }
        held_until = now + length;
      }
    }
    pass();
  };
}

}  // namespace lanyard
