// A periodic job's pass under its lease (core/common/leased_job.h): on PostgreSQL the instance
// holding the job runs it and another instance's passes are skipped; on SQLite (one process)
// every pass runs. Two owners over one database act as two instances.
#include <doctest/doctest.h>

#include <chrono>
#include <functional>

#include "core/common/leased_job.h"
#include "storage/job_leases_repo.h"
#include "tests/storage/engines.h"

using namespace lanyard;

TEST_CASE("leased job: one instance at a time runs the passes on PostgreSQL, each runs on SQLite") {
  testing::TempDir dir;
  auto db = testing::OpenEachEngine(dir);
  int a_runs = 0;
  int b_runs = 0;
  const std::function<void()> a =
      LeasedPass(*db, "order_scheduler", std::chrono::seconds(30), [&] { ++a_runs; }, "A");
  const std::function<void()> b =
      LeasedPass(*db, "order_scheduler", std::chrono::seconds(30), [&] { ++b_runs; }, "B");
  const std::function<void()> other =
      LeasedPass(*db, "campaign_scheduler", std::chrono::seconds(1), [&] { ++b_runs; }, "B");
  a();
  b();
  a();
  b();
  if (db->dialect() == storage::Dialect::kPostgres) {
    CHECK(a_runs == 2);
    CHECK(b_runs == 0);  // A holds the job: B's passes are skipped
    const auto lease = storage::FindJobLease(db->Reader(), "order_scheduler");
    REQUIRE(lease.has_value());
    CHECK(lease->owner == "A");
    other();  // another job is free for B
    CHECK(b_runs == 1);
  } else {
    CHECK(a_runs == 2);
    CHECK(b_runs == 2);
    CHECK_FALSE(storage::FindJobLease(db->Reader(), "order_scheduler").has_value());  // no write
  }
}
