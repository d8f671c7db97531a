#include "core/campaigns/campaign_mail.h"

#include "core/common/crypto.h"
#include "core/mail/mail_outbox.h"
#include "core/mail/mail_templates.h"

namespace lanyard::campaigns {

namespace {

constexpr std::string_view kNamePlaceholder = "{{name}}";
constexpr size_t kTokenBytes = 24;

std::string ReplaceAll(std::string text, std::string_view from, const std::string& to) {
  size_t pos = 0;
  while ((pos = text.find(from, pos)) != std::string::npos) {
    text.replace(pos, from.size(), to);
    pos += to.size();
  }
  return text;
}

}  // namespace

PreparedCampaign Prepare(const std::string& subject, const std::string& markdown,
                         const std::string& event_title, const std::string& on_behalf_of) {
  PreparedCampaign p;
  p.subject = subject;
  p.body = RenderMarkdown(markdown);
  p.event_title = event_title;
  p.on_behalf_of = on_behalf_of;
  return p;
}

PersonalBody Personalize(const PreparedCampaign& p, const std::string& name) {
  return {ReplaceAll(p.subject, kNamePlaceholder, name),
          ReplaceAll(p.body.html, kNamePlaceholder, MailHtmlEscape(name)),
          ReplaceAll(p.body.text, kNamePlaceholder, name)};
}

int64_t QueueCampaignMail(storage::Conn& c, const PreparedCampaign& p,
                          const storage::CampaignRecipient& to, const std::string& now) {
  const std::string token =
      storage::EnsureSubscriptionToken(c, to.email_norm, crypto::RandomToken(kTokenBytes), now);
  const PersonalBody body = Personalize(p, to.name);
  return QueueMail(c, "campaign", to.email, to.name, to.locale,
                   {{"subject", body.subject},
                    {"body", body.text},
                    {"body_text", body.text},
                    {"body_html", body.html},
                    {"event_title", p.event_title},
                    {"on_behalf_of", p.on_behalf_of},
                    {"unsubscribe_token", token},
                    {"campaign_id", p.campaign_id}});
}

}  // namespace lanyard::campaigns
