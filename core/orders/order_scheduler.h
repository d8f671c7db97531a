#pragma once
// The background scheduler of orders: expires overdue pending orders, sends payment reminders
// and the stage reminders of competitions, every `interval` (core/common/periodic_job.h); on
// PostgreSQL one instance at a time (core/common/leased_job.h, job "order_scheduler"). Stop()
// (or the destructor) before the App goes away.
// Thread safety: Start/Stop from one owning thread.
#include <chrono>

#include "core/app.h"
#include "core/common/periodic_job.h"

namespace lanyard {

// One pass at `now` (unix seconds): each kind of work in batches of 200 until a batch is not full.
void RunOrderJobs(App& app, int64_t now);

class OrderScheduler : public PeriodicJob {
 public:
  explicit OrderScheduler(App& app, std::chrono::seconds interval = std::chrono::seconds(30));
};

}  // namespace lanyard
