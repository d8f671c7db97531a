#pragma once
// Mail campaigns, their recipients, their audiences and the unsubscribe choice (migration
// 0012): ALL their SQL. Writers run inside a unit of work; readers take any connection.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "storage/conn.h"

namespace lanyard::storage {

struct CampaignRow {
  int64_t id = 0;
  int64_t event_id = 0;
  std::string subject;
  std::string body;  // Markdown
  std::string audience_kind;
  std::optional<int64_t> audience_id;
  std::optional<int64_t> nomination_id;
  std::string status = "scheduled";  // scheduled | sending | sent | cancelled
  std::string scheduled_at;
  int64_t recipients = 0;
  int64_t created_by = 0;
  std::string created_at;
  std::optional<std::string> started_at, finished_at, cancelled_at;
  // Read with the row: outbox states of its mails.
  int64_t sent = 0;
  int64_t failed = 0;
};

int64_t InsertCampaign(Conn& c, const CampaignRow& row);
std::optional<CampaignRow> FindCampaign(Conn& c, int64_t id);
std::vector<CampaignRow> ListEventCampaigns(Conn& c, int64_t event_id, int limit, int offset,
                                            int64_t* total);
// scheduled -> sending with the number of recipients; false when it was not scheduled.
bool MarkCampaignSending(Conn& c, int64_t id, int64_t recipients, const std::string& now);
// scheduled -> cancelled; false when it was not scheduled any more.
bool MarkCampaignCancelled(Conn& c, int64_t id, const std::string& now);
// Ids of scheduled campaigns due at `now`, oldest first.
std::vector<int64_t> DueCampaignIds(Conn& c, const std::string& now);
// sending -> sent for every campaign with no queued mail left; returns how many.
int FinishSentCampaigns(Conn& c, const std::string& now);

// A person a campaign goes to.
struct CampaignRecipient {
  std::string email;
  std::string email_norm;
  std::string name;
  std::string locale;  // en | id; "" for a person without an account (core/campaigns decides)
};

// Who an audience is, without those who unsubscribed, one row per address, ordered by address.
//   ticket_holders — holders of a valid ticket of the event: buyers (accounts) and companions
//                    named with an address (with or without an account), once per address
//   ticket_type    — the same for valid tickets of type `audience_id`
//   checked_in     — the same for checked-in valid tickets of the event
//   teams          — members of the teams (not withdrawn) of the event's competitions; of
//                    competition `audience_id` only when given
//   session        — people holding a seat (registered, not waitlisted) of session
//                    `audience_id`, a session of the event
//   nominees       — nominees of the event's nominations the nominee did not decline
//   all_users      — every active account
// Unknown kinds give an empty list (core/campaigns validates kinds first).
std::vector<CampaignRecipient> AudienceRecipients(Conn& c, const std::string& kind,
                                                  int64_t event_id,
                                                  std::optional<int64_t> audience_id);
// False when the address had this campaign's mail already.
bool InsertCampaignRecipient(Conn& c, int64_t campaign_id, const std::string& email_norm,
                             int64_t outbox_id);

// The unsubscribe choice of an address.
struct SubscriptionRow {
  std::string email_norm;
  std::string token;
  std::optional<std::string> unsubscribed_at;
  std::string updated_at;
};
std::optional<SubscriptionRow> FindSubscription(Conn& c, const std::string& email_norm);
std::optional<SubscriptionRow> FindSubscriptionByToken(Conn& c, const std::string& token);
// The title of the event whose campaign reached `email_norm` last, or nullopt when none did
// (the unsubscribe page names it).
std::optional<std::string> LatestCampaignEventTitle(Conn& c, const std::string& email_norm);
// The address's token: the stored one, or `fresh` stored now.
std::string EnsureSubscriptionToken(Conn& c, const std::string& email_norm, const std::string& fresh,
                                    const std::string& now);
// Sets or clears unsubscribed_at (kept when already set and `unsubscribe`).
void SetUnsubscribed(Conn& c, const std::string& email_norm, bool unsubscribe,
                     const std::string& now);

}  // namespace lanyard::storage
