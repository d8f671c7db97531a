#include "core/orders/order_scheduler.h"

#include "core/common/leased_job.h"
#include "core/common/time_util.h"
#include "core/orders/orders.h"
#include "core/teams/submissions.h"

namespace lanyard {

void RunOrderJobs(App& app, int64_t now) {
  while (orders::ExpireOverdue(app, now) == 200) {}
  while (orders::SendReminders(app, now) == 200) {}
  const int64_t hours = (*app.settings().Snapshot())["reminder_hours"].get<int64_t>();
  while (teams::SendStageReminders(app, now, hours) == 200) {}
}

OrderScheduler::OrderScheduler(App& app, std::chrono::seconds interval)
    : PeriodicJob("order scheduler", interval,
                  LeasedPass(app.db(), "order_scheduler", interval,
                             [&app] { RunOrderJobs(app, NowSeconds()); })) {}

}  // namespace lanyard
