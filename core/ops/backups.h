#pragma once
// Online backups into <data>/backups (SPEC §12): taken while serving, listed for admins, and on a
// schedule (settings backup_interval_hours, 0 = off) keeping the newest backup_keep files.
#include <cstdint>
#include <nlohmann/json.hpp>

#include "core/app.h"
#include "core/accounts/auth_user.h"
#include "core/common/periodic_job.h"
#include "core/common/result.h"

namespace lanyard::backups {

// False on PostgreSQL: lanyard takes no backups there (pg_dump on the database server does).
bool Available(App& app);
// Takes a backup now; {name, size, created_at}. Audited when `actor` is given. Error "internal"
// when the copy fails (disk full, unwritable folder); no partial file is left behind.
Result<nlohmann::json> Create(App& app, const AuthUser* actor);
// {items: [{name, size, created_at}], total, limit, offset, available: Available(app)}.
nlohmann::json List(App& app);
// Deletes all but the newest `keep` backups.
void Prune(App& app, int keep);

// Takes a scheduled backup when backup_interval_hours (read at each pass, so a change in the
// settings applies within a minute) have passed since the last one (or since start), then
// prunes to backup_keep. Checks once a minute (core/common/periodic_job.h); the first backup
// comes one interval after start, not at start. On PostgreSQL no backup is taken: each interval
// logs that pg_dump is the way. Thread safety: Start/Stop from one owning
// thread; the pass runs on the job's thread only.
class Scheduler : public PeriodicJob {
 public:
  explicit Scheduler(App& app);

 private:
  void Pass();
  App& app_;
  int64_t last_;  // UTC seconds of the last backup taken (or of the start); job thread only
};

}  // namespace lanyard::backups
