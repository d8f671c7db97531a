#pragma once
// Online backups into <data>/backups (SPEC §12): taken while serving, listed for admins, and on a
// schedule (settings backup_interval_hours, 0 = off) keeping the newest backup_keep files.
#include <chrono>
#include <condition_variable>
#include <mutex>
#include <nlohmann/json.hpp>
#include <thread>

#include "core/app.h"
#include "core/accounts/auth_user.h"
#include "core/common/result.h"

namespace lanyard::backups {

// Takes a backup now; {name, size, created_at}. Audited when `actor` is given. Error "internal"
// when the copy fails (disk full, unwritable folder); no partial file is left behind.
Result<nlohmann::json> Create(App& app, const AuthUser* actor);
nlohmann::json List(App& app);
// Deletes all but the newest `keep` backups.
void Prune(App& app, int keep);

class Scheduler {
 public:
  explicit Scheduler(App& app) : app_(app) {}
  ~Scheduler() { Stop(); }
  Scheduler(const Scheduler&) = delete;
  Scheduler& operator=(const Scheduler&) = delete;
  void Start();
  void Stop();

 private:
  void Loop();
  App& app_;
  std::mutex mutex_;
  std::condition_variable wake_;
  bool stopping_ = false;  // GUARDED_BY(mutex_)
  std::thread thread_;
};

}  // namespace lanyard::backups
