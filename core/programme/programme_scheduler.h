#pragma once
// The programme's periodic job: mails session_reminder to everyone holding a seat, once, within
// the hour before their session starts. Runs every `interval` on its own thread
// (core/common/periodic_job.h); on PostgreSQL one instance at a time (core/common/leased_job.h,
// job "programme_scheduler"). Stop() (or the destructor) before the App goes away.
// Thread safety: Start/Stop from one owning thread.
#include <chrono>
#include <cstdint>

#include "core/app.h"
#include "core/common/periodic_job.h"

namespace lanyard::programme {

inline constexpr int64_t kReminderLeadSeconds = 3600;

// One pass: queues the reminders due at `now` (sessions starting in [now, now + 1 h)), at most
// `batch` of them, each with its reminded_at in the same unit. Returns how many were queued.
int SendSessionReminders(App& app, int64_t now, int batch = 200);

class ProgrammeScheduler : public PeriodicJob {
 public:
  explicit ProgrammeScheduler(App& app, std::chrono::seconds interval = std::chrono::seconds(60));
};

}  // namespace lanyard::programme
