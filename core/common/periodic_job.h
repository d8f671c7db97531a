#pragma once
// A job that runs on its own thread: `pass` at Start() and then every `interval` until Stop().
// An exception from a pass is logged to stderr as "lanyard: <name>: <what>" and the next pass
// runs on time. Stop() wakes the thread at once and joins it (the destructor stops too); stop
// before what `pass` uses goes away.
//
// Thread safety: Start/Stop from one owning thread; `pass` runs only on the job's thread.
#include <chrono>
#include <condition_variable>
#include <functional>
#include <mutex>
#include <string>
#include <thread>

namespace lanyard {

class PeriodicJob {
 public:
  PeriodicJob(std::string name, std::chrono::seconds interval, std::function<void()> pass);
  ~PeriodicJob();
  PeriodicJob(const PeriodicJob&) = delete;
  PeriodicJob& operator=(const PeriodicJob&) = delete;
  void Start();
  void Stop();

 private:
  void Loop();
  const std::string name_;
  const std::chrono::seconds interval_;
  const std::function<void()> pass_;
  std::mutex mutex_;
  std::condition_variable wake_;
  bool stopping_ = false;  // GUARDED_BY(mutex_)
  std::thread thread_;
};

}  // namespace lanyard
