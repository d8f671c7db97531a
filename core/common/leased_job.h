#pragma once
// One pass of a periodic job at a time across instances (issue 21): LeasedPass wraps a pass so
// that on PostgreSQL it runs only while this instance holds the job's lease (job_leases,
// storage/job_leases_repo.h); a pass whose lease another live instance holds is skipped. The
// holder renews the lease when half of it is left, so the job stays with one instance while it
// lives; a dead holder's lease runs out at most `interval` + LeaseSeconds() after its last
// renewal and the next instance to look takes the job over. A pass that outlives its lease may overlap another
// instance's: passes stay correct then (serializable units), only not alone.
// On SQLite (one process serves the data directory) the pass simply runs.
//
// Thread safety: the returned function may run on any thread, one call at a time.
#include <chrono>
#include <functional>
#include <string>

#include "core/common/instance.h"
#include "storage/database.h"

namespace lanyard {

// `name`: the job's row in job_leases (e.g. "order_scheduler"); `interval`: the job's period;
// `owner`: this instance (tests pass their own names to act as several). `db` must outlive the
// returned function. An error taking the lease propagates as an exception (PeriodicJob logs it;
// the next pass tries again).
std::function<void()> LeasedPass(storage::Database& db, std::string name,
                                 std::chrono::seconds interval, std::function<void()> pass,
                                 std::string owner = InstanceId());

// Takes or renews job `name`'s lease for `owner` for `seconds` from now; true when held.
bool TakeLease(storage::Database& db, const std::string& name, const std::string& owner,
               int64_t seconds);

}  // namespace lanyard
