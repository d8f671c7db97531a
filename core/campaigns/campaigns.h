#pragma once
// Mail campaigns (SPEC §10): an organizer writes a subject and a Markdown body for an audience
// of an event; at scheduled_at (or now) one write unit resolves the audience (without those who
// unsubscribed), queues one personal mail per recipient in the outbox (kind "campaign") and
// records each recipient once (campaign_recipients' key), then the outbox sender delivers them
// at the campaign rate (setting rate_campaign_mails_per_minute) and resumes after a restart.
// Progress is read from the outbox: sent and failed of the campaign's rows.
//
// {{name}} in the subject or body is the recipient's name (HTML-escaped in the HTML part).
// A campaign with nomination_id is sent "on behalf of" that nominee (named in every mail).
//
// Who: the event's owner and admins (kManage), 404 for an event the caller may not see. The
// all_users audience is for admins only (403 forbidden for an organizer).
// Audiences: ticket_holders, ticket_type (id = a ticket type of the event), checked_in,
// teams (members of the event's teams; id = one competition of the event, optional), session
// (id = a session of the event: the people holding its seats, not its waitlist), nominees,
// all_users. An id of another event → validation_failed (audience).
//
// Thread safety: free functions over App; CampaignScheduler owns one thread.
#include <chrono>
#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>

#include "core/accounts/auth_user.h"
#include "core/app.h"
#include "core/common/periodic_job.h"
#include "core/common/result.h"
#include "core/ops/audit.h"

namespace lanyard::campaigns {

inline constexpr size_t kMaxSubject = 200;
inline constexpr size_t kMaxBody = 50000;

enum class CampaignStatus { kScheduled, kSending, kSent, kCancelled };
const char* StatusName(CampaignStatus s);
std::optional<CampaignStatus> ParseStatus(std::string_view text);

struct Audience {
  std::string kind;  // ticket_holders | ticket_type | checked_in | teams | session | nominees | all_users
  std::optional<int64_t> id;
};

struct NewCampaign {
  std::string subject;
  std::string body;  // Markdown
  Audience audience;
  std::optional<std::string> scheduled_at;  // RFC 3339; absent or past = now
  std::optional<int64_t> nomination_id;
};

// The campaign object: id, event_id, subject, body, audience {kind, id}, nomination_id,
// on_behalf_of, status, scheduled_at, recipients, sent, failed, queued, created_at,
// started_at, finished_at, cancelled_at.

// POST /events/{id}/campaigns → 201. validation_failed (subject, body, audience, scheduled_at,
// nomination_id); forbidden for all_users unless admin.
Result<nlohmann::json> Create(App& app, const AuthUser& user, int64_t event_id, const NewCampaign& in);
Result<nlohmann::json> Get(App& app, const AuthUser& user, int64_t campaign_id);
Result<nlohmann::json> ListForEvent(App& app, const AuthUser& user, int64_t event_id, ListPage page);
// POST /campaigns/{id}/cancel; campaign_not_cancellable (409) once sending started.
Result<nlohmann::json> Cancel(App& app, const AuthUser& user, int64_t campaign_id);
// POST /campaigns/{id}/test: one mail of the campaign to the caller → {queued: true, to}.
Result<nlohmann::json> TestSend(App& app, const AuthUser& user, int64_t campaign_id);
// POST /events/{id}/campaigns/preview {subject, body, nomination_id?} → {subject, html, text}
// as the caller would receive it (the body part, before the mail layout).
Result<nlohmann::json> Preview(App& app, const AuthUser& user, int64_t event_id, const NewCampaign& in);
// GET /events/{id}/campaigns/audience?kind=&id= → {kind, id, recipients}: who it would reach now.
Result<nlohmann::json> CountAudience(App& app, const AuthUser& user, int64_t event_id,
                                     const Audience& audience);

// Starts every scheduled campaign that is due and marks finished ones sent; returns how many
// were started. Called by CampaignScheduler; safe to call from anywhere.
int RunDue(App& app);

// Runs RunDue at Start() and then every `interval` (core/common/periodic_job.h). Stop() (or the
// destructor) before the App goes away. Thread safety: Start/Stop from one owning thread.
class CampaignScheduler : public PeriodicJob {
 public:
  explicit CampaignScheduler(App& app, std::chrono::seconds interval = std::chrono::seconds(1));
};

}  // namespace lanyard::campaigns
