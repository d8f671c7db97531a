#include "core/mail/mail_settings.h"

#include <string>

namespace lanyard {

namespace {

std::string Text(const nlohmann::json& settings, const char* key, const std::string& fallback) {
  auto it = settings.find(key);
  return (it != settings.end() && it->is_string()) ? it->get<std::string>() : fallback;
}

}  // namespace

MailSettings MailSettingsOf(App& app) {
  const auto snapshot = app.settings().Snapshot();
  const nlohmann::json& s = *snapshot;
  MailSettings m;
  m.site_name = Text(s, "site_name", m.site_name);
  m.base_url = app.BaseUrl();
  m.mail_from = Text(s, "mail_from", m.mail_from);
  m.transport = Text(s, "mail_transport", m.transport);
  m.smtp_url = Text(s, "smtp_url", "");
  m.smtp_password = Text(s, "smtp_password", "");
  m.mail_dir = app.data_dir() + "/mail";
  m.timezone = Text(s, "timezone", m.timezone);
  m.default_locale = Text(s, "default_locale", m.default_locale);
  auto rate = s.find("rate_campaign_mails_per_minute");
  if (rate != s.end() && rate->is_number_integer()) m.campaign_rate_per_minute = rate->get<int64_t>();
  return m;
}

}  // namespace lanyard
