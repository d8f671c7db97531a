#include "core/accounts/kdf_pool.h"

#include <future>

namespace lanyard {

KdfPool::KdfPool(crypto::KdfStrength strength, size_t threads, size_t max_queue)
    : strength_(strength), max_queue_(max_queue) {
  for (size_t i = 0; i < threads; ++i) threads_.emplace_back([this] { Loop(); });
}

KdfPool::~KdfPool() {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    stopping_ = true;
  }
  wake_.notify_all();
  for (auto& t : threads_) t.join();
}

void KdfPool::Loop() {
  for (;;) {
    std::function<void()> job;
    {
      std::unique_lock<std::mutex> lock(mutex_);
      wake_.wait(lock, [this] { return stopping_ || !queue_.empty(); });
      if (queue_.empty()) return;
      job = std::move(queue_.front());
      queue_.pop_front();
    }
    job();
  }
}

Status KdfPool::Run(std::function<void()> job) {
  std::promise<void> done;
  std::future<void> finished = done.get_future();
  {
    std::lock_guard<std::mutex> lock(mutex_);
    if (queue_.size() >= max_queue_ || stopping_) {
      return Error::Make(codes::kRateLimited, "The server is busy checking passwords; try again.");
    }
    queue_.push_back([&job, &done] {
      job();
      done.set_value();
    });
  }
  wake_.notify_one();
  finished.get();
  return OkStatus();
}

Result<std::string> KdfPool::Hash(const std::string& password) {
  std::string out;
  Status st = Run([&] { out = crypto::HashPassword(password, strength_); });
  if (!st.ok()) return st.error();
  return out;
}

Result<bool> KdfPool::Verify(const std::string& password, const std::string& stored) {
  bool ok = false;
  Status st = Run([&] { ok = crypto::VerifyPassword(password, stored); });
  if (!st.ok()) return st.error();
  return ok;
}

}  // namespace lanyard
