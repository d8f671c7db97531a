#pragma once
// Turns an outbox entry (kind, recipient, placeholder values) into a finished MailMessage: the
// common and derived values, the ticket list with its QR images, the rendered template, the
// headers. Used by the sender and by the admins' preview.
#include <cstdint>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>

#include "core/mail/mail_message.h"
#include "core/mail/mail_templates.h"
#include "core/common/result.h"

namespace lanyard {

// The deployment values the mail subsystem needs; the app layer resolves them
// (flag > environment > settings table > default) and hands them over on each use, so changes
// to the settings apply to the next mail.
struct MailSettings {
  std::string site_name = "Lanyard";
  std::string base_url = "http://127.0.0.1:8080";
  std::string mail_from = "lanyard@localhost";  // "Name <addr>" or "addr" (name: site_name)
  std::string transport = "file";                         // file | smtp | log
  std::string smtp_url;                                   // smtp://... or smtps://...
  std::string smtp_password;                              // replaces the URL's password when set
  std::string mail_dir;  // the file transport's folder, normally <data>/mail
  std::string timezone = "Asia/Jakarta";  // IANA name: every time in a mail is shown in it
  std::string default_locale = "en";      // en | id: for mails queued without a language
  // Campaign mails per minute at most (setting rate_campaign_mails_per_minute); transactional
  // mails are never held back by it. 0 or less: no limit.
  int64_t campaign_rate_per_minute = 600;
};

// The language a mail is written in: `locale` when it is a mail locale (en, id), else the
// deployment's default_locale (a person with no account, e.g. a nominee by address), else "en".
std::string ResolveMailLocale(std::string_view locale, const MailSettings& settings);

struct MailRequest {
  int64_t id = 0;  // the outbox id; names the Message-ID and the .eml file
  std::string kind;
  std::string to_email;
  std::string to_name;
  std::string locale = "en";
  nlohmann::json data = nlohmann::json::object();
  std::string created_at;
};

struct ComposedMail {
  MailMessage message;
  RenderedMail rendered;
  nlohmann::json values;  // everything the template saw
};

struct ComposeOptions {
  // Previews show QR images as data: URIs (a browser cannot resolve cid:).
  bool images_as_data_uri = false;
};

// Times in `request.data` (see core/mail/mail_time.h) are formatted in settings.timezone and
// the resolved locale. Fails with not_found for an unknown kind, validation_failed when `data` is not an object.
Result<ComposedMail> ComposeMail(const MailRequest& request, const MailTemplate& tmpl,
                                 const MailSettings& settings, int64_t now_unix,
                                 const ComposeOptions& options = {});

// The stable Message-ID of an outbox entry (without angle brackets): a mail re-sent after a
// crash carries the same id, so mail clients show it once.
std::string OutboxMessageId(int64_t outbox_id, const std::string& created_at,
                            const std::string& to_email, const std::string& mail_from);

}  // namespace lanyard
