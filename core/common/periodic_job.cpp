#include "core/common/periodic_job.h"

#include <cstdio>
#include <exception>
#include <utility>

namespace lanyard {

PeriodicJob::PeriodicJob(std::string name, std::chrono::seconds interval, std::function<void()> pass)
    : name_(std::move(name)), interval_(interval), pass_(std::move(pass)) {}

PeriodicJob::~PeriodicJob() { Stop(); }

void PeriodicJob::Start() {
  if (!thread_.joinable()) thread_ = std::thread([this] { Loop(); });
}

void PeriodicJob::Stop() {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    stopping_ = true;
  }
  wake_.notify_all();
  if (thread_.joinable()) thread_.join();
}

void PeriodicJob::Loop() {
  for (;;) {
    try {
      pass_();
    } catch (const std::exception& e) {
      std::fprintf(stderr, "lanyard: %s: %s\n", name_.c_str(), e.what());
    }
    std::unique_lock<std::mutex> lock(mutex_);
    if (wake_.wait_for(lock, interval_, [this] { return stopping_; })) return;
  }
}

}  // namespace lanyard
