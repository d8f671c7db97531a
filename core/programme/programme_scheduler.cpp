#include "core/programme/programme_scheduler.h"

#include <cstdio>
#include <exception>

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
    : app_(app), interval_(interval) {}

ProgrammeScheduler::~ProgrammeScheduler() { Stop(); }

void ProgrammeScheduler::Start() {
  if (!thread_.joinable()) thread_ = std::thread([this] { Loop(); });
}

void ProgrammeScheduler::Stop() {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    stopping_ = true;
  }
  wake_.notify_all();
  if (thread_.joinable()) thread_.join();
}

void ProgrammeScheduler::Loop() {
  for (;;) {
    try {
      while (SendSessionReminders(app_, NowSeconds()) == 200) {}
    } catch (const std::exception& e) {
      std::fprintf(stderr, "lanyard: programme scheduler: %s\n", e.what());
    }
    std::unique_lock<std::mutex> lock(mutex_);
    if (wake_.wait_for(lock, interval_, [this] { return stopping_; })) return;
  }
}

}  // namespace lanyard::programme
