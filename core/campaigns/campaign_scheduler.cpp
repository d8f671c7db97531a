// Starting due campaigns and finishing sent ones (declared in campaigns.h).
#include "core/campaigns/campaign_mail.h"
#include "core/campaigns/campaigns.h"
#include "core/common/leased_job.h"
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

CampaignScheduler::CampaignScheduler(App& app, std::chrono::seconds interval)
    : PeriodicJob("campaign scheduler", interval,
                  LeasedPass(app.db(), "campaign_scheduler", interval, [&app] { RunDue(app); })) {}

}  // namespace lanyard::campaigns
