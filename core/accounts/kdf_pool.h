#pragma once
// Password hashing off the request threads' critical path: a small dedicated pool with a bounded
// queue, so a login flood queues (or is refused as busy) instead of starving orders and
// check-ins of CPU.
#include <condition_variable>
#include <deque>
#include <functional>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "core/common/crypto.h"
#include "core/common/result.h"

namespace lanyard {

class KdfPool {
 public:
  KdfPool(crypto::KdfStrength strength, size_t threads = 1, size_t max_queue = 256);
  ~KdfPool();
  KdfPool(const KdfPool&) = delete;
  KdfPool& operator=(const KdfPool&) = delete;

  // Blocks the caller until done; Error rate_limited when the queue is full.
  Result<std::string> Hash(const std::string& password);
  Result<bool> Verify(const std::string& password, const std::string& stored);
  crypto::KdfStrength strength() const { return strength_; }

 private:
  Status Run(std::function<void()> job);
  void Loop();

  const crypto::KdfStrength strength_;
  const size_t max_queue_;
  std::mutex mutex_;
  std::condition_variable wake_;
  std::deque<std::function<void()>> queue_;  // GUARDED_BY(mutex_)
  bool stopping_ = false;                    // GUARDED_BY(mutex_)
  std::vector<std::thread> threads_;
};

}  // namespace lanyard
