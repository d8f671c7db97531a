#include "core/campaigns/unsubscribe.h"

#include "core/common/crypto.h"
#include "core/common/time_util.h"
#include "core/common/validation.h"
#include "core/common/write_unit.h"
#include "core/ops/audit.h"
#include "storage/campaigns_repo.h"

namespace lanyard::campaigns {

using nlohmann::json;

namespace {

constexpr size_t kTokenBytes = 24;
constexpr size_t kMaxTokenLength = 128;

// "rani@example.org" → "ra***@example.org": enough to recognise one's address, not to harvest.
std::string MaskEmail(const std::string& email) {
  const size_t at = email.find('@');
  if (at == std::string::npos) return "***";
  return email.substr(0, std::min<size_t>(2, at)) + "***" + email.substr(at);
}

json SubscriptionJson(const storage::SubscriptionRow& s, bool masked) {
  return {{"email", masked ? MaskEmail(s.email_norm) : s.email_norm},
          {"subscribed", !s.unsubscribed_at.has_value()},
          {"unsubscribed_at", s.unsubscribed_at ? json(*s.unsubscribed_at) : json()}};
}

// The public link's view: also the event whose campaign the address got last, so the page can
// say which mail the person is answering.
json LinkJson(storage::Conn& c, const storage::SubscriptionRow& s) {
  json out = SubscriptionJson(s, true);
  const auto title = storage::LatestCampaignEventTitle(c, s.email_norm);
  out["event_title"] = title ? json(*title) : json();
  return out;
}

}  // namespace

Result<json> DescribeSubscription(App& app, const std::string& token) {
  if (token.empty() || token.size() > kMaxTokenLength) return Error::NotFound("This link is not valid.");
  storage::Conn& c = app.db().Reader();
  auto s = storage::FindSubscriptionByToken(c, token);
  if (!s) return Error::NotFound("This link is not valid.");
  return LinkJson(c, *s);
}

Result<json> SetSubscription(App& app, const std::string& token, bool subscribe) {
  if (token.empty() || token.size() > kMaxTokenLength) return Error::NotFound("This link is not valid.");
  return WriteUnit<json>(app.db(), [&](storage::Conn& c) -> Result<json> {
    auto s = storage::FindSubscriptionByToken(c, token);
    if (!s) return Error::NotFound("This link is not valid.");
    storage::SetUnsubscribed(c, s->email_norm, !subscribe, NowRfc3339());
    WriteAudit(c, std::nullopt, subscribe ? "mail.resubscribe" : "mail.unsubscribe", "address",
               std::nullopt);
    return LinkJson(c, *storage::FindSubscription(c, s->email_norm));
  });
}

Result<json> MySubscription(App& app, const AuthUser& user) {
  auto s = storage::FindSubscription(app.db().Reader(), NormalizeEmail(user.email));
  if (!s) return json{{"email", user.email}, {"subscribed", true}, {"unsubscribed_at", nullptr}};
  json out = SubscriptionJson(*s, false);
  out["email"] = user.email;
  return out;
}

Result<json> SetMySubscription(App& app, const AuthUser& user, bool subscribe) {
  const std::string email_norm = NormalizeEmail(user.email);
  auto done = WriteUnit(app.db(), [&](storage::Conn& c) -> Status {
    const std::string now = NowRfc3339();
    storage::EnsureSubscriptionToken(c, email_norm, crypto::RandomToken(kTokenBytes), now);
    storage::SetUnsubscribed(c, email_norm, !subscribe, now);
    return OkStatus();
  });
  if (!done) return done.error();
  return MySubscription(app, user);
}

}  // namespace lanyard::campaigns
