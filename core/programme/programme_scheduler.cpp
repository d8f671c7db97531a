#include "core/programme/programme_scheduler.h"

#include "core/common/leased_job.h"
#include "core/common/time_util.h"
#include "core/common/write_unit.h"
#include "core/programme/session_mail.h"
#include "storage/sessions_repo.h"

namespace lanyard::programme {

int SendSessionReminders(App& app, int64_t now, int batch) {
  auto sent = WriteUnit<int>(app.db(), [&](storage::Conn& c) -> Result<int> {
    const std::string stamp = FormatRfc3339(now);
    const auto due = storage::DueReminders(c, stamp, FormatRfc3339(now + kReminderLeadSeconds), batch);
    for (const auto& a : due) {
      MailReminder(app, c, a.session, a.event_title, a.registration);
      storage::MarkReminded(c, a.registration.id, stamp);
    }
    return static_cast<int>(due.size());
  });
  return sent ? *sent : 0;
}

ProgrammeScheduler::ProgrammeScheduler(App& app, std::chrono::seconds interval)
    : PeriodicJob("programme scheduler", interval,
                  LeasedPass(app.db(), "programme_scheduler", interval, [&app] {
                    while (SendSessionReminders(app, NowSeconds()) == 200) {}
                  })) {}

}  // namespace lanyard::programme
