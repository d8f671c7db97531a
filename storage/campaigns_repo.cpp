#include "storage/campaigns_repo.h"

#include "storage/query.h"
#include "storage/ticket_holders_repo.h"

namespace lanyard::storage {

namespace {

#define LANYARD_CAMPAIGN_COLUMNS                                                                \
  "c.id, c.event_id, c.subject, c.body, c.audience_kind, c.audience_id, c.nomination_id, "      \
  "c.status, c.scheduled_at, c.recipients, c.created_by, c.created_at, c.started_at, "          \
  "c.finished_at, c.cancelled_at, "                                                             \
  "(SELECT COUNT(*) FROM campaign_recipients r JOIN mail_outbox m ON m.id = r.outbox_id "       \
  " WHERE r.campaign_id = c.id AND m.status = 'sent'), "                                        \
  "(SELECT COUNT(*) FROM campaign_recipients r JOIN mail_outbox m ON m.id = r.outbox_id "       \
  " WHERE r.campaign_id = c.id AND m.status = 'failed')"

CampaignRow ReadCampaign(Query& q) {
  CampaignRow r;
  r.id = q.Int(0);
  r.event_id = q.Int(1);
  r.subject = q.Text(2);
  r.body = q.Text(3);
  r.audience_kind = q.Text(4);
  r.audience_id = q.OptInt(5);
  r.nomination_id = q.OptInt(6);
  r.status = q.Text(7);
  r.scheduled_at = q.Text(8);
  r.recipients = q.Int(9);
  r.created_by = q.Int(10);
  r.created_at = q.Text(11);
  r.started_at = q.OptText(12);
  r.finished_at = q.OptText(13);
  r.cancelled_at = q.OptText(14);
  r.sent = q.Int(15);
  r.failed = q.Int(16);
  return r;
}

std::vector<CampaignRecipient> ReadRecipients(Query& q) {
  std::vector<CampaignRecipient> out;
  while (q.Next()) out.push_back({q.Text(0), q.Text(1), q.Text(2), q.Text(3)});
  return out;
}

// The account columns of a recipient, and the join that leaves out unsubscribed addresses.
#define LANYARD_RECIPIENT_COLUMNS "u.email, u.email_norm, u.name, u.locale"
#define LANYARD_SUBSCRIBED                                                            \
  " LEFT JOIN mail_subscriptions s ON s.email_norm = u.email_norm "
#define LANYARD_STILL_SUBSCRIBED " AND s.unsubscribed_at IS NULL "

}  // namespace

int64_t InsertCampaign(Conn& c, const CampaignRow& r) {
  return InsertId(c,
       "INSERT INTO campaigns (event_id, subject, body, audience_kind, audience_id, "
       "nomination_id, status, scheduled_at, created_by, created_at) "
       "VALUES (?, ?, ?, ?, ?, ?, 'scheduled', ?, ?, ?) RETURNING id",
       r.event_id, r.subject, r.body, r.audience_kind, r.audience_id, r.nomination_id,
       r.scheduled_at, r.created_by, r.created_at);
}

std::optional<CampaignRow> FindCampaign(Conn& c, int64_t id) {
  Query q(c, "SELECT " LANYARD_CAMPAIGN_COLUMNS " FROM campaigns c WHERE c.id = ?", id);
  if (!q.Next()) return std::nullopt;
  return ReadCampaign(q);
}

std::vector<CampaignRow> ListEventCampaigns(Conn& c, int64_t event_id, int limit, int offset,
                                            int64_t* total) {
  *total = ScalarInt(c, "SELECT COUNT(*) FROM campaigns WHERE event_id = ?", event_id).value_or(0);
  Query q(c,
          "SELECT " LANYARD_CAMPAIGN_COLUMNS
          " FROM campaigns c WHERE c.event_id = ? ORDER BY c.id DESC LIMIT ? OFFSET ?",
          event_id, limit, offset);
  std::vector<CampaignRow> out;
  while (q.Next()) out.push_back(ReadCampaign(q));
  return out;
}

bool MarkCampaignSending(Conn& c, int64_t id, int64_t recipients, const std::string& now) {
  return Exec(c,
              "UPDATE campaigns SET status = 'sending', recipients = ?, started_at = ? "
              "WHERE id = ? AND status = 'scheduled'",
              recipients, now, id) == 1;
}

bool MarkCampaignCancelled(Conn& c, int64_t id, const std::string& now) {
  return Exec(c,
              "UPDATE campaigns SET status = 'cancelled', cancelled_at = ? "
              "WHERE id = ? AND status = 'scheduled'",
              now, id) == 1;
}

std::vector<int64_t> DueCampaignIds(Conn& c, const std::string& now) {
  Query q(c,
          "SELECT id FROM campaigns WHERE status = 'scheduled' AND scheduled_at <= ? "
          "ORDER BY scheduled_at, id",
          now);
  std::vector<int64_t> out;
  while (q.Next()) out.push_back(q.Int(0));
  return out;
}

int FinishSentCampaigns(Conn& c, const std::string& now) {
  return Exec(c,
              "UPDATE campaigns SET status = 'sent', finished_at = ? WHERE status = 'sending' "
              "AND NOT EXISTS (SELECT 1 FROM campaign_recipients r JOIN mail_outbox m "
              "ON m.id = r.outbox_id WHERE r.campaign_id = campaigns.id AND m.status = 'queued')",
              now);
}

std::vector<CampaignRecipient> AudienceRecipients(Conn& c, const std::string& kind,
                                                  int64_t event_id,
                                                  std::optional<int64_t> audience_id) {
  if (kind == "ticket_holders" || kind == "checked_in" || kind == "ticket_type") {
    // Buyers and companions with an address, once per address (storage/ticket_holders_repo.h).
    HolderFilter filter;
    filter.checked_in_only = kind == "checked_in";
    if (kind == "ticket_type") filter.ticket_type_id = audience_id.value_or(0);
    filter.skip_unsubscribed = true;
    std::vector<CampaignRecipient> out;
    for (HolderAddress& a : EventHolderAddresses(c, event_id, filter)) {
      out.push_back({std::move(a.email), std::move(a.email_norm), std::move(a.name),
                     std::move(a.locale)});
    }
    return out;
  }
  if (kind == "teams") {
    Query q(c,
            "SELECT " LANYARD_RECIPIENT_COLUMNS " FROM users u" LANYARD_SUBSCRIBED
            "WHERE u.active = 1" LANYARD_STILL_SUBSCRIBED
            "AND EXISTS (SELECT 1 FROM team_members m JOIN teams t ON t.id = m.team_id "
            "JOIN competitions k ON k.id = t.competition_id WHERE m.user_id = u.id "
            "AND k.event_id = ? AND (? = 0 OR k.id = ?) AND t.status <> 'withdrawn') "
            "ORDER BY u.email_norm",
            event_id, audience_id.value_or(0), audience_id.value_or(0));
    return ReadRecipients(q);
  }
  if (kind == "session") {
    Query q(c,
            "SELECT " LANYARD_RECIPIENT_COLUMNS " FROM users u" LANYARD_SUBSCRIBED
            "WHERE u.active = 1" LANYARD_STILL_SUBSCRIBED
            "AND EXISTS (SELECT 1 FROM session_registrations r JOIN sessions x "
            "ON x.id = r.session_id WHERE r.user_id = u.id AND r.session_id = ? "
            "AND x.event_id = ? AND r.status = 'registered') ORDER BY u.email_norm",
            audience_id.value_or(0), event_id);
    return ReadRecipients(q);
  }
  if (kind == "all_users") {
    Query q(c,
            "SELECT " LANYARD_RECIPIENT_COLUMNS " FROM users u" LANYARD_SUBSCRIBED
            "WHERE u.active = 1" LANYARD_STILL_SUBSCRIBED "ORDER BY u.email_norm");
    return ReadRecipients(q);
  }
  if (kind == "nominees") {
    // Nominees with an account take its name and language; others the nomination's.
    Query q(c,
            "SELECT MIN(COALESCE(u.email, n.nominee_email)), n.nominee_email_norm, "
            "MIN(COALESCE(u.name, n.nominee_name)), MIN(COALESCE(u.locale, '')) "
            "FROM nominations n LEFT JOIN users u ON u.id = n.nominee_user_id "
            "LEFT JOIN mail_subscriptions s ON s.email_norm = n.nominee_email_norm "
            "WHERE n.event_id = ? AND n.nominee_response <> 'declined' "
            "AND s.unsubscribed_at IS NULL "
            "GROUP BY n.nominee_email_norm ORDER BY n.nominee_email_norm",
            event_id);
    return ReadRecipients(q);
  }
  return {};
}

bool InsertCampaignRecipient(Conn& c, int64_t campaign_id, const std::string& email_norm,
                             int64_t outbox_id) {
  return Exec(c,
              "INSERT INTO campaign_recipients (campaign_id, email_norm, outbox_id) "
              "VALUES (?, ?, ?) ON CONFLICT DO NOTHING",
              campaign_id, email_norm, outbox_id) == 1;
}

std::optional<SubscriptionRow> FindSubscription(Conn& c, const std::string& email_norm) {
  Query q(c,
          "SELECT email_norm, token, unsubscribed_at, updated_at FROM mail_subscriptions "
          "WHERE email_norm = ?",
          email_norm);
  if (!q.Next()) return std::nullopt;
  return SubscriptionRow{q.Text(0), q.Text(1), q.OptText(2), q.Text(3)};
}

std::optional<SubscriptionRow> FindSubscriptionByToken(Conn& c, const std::string& token) {
  Query q(c,
          "SELECT email_norm, token, unsubscribed_at, updated_at FROM mail_subscriptions "
          "WHERE token = ?",
          token);
  if (!q.Next()) return std::nullopt;
  return SubscriptionRow{q.Text(0), q.Text(1), q.OptText(2), q.Text(3)};
}

std::optional<std::string> LatestCampaignEventTitle(Conn& c, const std::string& email_norm) {
  Query q(c,
          "SELECT e.title FROM campaign_recipients r JOIN campaigns k ON k.id = r.campaign_id "
          "JOIN events e ON e.id = k.event_id WHERE r.email_norm = ? ORDER BY r.outbox_id DESC "
          "LIMIT 1",
          email_norm);
  if (!q.Next()) return std::nullopt;
  return q.Text(0);
}

std::string EnsureSubscriptionToken(Conn& c, const std::string& email_norm, const std::string& fresh,
                                    const std::string& now) {
  Exec(c,
       "INSERT INTO mail_subscriptions (email_norm, token, updated_at) VALUES (?, ?, ?) "
       "ON CONFLICT(email_norm) DO NOTHING",
       email_norm, fresh, now);
  Query q(c, "SELECT token FROM mail_subscriptions WHERE email_norm = ?", email_norm);
  q.Next();
  return q.Text(0);
}

void SetUnsubscribed(Conn& c, const std::string& email_norm, bool unsubscribe,
                     const std::string& now) {
  Exec(c,
       "UPDATE mail_subscriptions SET unsubscribed_at = CASE WHEN ? THEN "
       "COALESCE(unsubscribed_at, ?) ELSE NULL END, updated_at = ? WHERE email_norm = ?",
       unsubscribe, now, now, email_norm);
}

}  // namespace lanyard::storage
