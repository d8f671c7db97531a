#pragma once
// The programme's mails, queued inside the unit of work of the change that causes them:
//   session_registered         after a registration (status registered | waitlisted)
//   session_waitlist_promoted  when a freed seat goes to the first person waiting
//   session_changed            when the organizer moves a session's time or room
//   session_reminder           an hour before a registered session starts (the scheduler)
// Times are shown in the deployment's time zone (setting `timezone`), worded for the
// recipient's locale. Call only from a writer unit (they write outbox rows through `c`).
#include <string>

#include "core/app.h"
#include "storage/sessions_repo.h"

namespace lanyard::programme {

// {base_url}/events/{event_id}/sessions/{id}: the session page.
std::string SessionUrl(App& app, const storage::SessionRow& s);

// "Sat, 20 Jun 2026, 09:00 (Asia/Jakarta)" / "Sab, 20 Jun 2026, 09.00 (Asia/Jakarta)": an
// RFC 3339 instant in the IANA zone `zone` (UTC when unknown) for `locale` (en | id).
// Thread-safe.
std::string MailTime(const std::string& rfc3339, const std::string& zone, const std::string& locale);

void MailRegistered(App& app, storage::Conn& c, const storage::SessionRow& s,
                    const std::string& event_title, const storage::RegistrationRow& r);
void MailPromoted(App& app, storage::Conn& c, const storage::SessionRow& s,
                  const std::string& event_title, const storage::RegistrationRow& r);
// `before` is the session as it was; `s` as it is now.
void MailChanged(App& app, storage::Conn& c, const storage::SessionRow& before,
                 const storage::SessionRow& s, const std::string& event_title,
                 const storage::RegistrationRow& r);
void MailReminder(App& app, storage::Conn& c, const storage::SessionRow& s,
                  const std::string& event_title, const storage::RegistrationRow& r);

}  // namespace lanyard::programme
