#pragma once
// This process as one of several lanyard instances over one PostgreSQL database (issue 21):
// its id in leases, and how long a lease lasts. Leases: storage/mail_lease_repo.h (mails),
// storage/job_leases_repo.h and core/common/leased_job.h (periodic jobs).
// Thread safety: all functions may be called from any thread.
#include <cstdint>
#include <string>

namespace lanyard {

// "<hostname>:<pid>:<8 random hex digits>", fixed for the life of the process: unique across
// machines and restarts (a restarted instance does not inherit its predecessor's leases).
const std::string& InstanceId();

// The lease length in seconds (default 60; `lanyard serve --lease-seconds`). A dead instance's
// mail rows are taken over this long after its last renewal at the latest; a live instance
// renews when half of it is left.
int64_t LeaseSeconds();
// Sets it (at start, before the jobs start); values below 1 become 1.
void SetLeaseSeconds(int64_t seconds);

}  // namespace lanyard
