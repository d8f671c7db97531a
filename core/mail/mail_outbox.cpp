#include "core/mail/mail_outbox.h"

#include <string>

#include "core/mail/mail_templates.h"
#include "storage/mail_repo.h"

namespace lanyard {

int64_t QueueMailAt(storage::Conn& conn, std::string_view kind, std::string_view to_email,
                    std::string_view to_name, std::string_view locale, const nlohmann::json& data,
                    std::string_view send_after) {
  storage::OutboxInsert row;
  row.kind = std::string(kind);
  row.to_email = std::string(to_email);
  row.to_name = std::string(to_name);
  // Anything but a mail locale is stored as "default": the sender writes it in the
  // deployment's default_locale as it is when the mail goes out.
  row.locale = IsMailLocale(locale) ? std::string(locale) : std::string("default");
  row.data = data.is_object() ? data.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace)
                              : std::string("{}");
  row.send_after = std::string(send_after);
  // created_at left empty: storage stamps it with SQLite's UTC clock in RFC 3339 form.
  return storage::EnqueueMail(conn, row);
}

int64_t QueueMail(storage::Conn& conn, std::string_view kind, std::string_view to_email,
                  std::string_view to_name, std::string_view locale, const nlohmann::json& data) {
  return QueueMailAt(conn, kind, to_email, to_name, locale, data, {});
}

}  // namespace lanyard
