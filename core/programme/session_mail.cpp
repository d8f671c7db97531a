#include "core/programme/session_mail.h"

#include <libical/ical.h>

#include <cstdio>
#include <mutex>

#include "core/common/time_util.h"
#include "core/mail/mail_outbox.h"

namespace lanyard::programme {

using nlohmann::json;

namespace {

constexpr const char* kDaysEn[] = {"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"};
constexpr const char* kDaysId[] = {"Min", "Sen", "Sel", "Rab", "Kam", "Jum", "Sab"};
constexpr const char* kMonthsEn[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                     "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
constexpr const char* kMonthsId[] = {"Jan", "Feb", "Mar", "Apr", "Mei", "Jun",
                                     "Jul", "Agu", "Sep", "Okt", "Nov", "Des"};

// libical's built-in zones are loaded lazily from the system's zoneinfo; one caller at a time.
std::mutex g_zone_mutex;

std::string Zone(App& app) {
  const auto settings = app.settings().Snapshot();
  return settings->value("timezone", std::string("UTC"));
}

json BaseData(App& app, const storage::SessionRow& s, const std::string& event_title,
              const storage::RegistrationRow& r) {
  return {{"session_title", s.title},
          {"event_title", event_title},
          {"session_starts_at", MailTime(s.starts_at, Zone(app), r.user_locale)},
          {"session_ends_at", MailTime(s.ends_at, Zone(app), r.user_locale)},
          {"room", s.room},
          {"session_url", SessionUrl(app, s)}};
}

}  // namespace

std::string SessionUrl(App& app, const storage::SessionRow& s) {
  return app.BaseUrl() + "/events/" + std::to_string(s.event_id) + "/sessions/" +
         std::to_string(s.id);
}

std::string MailTime(const std::string& rfc3339, const std::string& zone, const std::string& locale) {
  const auto seconds = ParseRfc3339(rfc3339);
  if (!seconds) return rfc3339;
  std::string shown_zone = "UTC";
  icaltimetype local;
  {
    std::lock_guard<std::mutex> lock(g_zone_mutex);
    icaltimezone* utc = icaltimezone_get_utc_timezone();
    local = icaltime_from_timet_with_zone(static_cast<time_t>(*seconds), 0, utc);
    icaltimezone* tz = zone.empty() ? nullptr : icaltimezone_get_builtin_timezone(zone.c_str());
    if (tz) {
      local = icaltime_convert_to_zone(local, tz);
      shown_zone = zone;
    }
  }
  const bool id = locale == "id";
  const int weekday = icaltime_day_of_week(local) - 1;  // libical: 1 = Sunday
  char buf[96];
  std::snprintf(buf, sizeof buf, "%s, %d %s %04d, %02d%c%02d (%s)",
                (id ? kDaysId : kDaysEn)[(weekday % 7 + 7) % 7], local.day,
                (id ? kMonthsId : kMonthsEn)[(local.month + 11) % 12], local.year, local.hour,
                id ? '.' : ':', local.minute, shown_zone.c_str());
  return buf;
}

void MailRegistered(App& app, storage::Conn& c, const storage::SessionRow& s,
                    const std::string& event_title, const storage::RegistrationRow& r) {
  json data = BaseData(app, s, event_title, r);
  data["status"] = r.status;
  data["waitlisted"] = r.status == "waitlisted";
  QueueMail(c, "session_registered", r.user_email, r.user_name, r.user_locale, data);
}

void MailPromoted(App& app, storage::Conn& c, const storage::SessionRow& s,
                  const std::string& event_title, const storage::RegistrationRow& r) {
  QueueMail(c, "session_waitlist_promoted", r.user_email, r.user_name, r.user_locale,
            BaseData(app, s, event_title, r));
}

void MailChanged(App& app, storage::Conn& c, const storage::SessionRow& before,
                 const storage::SessionRow& s, const std::string& event_title,
                 const storage::RegistrationRow& r) {
  json data = BaseData(app, s, event_title, r);
  const bool time_changed = before.starts_at != s.starts_at || before.ends_at != s.ends_at;
  data["time_changed"] = time_changed;
  data["room_changed"] = before.room != s.room;
  data["old_starts_at"] = MailTime(before.starts_at, Zone(app), r.user_locale);
  data["old_room"] = before.room;
  data["waitlisted"] = r.status == "waitlisted";
  QueueMail(c, "session_changed", r.user_email, r.user_name, r.user_locale, data);
}

void MailReminder(App& app, storage::Conn& c, const storage::SessionRow& s,
                  const std::string& event_title, const storage::RegistrationRow& r) {
  QueueMail(c, "session_reminder", r.user_email, r.user_name, r.user_locale,
            BaseData(app, s, event_title, r));
}

}  // namespace lanyard::programme
