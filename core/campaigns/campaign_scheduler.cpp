// Starting due campaigns and finishing sent ones (declared in campaigns.h).
#include <iostream>

#include "core/campaigns/campaign_mail.h"
#include "core/campaigns/campaigns.h"
#include "core/common/time_util.h"
#include "core/common/write_unit.h"
#include "storage/campaigns_repo.h"

namespace lanyard::campaigns {

int RunDue(App& app) {
  const std::string now = NowRfc3339();
  int started = 0;
  for (int64_t id : storage::DueCampaignIds(app.db().Reader(), now)) {
    // One unit per campaign: a big one never holds back the others' commit. The count is
    // taken after the commit: on PostgreSQL a unit may run more than once.
    bool began = false;
    app.db().Write([&](storage::Conn& c) {
      began = StartCampaign(c, id, now);
      return true;
    });
    if (began) ++started;
  }
  app.db().Write([&](storage::Conn& c) {
    return storage::FinishSentCampaigns(c, now) > 0;
  });
  return started;
}

CampaignScheduler::CampaignScheduler(App& app, std::chrono::milliseconds interval)
    : app_(app), interval_(interval) {}

CampaignScheduler::~CampaignScheduler() { Stop(); }

void CampaignScheduler::Start() {
  std::lock_guard<std::mutex> lock(mutex_);
  if (thread_.joinable()) return;
  stopping_ = false;
  thread_ = std::thread([this] { Loop(); });
}

void CampaignScheduler::Stop() {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    stopping_ = true;
  }
  wake_.notify_all();
  if (thread_.joinable()) thread_.join();
}

void CampaignScheduler::Loop() {
  std::unique_lock<std::mutex> lock(mutex_);
  while (!stopping_) {
    lock.unlock();
    try {
      RunDue(app_);
    } catch (const std::exception& e) {
      std::cerr << "campaign scheduler: " << e.what() << std::endl;
    }
    lock.lock();
    wake_.wait_for(lock, interval_, [this] { return stopping_; });
  }
}

}  // namespace lanyard::campaigns
