#include "core/campaigns/campaigns.h"

#include <map>

#include "core/campaigns/campaign_mail.h"
#include "core/common/time_util.h"
#include "core/common/validation.h"
#include "core/common/write_unit.h"
#include "core/events/event_access.h"
#include "storage/campaigns_repo.h"
#include "storage/nominations_repo.h"
#include "storage/sessions_repo.h"
#include "storage/teams_repo.h"
#include "storage/ticket_types_repo.h"
#include "storage/users_repo.h"

namespace lanyard::campaigns {

using nlohmann::json;

namespace {

const char* const kStatusNames[] = {"scheduled", "sending", "sent", "cancelled"};

bool IsKnownAudience(const std::string& kind) {
  return kind == "ticket_holders" || kind == "ticket_type" || kind == "checked_in" ||
         kind == "teams" || kind == "session" || kind == "nominees" || kind == "all_users";
}

// The kinds whose `id` names something: a ticket type, a competition, a session.
bool AudienceTakesId(const std::string& kind) {
  return kind == "ticket_type" || kind == "teams" || kind == "session";
}

json OptText(const std::optional<std::string>& v) { return v ? json(*v) : json(); }
json OptInt(const std::optional<int64_t>& v) { return v ? json(*v) : json(); }

std::string NomineeName(storage::Conn& c, const storage::CampaignRow& r) {
  if (!r.nomination_id) return "";
  auto n = storage::FindNomination(c, *r.nomination_id);
  return n ? n->nominee_name : "";
}

json CampaignJson(storage::Conn& c, const storage::CampaignRow& r) {
  const int64_t queued =
      r.status == "sending" ? std::max<int64_t>(0, r.recipients - r.sent - r.failed) : 0;
  return {{"id", r.id},
          {"event_id", r.event_id},
          {"subject", r.subject},
          {"body", r.body},
          {"audience", {{"kind", r.audience_kind}, {"id", OptInt(r.audience_id)}}},
          {"nomination_id", OptInt(r.nomination_id)},
          {"on_behalf_of", r.nomination_id ? json(NomineeName(c, r)) : json()},
          {"status", r.status},
          {"scheduled_at", r.scheduled_at},
          {"recipients", r.recipients},
          {"sent", r.sent},
          {"failed", r.failed},
          {"queued", queued},
          {"created_at", r.created_at},
          {"started_at", OptText(r.started_at)},
          {"finished_at", OptText(r.finished_at)},
          {"cancelled_at", OptText(r.cancelled_at)}};
}

// The audience rules that need the database: the ticket type, the competition (optional for
// teams) and the session belong to the event; all_users is for admins.
Status CheckAudience(storage::Conn& c, const AuthUser& user, int64_t event_id, const Audience& a) {
  if (!IsKnownAudience(a.kind)) {
    return Error::Invalid("audience", "kind must be ticket_holders, ticket_type, checked_in, "
                                      "teams, session, nominees or all_users");
  }
  if (a.kind == "teams" && a.id) {
    auto comp = storage::FindCompetition(c, *a.id);
    if (!comp || comp->event_id != event_id) {
      return Error::Invalid("audience", "no such competition in this event");
    }
  }
  if (a.kind == "session") {
    if (!a.id) return Error::Invalid("audience", "a session audience needs the session's id");
    auto s = storage::FindSession(c, *a.id);
    if (!s || s->event_id != event_id) {
      return Error::Invalid("audience", "no such session in this event");
    }
  }
  if (a.kind == "ticket_type") {
    if (!a.id) return Error::Invalid("audience", "a ticket_type audience needs the type's id");
    auto tt = storage::FindTicketType(c, *a.id);
    if (!tt || tt->event_id != event_id) {
      return Error::Invalid("audience", "no such ticket type in this event");
    }
  }
  if (a.kind == "all_users" && !user.IsAdmin()) {
    return Error::Forbidden("Only an admin may mail every user.");
  }
  return OkStatus();
}

std::map<std::string, std::string> CheckText(const NewCampaign& in) {
  std::map<std::string, std::string> fields;
  const size_t subject_len = Utf8Length(Trim(in.subject));
  if (!IsValidUtf8(in.subject) || HasControlChars(in.subject, false)) {
    fields["subject"] = "must be one line of text";
  } else if (subject_len < 1 || subject_len > kMaxSubject) {
    fields["subject"] = "must be 1 to 200 characters";
  }
  const size_t body_len = Utf8Length(Trim(in.body));
  if (!IsValidUtf8(in.body) || HasControlChars(in.body, true)) {
    fields["body"] = "must be text without control characters";
  } else if (body_len < 1 || body_len > kMaxBody) {
    fields["body"] = "must be 1 to 50000 characters";
  }
  return fields;
}

// The nominee a campaign speaks for: a nomination of the same event.
Result<std::string> OnBehalfOf(storage::Conn& c, int64_t event_id, std::optional<int64_t> id) {
  if (!id) return std::string();
  auto n = storage::FindNomination(c, *id);
  if (!n || n->event_id != event_id) {
    return Error::Invalid("nomination_id", "no such nomination in this event");
  }
  return n->nominee_name;
}

Result<storage::CampaignRow> LoadCampaign(storage::Conn& c, const AuthUser& user, int64_t id) {
  auto r = storage::FindCampaign(c, id);
  if (!r) return Error::NotFound("No such campaign.");
  auto e = LoadEvent(c, &user, r->event_id, EventAccess::kManage);
  if (!e) {
    if (e.error().code == codes::kNotFound) return Error::NotFound("No such campaign.");
    return e.error();
  }
  return std::move(*r);
}

}  // namespace

bool StartCampaign(storage::Conn& c, int64_t campaign_id, const std::string& now) {
  auto r = storage::FindCampaign(c, campaign_id);
  if (!r || r->status != "scheduled") return false;
  auto e = storage::FindEvent(c, r->event_id);
  PreparedCampaign p = Prepare(r->subject, r->body, e ? e->title : "", NomineeName(c, *r));
  p.campaign_id = r->id;
  // People without an account (companions, nominees by address) read it in the language of
  // the organizer who wrote it: the person whose action causes the mail (README "Languages").
  const auto sender = storage::FindUserById(c, r->created_by);
  int64_t count = 0;
  for (storage::CampaignRecipient to :
       storage::AudienceRecipients(c, r->audience_kind, r->event_id, r->audience_id)) {
    if (to.locale.empty() && sender) to.locale = sender->locale;
    const int64_t outbox_id = QueueCampaignMail(c, p, to, now);
    if (storage::InsertCampaignRecipient(c, r->id, to.email_norm, outbox_id)) ++count;
  }
  storage::MarkCampaignSending(c, r->id, count, now);
  WriteAudit(c, std::nullopt, "campaign.start", "campaign", r->id, {{"recipients", count}});
  return true;
}

const char* StatusName(CampaignStatus s) { return kStatusNames[static_cast<int>(s)]; }

std::optional<CampaignStatus> ParseStatus(std::string_view text) {
  for (int i = 0; i < 4; ++i) {
    if (text == kStatusNames[i]) return static_cast<CampaignStatus>(i);
  }
  return std::nullopt;
}

Result<json> Create(App& app, const AuthUser& user, int64_t event_id, const NewCampaign& in) {
  auto fields = CheckText(in);
  std::string scheduled_at = NowRfc3339();
  if (in.scheduled_at) {
    const auto t = ParseRfc3339(*in.scheduled_at);
    if (!t) {
      fields["scheduled_at"] = "must be an RFC 3339 timestamp";
    } else if (*t > NowSeconds()) {
      scheduled_at = FormatRfc3339(*t);
    }
  }
  if (!fields.empty()) return Error::Invalid(fields);
  const std::string now = NowRfc3339();
  auto id = WriteUnit<int64_t>(app.db(), [&](storage::Conn& c) -> Result<int64_t> {
    auto e = LoadEvent(c, &user, event_id, EventAccess::kManage);
    if (!e) return e.error();
    auto audience_ok = CheckAudience(c, user, event_id, in.audience);
    if (!audience_ok) return audience_ok.error();
    auto behalf = OnBehalfOf(c, event_id, in.nomination_id);
    if (!behalf) return behalf.error();
    storage::CampaignRow r;
    r.event_id = event_id;
    r.subject = Trim(in.subject);
    r.body = in.body;
    r.audience_kind = in.audience.kind;
    if (AudienceTakesId(in.audience.kind)) r.audience_id = in.audience.id;
    r.nomination_id = in.nomination_id;
    r.scheduled_at = scheduled_at;
    r.created_by = user.id;
    r.created_at = now;
    const int64_t id = storage::InsertCampaign(c, r);
    WriteAudit(c, user.id, "campaign.create", "campaign", id,
               {{"audience", in.audience.kind}, {"scheduled_at", scheduled_at}});
    // "Now" starts in the same unit: the mails exist exactly when the 201 is sent.
    if (scheduled_at <= now) StartCampaign(c, id, now);
    return id;
  });
  if (!id) return id.error();
  storage::Conn& c = app.db().Reader();
  return CampaignJson(c, *storage::FindCampaign(c, *id));
}

Result<json> Get(App& app, const AuthUser& user, int64_t campaign_id) {
  storage::Conn& c = app.db().Reader();
  auto r = LoadCampaign(c, user, campaign_id);
  if (!r) return r.error();
  return CampaignJson(c, *r);
}

Result<json> ListForEvent(App& app, const AuthUser& user, int64_t event_id, ListPage page) {
  storage::Conn& c = app.db().Reader();
  auto e = LoadEvent(c, &user, event_id, EventAccess::kManage);
  if (!e) return e.error();
  int64_t total = 0;
  json items = json::array();
  for (const auto& r : storage::ListEventCampaigns(c, event_id, page.limit, page.offset, &total)) {
    items.push_back(CampaignJson(c, r));
  }
  return json{{"items", std::move(items)}, {"total", total}, {"limit", page.limit}, {"offset", page.offset}};
}

Result<json> Cancel(App& app, const AuthUser& user, int64_t campaign_id) {
  auto done = WriteUnit(app.db(), [&](storage::Conn& c) -> Status {
    auto r = LoadCampaign(c, user, campaign_id);
    if (!r) return r.error();
    if (!storage::MarkCampaignCancelled(c, campaign_id, NowRfc3339())) {
      return Error::Conflict(codes::kCampaignNotCancellable,
                             "Only a campaign that has not started sending can be cancelled.");
    }
    WriteAudit(c, user.id, "campaign.cancel", "campaign", campaign_id);
    return OkStatus();
  });
  if (!done) return done.error();
  return Get(app, user, campaign_id);
}

Result<json> TestSend(App& app, const AuthUser& user, int64_t campaign_id) {
  return WriteUnit<json>(app.db(), [&](storage::Conn& c) -> Result<json> {
    auto r = LoadCampaign(c, user, campaign_id);
    if (!r) return r.error();
    auto e = storage::FindEvent(c, r->event_id);
    PreparedCampaign p = Prepare("[TEST] " + r->subject, r->body, e ? e->title : "", NomineeName(c, *r));
    p.campaign_id = r->id;
    // A test goes to the caller even when they unsubscribed: they asked for it.
    QueueCampaignMail(c, p, {user.email, NormalizeEmail(user.email), user.name, user.locale},
                      NowRfc3339());
    return json{{"queued", true}, {"to", user.email}};
  });
}

Result<json> Preview(App& app, const AuthUser& user, int64_t event_id, const NewCampaign& in) {
  auto fields = CheckText(in);
  if (!fields.empty()) return Error::Invalid(fields);
  storage::Conn& c = app.db().Reader();
  auto e = LoadEvent(c, &user, event_id, EventAccess::kManage);
  if (!e) return e.error();
  auto behalf = OnBehalfOf(c, event_id, in.nomination_id);
  if (!behalf) return behalf.error();
  const PersonalBody body = Personalize(Prepare(Trim(in.subject), in.body, e->title, *behalf), user.name);
  return json{{"subject", body.subject},
              {"html", body.html},
              {"text", body.text},
              {"on_behalf_of", behalf->empty() ? json() : json(*behalf)}};
}

Result<json> CountAudience(App& app, const AuthUser& user, int64_t event_id, const Audience& audience) {
  storage::Conn& c = app.db().Reader();
  auto e = LoadEvent(c, &user, event_id, EventAccess::kManage);
  if (!e) return e.error();
  auto ok = CheckAudience(c, user, event_id, audience);
  if (!ok) return ok.error();
  const auto recipients = storage::AudienceRecipients(c, audience.kind, event_id, audience.id);
  return json{{"kind", audience.kind},
              {"id", OptInt(audience.id)},
              {"recipients", static_cast<int64_t>(recipients.size())}};
}

}  // namespace lanyard::campaigns
