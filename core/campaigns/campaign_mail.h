#pragma once
// The personal mail of a campaign (core/campaigns only): render the Markdown once, then fill in
// each recipient's name and unsubscribe token and queue the outbox row.
#include <cstdint>
#include <string>

#include "core/campaigns/markdown.h"
#include "storage/campaigns_repo.h"
#include "storage/conn.h"

namespace lanyard::campaigns {

struct PreparedCampaign {
  int64_t campaign_id = 0;  // 0 for a preview
  std::string subject;      // with {{name}} still in it
  RenderedBody body;        // with {{name}} still in it
  std::string event_title;
  std::string on_behalf_of;  // the nominee's name, or empty
};

PreparedCampaign Prepare(const std::string& subject, const std::string& markdown,
                         const std::string& event_title, const std::string& on_behalf_of);

// {{name}} filled in: subject, html (escaped name), text.
struct PersonalBody {
  std::string subject, html, text;
};
PersonalBody Personalize(const PreparedCampaign& p, const std::string& name);

// Queues the recipient's mail (creating their unsubscribe token when they have none); returns
// the outbox id. Call inside a unit of work.
int64_t QueueCampaignMail(storage::Conn& c, const PreparedCampaign& p,
                          const storage::CampaignRecipient& to, const std::string& now);

// Starts one due campaign inside the caller's unit: resolves the audience (without those who
// unsubscribed) and queues one mail per recipient. False when it was not scheduled any more.
bool StartCampaign(storage::Conn& c, int64_t campaign_id, const std::string& now);

}  // namespace lanyard::campaigns
