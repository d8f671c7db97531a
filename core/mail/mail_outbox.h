#pragma once
// Queueing a mail from feature code: call inside the unit of work of the change that causes the
// mail, so the mail exists exactly when that change was committed. The background sender
// (core/mail_sender.h) delivers it after the commit, with retries.
//
//   db.Write([&](storage::Conn& c) {
//     ...
//     QueueMail(c, "account_confirm", user.email, user.name, user.locale,
//               {{"confirm_url", url}, {"token", token}});
//     return true;
//   });
//
// `data` is a JSON object of the kind's placeholder values (see core/mail_templates.h for the
// keys each kind takes; site_name, base_url and recipient_name are filled in by the sender).
// Values may be strings or numbers; unknown keys are kept but not rendered.
#include <cstdint>
#include <nlohmann/json.hpp>
#include <string_view>

#include "storage/conn.h"

namespace lanyard {

// Returns the outbox row id. `locale` other than "en"/"id" (e.g. "" for a person with no
// account) means the deployment's default_locale, resolved when the mail is sent.
int64_t QueueMail(storage::Conn& conn, std::string_view kind, std::string_view to_email,
                  std::string_view to_name, std::string_view locale, const nlohmann::json& data);

// The same, first attempt not before `send_after` (RFC 3339 UTC), for scheduled campaigns.
int64_t QueueMailAt(storage::Conn& conn, std::string_view kind, std::string_view to_email,
                    std::string_view to_name, std::string_view locale, const nlohmann::json& data,
                    std::string_view send_after);

}  // namespace lanyard
