#pragma once
// The SQL of the periodic jobs' leases (job_leases, migration 0031): across instances sharing a
// PostgreSQL database one instance at a time runs a job's pass (order scheduler, programme,
// campaigns). A lease is (name, owner = instance id, lease_until = UTC unix seconds).
// Call inside a unit of work; runs on both engines.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "storage/conn.h"

namespace lanyard::storage {

// Takes (or renews) job `name`'s lease for `owner` until `lease_until` when it is free, ran out
// (lease_until <= now) or is already `owner`'s — one conditional upsert, so two instances
// racing for it cannot both win. Returns whether `owner` holds it now.
bool TakeJobLease(Conn& conn, std::string_view name, std::string_view owner, int64_t now,
                  int64_t lease_until);

struct JobLease {
  std::string owner;
  int64_t lease_until = 0;  // UTC unix seconds
};
std::optional<JobLease> FindJobLease(Conn& conn, std::string_view name);

}  // namespace lanyard::storage
