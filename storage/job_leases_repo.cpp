#include "storage/job_leases_repo.h"

#include "storage/query.h"

namespace lanyard::storage {

bool TakeJobLease(Conn& conn, std::string_view name, std::string_view owner, int64_t now,
                  int64_t lease_until) {
  return ScalarInt(conn,
                   "INSERT INTO job_leases(name, owner, lease_until) VALUES (?1, ?2, ?3) "
                   "ON CONFLICT(name) DO UPDATE SET owner = excluded.owner, "
                   "lease_until = excluded.lease_until "
                   "WHERE job_leases.owner = excluded.owner OR job_leases.lease_until <= ?4 "
                   "RETURNING 1",
                   name, owner, lease_until, now)
      .has_value();
}

std::optional<JobLease> FindJobLease(Conn& conn, std::string_view name) {
  Query q(conn, "SELECT owner, lease_until FROM job_leases WHERE name = ?", name);
  if (!q.Next()) return std::nullopt;
  return JobLease{q.Text(0), q.Int(1)};
}

}  // namespace lanyard::storage
