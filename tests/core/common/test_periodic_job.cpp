// PeriodicJob: a pass at Start, the next after the interval, a throwing pass does not end the
// job, Stop returns at once however long the interval.
#include <doctest/doctest.h>

#include <atomic>
#include <chrono>
#include <stdexcept>
#include <thread>

#include "core/common/periodic_job.h"

using lanyard::PeriodicJob;

TEST_CASE("periodic job: runs at start, survives a throwing pass, stops without waiting out the interval") {
  std::atomic<int> passes{0};
  PeriodicJob job("test job", std::chrono::seconds(1), [&passes] {
    if (++passes == 1) throw std::runtime_error("first pass fails");
  });
  job.Start();
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
  while (passes < 2 && std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  CHECK(passes >= 2);  // the second pass came after the first one threw
  PeriodicJob idle("idle job", std::chrono::seconds(3600), [] {});
  idle.Start();
  const auto before = std::chrono::steady_clock::now();
  idle.Stop();
  job.Stop();
  CHECK(std::chrono::steady_clock::now() - before < std::chrono::seconds(5));
  const int after_stop = passes;
  std::this_thread::sleep_for(std::chrono::milliseconds(1200));
  CHECK(passes == after_stop);
}
