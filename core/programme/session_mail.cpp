#include "core/programme/session_mail.h"

#include "core/mail/mail_outbox.h"
#include "core/mail/mail_time.h"
#include "storage/events_repo.h"

namespace lanyard::programme {

using nlohmann::json;

namespace {

// The session's times lead with its event's zone (read in the caller's unit).
json BaseData(App& app, storage::Conn& c, const storage::SessionRow& s,
              const std::string& event_title, const storage::RegistrationRow& r) {
  json data = {{"session_title", s.title},
               {"event_title", event_title},
               {"session_starts_at", MailTime(s.starts_at)},
               {"session_ends_at", MailTime(s.ends_at)},
               {"room", s.room},
               {"session_url", SessionUrl(app, s)}};
  if (auto e = storage::FindEvent(c, s.event_id)) SetMailZone(data, e->time_zone);
  return data;
}

}  // namespace

std::string SessionUrl(App& app, const storage::SessionRow& s) {
  return app.BaseUrl() + "/events/" + std::to_string(s.event_id) + "/sessions/" +
         std::to_string(s.id);
}

void MailRegistered(App& app, storage::Conn& c, const storage::SessionRow& s,
                    const std::string& event_title, const storage::RegistrationRow& r) {
  json data = BaseData(app, c, s, event_title, r);
  data["status"] = r.status;
  data["waitlisted"] = r.status == "waitlisted";
  QueueMail(c, "session_registered", r.user_email, r.user_name, r.user_locale, data);
}

void MailPromoted(App& app, storage::Conn& c, const storage::SessionRow& s,
                  const std::string& event_title, const storage::RegistrationRow& r) {
  QueueMail(c, "session_waitlist_promoted", r.user_email, r.user_name, r.user_locale,
            BaseData(app, c, s, event_title, r));
}

void MailChanged(App& app, storage::Conn& c, const storage::SessionRow& before,
                 const storage::SessionRow& s, const std::string& event_title,
                 const storage::RegistrationRow& r) {
  json data = BaseData(app, c, s, event_title, r);
  const bool time_changed = before.starts_at != s.starts_at || before.ends_at != s.ends_at;
  data["time_changed"] = time_changed;
  data["room_changed"] = before.room != s.room;
  data["old_starts_at"] = MailTime(before.starts_at);
  data["old_room"] = before.room;
  data["waitlisted"] = r.status == "waitlisted";
  QueueMail(c, "session_changed", r.user_email, r.user_name, r.user_locale, data);
}

void MailReminder(App& app, storage::Conn& c, const storage::SessionRow& s,
                  const std::string& event_title, const storage::RegistrationRow& r) {
  QueueMail(c, "session_reminder", r.user_email, r.user_name, r.user_locale,
            BaseData(app, c, s, event_title, r));
}

}  // namespace lanyard::programme
