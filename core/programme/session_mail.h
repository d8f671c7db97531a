#pragma once
// The programme's mails, queued inside the unit of work of the change that causes them:
//   session_registered         after a registration (status registered | waitlisted)
//   session_waitlist_promoted  when a freed seat goes to the first person waiting
//   session_changed            when the organizer moves a session's time or room
//   session_reminder           an hour before a registered session starts (the scheduler)
// Times go in as core/mail/mail_time.h values: the composer shows them in the deployment's time
// zone and the recipient's language. Call only from a writer unit (they write outbox rows through `c`).
#include <string>

#include "core/app.h"
#include "storage/sessions_repo.h"

namespace lanyard::programme {

// {base_url}/events/{event_id}/sessions/{id}: the session page.
std::string SessionUrl(App& app, const storage::SessionRow& s);

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
