#pragma once
// The background scheduler of orders: expires overdue pending orders, sends payment reminders
// and the stage reminders of competitions, every `interval`. Stop() (or the destructor) before
// the App goes away.
#include <chrono>
#include <condition_variable>
#include <mutex>
#include <thread>

#include "core/app.h"

namespace lanyard {

class OrderScheduler {
 public:
  explicit OrderScheduler(App& app, std::chrono::seconds interval = std::chrono::seconds(30));
  ~OrderScheduler();
  OrderScheduler(const OrderScheduler&) = delete;
  OrderScheduler& operator=(const OrderScheduler&) = delete;
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

}  // namespace lanyard
