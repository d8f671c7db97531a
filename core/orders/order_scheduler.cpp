#include "core/orders/order_scheduler.h"

#include <cstdio>
#include <exception>

#include "core/orders/orders.h"
#include "core/teams/submissions.h"
#include "core/common/time_util.h"

namespace lanyard {

OrderScheduler::OrderScheduler(App& app, std::chrono::seconds interval)
    : app_(app), interval_(interval) {}

OrderScheduler::~OrderScheduler() { Stop(); }

void OrderScheduler::Start() {
  if (!thread_.joinable()) thread_ = std::thread([this] { Loop(); });
}

void OrderScheduler::Stop() {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    stopping_ = true;
  }
  wake_.notify_all();
  if (thread_.joinable()) thread_.join();
}

void OrderScheduler::Loop() {
  for (;;) {
    try {
      const int64_t now = NowSeconds();
      // Batches of 200: keep going while a batch was full.
      while (orders::ExpireOverdue(app_, now) == 200) {}
      while (orders::SendReminders(app_, now) == 200) {}
      const int64_t hours = (*app_.settings().Snapshot())["reminder_hours"].get<int64_t>();
      while (teams::SendStageReminders(app_, now, hours) == 200) {}
    } catch (const std::exception& e) {
      std::fprintf(stderr, "lanyard: order scheduler: %s\n", e.what());
    }
    std::unique_lock<std::mutex> lock(mutex_);
    if (wake_.wait_for(lock, interval_, [this] { return stopping_; })) return;
  }
}

}  // namespace lanyard
