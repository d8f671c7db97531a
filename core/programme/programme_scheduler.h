#pragma once
// The programme's periodic job: mails session_reminder to everyone holding a seat, once, within
// the hour before their session starts. Runs every `interval` on its own thread, like
// core/orders/order_scheduler.h. Stop() (or the destructor) before the App goes away.
// Thread safety: Start/Stop from one owning thread.
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <mutex>
#include <thread>

#include "core/app.h"

namespace lanyard::programme {

inline constexpr int64_t kReminderLeadSeconds = 3600;

// One pass: queues the reminders due at `now` (sessions starting in [now, now + 1 h)), at most
// `batch` of them, each with its reminded_at in the same unit. Returns how many were queued.
int SendSessionReminders(App& app, int64_t now, int batch = 200);

class ProgrammeScheduler {
 public:
  explicit ProgrammeScheduler(App& app, std::chrono::seconds interval = std::chrono::seconds(60));
  ~ProgrammeScheduler();
  ProgrammeScheduler(const ProgrammeScheduler&) = delete;
  ProgrammeScheduler& operator=(const ProgrammeScheduler&) = delete;
  void Start();
  void Stop();

 private:
  void Loop();
  App& app_;
  const std::chrono::seconds interval_;
  std::mutex mutex_;
  std::condition_variable wake_;
  bool stopping_ = false;  // GUARDED_BY(mutex_)
  std::thread thread_;
};

}  // namespace lanyard::programme
