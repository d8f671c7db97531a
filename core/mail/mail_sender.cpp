#include "core/mail/mail_sender.h"

#include <algorithm>
#include <exception>
#include <iostream>

#include "core/mail/mail_admin.h"
#include "core/common/time_util.h"
#include "storage/mail_lease_repo.h"
#include "storage/mail_pace_repo.h"
#include "storage/mail_repo.h"

namespace lanyard {

namespace {

// Keeps the admin view and the logs readable; the full text of an SMTP error is short anyway.
std::string Truncate(std::string s, size_t max = 500) {
  if (s.size() > max) s.resize(max);
  return s;
}

}  // namespace

struct MailSender::WakeState {
  std::mutex mutex;
  std::condition_variable cv;
  bool pending = false;   // GUARDED_BY(mutex)
  bool stopping = false;  // GUARDED_BY(mutex)
};

std::unique_ptr<MailTransport> MakeMailTransport(const MailSettings& settings,
                                                 const std::atomic<bool>* cancel) {
  if (settings.transport == "smtp") {
    SmtpOptions options;
    options.url = settings.smtp_url;
    options.password = settings.smtp_password;
    options.cancel = cancel;
    return std::make_unique<SmtpTransport>(std::move(options));
  }
  if (settings.transport == "log") return std::make_unique<LogTransport>();
  return std::make_unique<FileTransport>(settings.mail_dir.empty() ? std::string("mail")
                                                                   : settings.mail_dir);
}

MailSender::MailSender(storage::Database& db, MailSettingsFn settings, MailSenderOptions options)
    : db_(db),
      settings_(std::move(settings)),
      options_(std::move(options)),
      wake_(std::make_shared<WakeState>()),
      journal_(options_.handover_journal) {}

MailSender::~MailSender() { Stop(); }

void MailSender::Start() {
  std::lock_guard<std::mutex> lock(start_mutex_);
  if (started_) return;
  started_ = true;
  // The hook holds only the shared wake state: it may run after this sender is gone.
  std::shared_ptr<WakeState> wake = wake_;
  db_.OnCommit([wake] {
    {
      std::lock_guard<std::mutex> l(wake->mutex);
      wake->pending = true;
    }
    wake->cv.notify_one();
  });
  thread_ = std::thread([this] { Loop(); });
  if (leased()) renewer_ = std::thread([this] { RenewLoop(); });
}

void MailSender::Stop() {
  stopping_ = true;
  {
    std::lock_guard<std::mutex> lock(wake_->mutex);
    wake_->stopping = true;
  }
  wake_->cv.notify_all();
  {
    std::lock_guard<std::mutex> lock(renew_mutex_);  // RenewLoop checks stopping_ under it
  }
  renew_cv_.notify_all();
  std::lock_guard<std::mutex> lock(start_mutex_);
  if (renewer_.joinable()) renewer_.join();
  if (thread_.joinable()) thread_.join();
}

void MailSender::Wake() {
  {
    std::lock_guard<std::mutex> lock(wake_->mutex);
    wake_->pending = true;
  }
  wake_->cv.notify_one();
}

MailSendStats MailSender::stats() const {
  std::lock_guard<std::mutex> lock(stats_mutex_);
  return stats_;
}

int64_t MailSender::Now() const { return options_.clock ? options_.clock() : NowSeconds(); }

int MailSender::RunOnce() {
  const MailSettings settings = settings_();
  std::unique_ptr<MailTransport> transport = options_.transport_factory
                                                 ? options_.transport_factory(settings, &stopping_)
                                                 : MakeMailTransport(settings, &stopping_);
  int tried = 0;
  const int batch = options_.batch_size > 0 ? options_.batch_size : 25;
  while (!stopping_) {
    const std::vector<storage::OutboxRow> rows = NextRows(batch);
    if (rows.empty()) break;
    int progressed = 0;
    bool leases_ran_out = false;
    for (const storage::OutboxRow& row : rows) {
      if (stopping_) break;
      if (leased() && !RenewLeasesIfDue()) {
        leases_ran_out = true;
        break;
      }
      if (!Deliver(settings, *transport, row)) break;
      ++tried;
      ++progressed;
    }
    if (progressed == 0 && !leases_ran_out) break;
  }
  return tried;
}

std::vector<storage::OutboxRow> MailSender::NextRows(int limit) {
  const int64_t now = Now();
  if (!leased()) return storage::DueMails(db_.Reader(), FormatRfc3339(now), limit);
  // The sender wakes on every commit of this instance: look before taking a writer session.
  const std::string now_text = FormatRfc3339(now);
  if (!storage::AnyMailClaimable(db_.Reader(), now_text, now)) return {};
  const int64_t until = now + LeaseLength();
  std::vector<storage::OutboxRow> rows;
  db_.Write([&](storage::Conn& conn) {
    rows = storage::ClaimDueMails(conn, options_.instance_id, now_text, now, until, limit);
    return !rows.empty();
  });
  if (!rows.empty()) lease_until_ = until;
  return rows;
}

bool MailSender::RenewLeasesIfDue() {
  const int64_t now = Now();
  if (lease_until_ <= now) return false;
  if (lease_until_ - now > LeaseLength() / 2) return true;
  const int64_t until = now + LeaseLength();
  db_.Write([&](storage::Conn& conn) {
    return storage::RenewMailLeases(conn, options_.instance_id, now, until) > 0;
  });
  lease_until_ = until;
  return true;
}

void MailSender::RenewLoop() {
  const auto period = std::chrono::milliseconds(std::max<int64_t>(LeaseLength() * 1000 / 3, 100));
  std::unique_lock<std::mutex> lock(renew_mutex_);
  while (!renew_cv_.wait_for(lock, period, [this] { return stopping_.load(); })) {
    lock.unlock();
    try {
      const int64_t now = Now();
      const int64_t until = now + LeaseLength();
      int renewed = 0;
      db_.Write([&](storage::Conn& conn) {
        renewed = storage::RenewMailLeases(conn, options_.instance_id, now, until);
        return renewed > 0;
      });
      if (renewed > 0) lease_until_ = until;
    } catch (const std::exception& e) {
      std::cerr << "mail sender: cannot renew its leases: " << e.what() << std::endl;
    }
    lock.lock();
  }
}

void MailSender::ReleaseLeases() {
  db_.Write([&](storage::Conn& conn) {
    return storage::ReleaseMailLeases(conn, options_.instance_id) > 0;
  });
}

storage::MailLease MailSender::Lease() const {
  if (!leased()) return {};
  return storage::MailLease{options_.instance_id, Now()};
}

bool MailSender::MarkHandingOver(int64_t row_id) {
  try {
    bool held = false;
    db_.Write([&](storage::Conn& conn) {
      held = storage::MarkMailHandingOver(conn, row_id, options_.instance_id, Now());
      return held;
    });
    if (!held) {
      std::cerr << "mail #" << row_id << ": the lease ran out during the transfer; aborted "
                << "before the end of DATA (another instance sends it)" << std::endl;
    }
    return held;
  } catch (const std::exception& e) {
    std::cerr << "mail #" << row_id << ": cannot mark the hand-over: " << e.what() << std::endl;
    return false;
  }
}

void MailSender::SettleHandedOver(const MailSettings& settings, const storage::OutboxRow& row) {
  const std::string message_id =
      OutboxMessageId(row.id, row.created_at, row.to_email, settings.mail_from);
  bool recorded = false;
  db_.Write([&](storage::Conn& conn) {
    recorded = storage::MarkMailSent(conn, row.id, message_id, FormatRfc3339(Now()), Lease());
    return recorded;
  });
  if (recorded) {
    std::cerr << "mail #" << row.id << " was handed over by an instance that stopped before "
              << "recording it: recorded as sent" << std::endl;
  }
}

bool MailSender::Deliver(const MailSettings& settings, MailTransport& transport,
                         const storage::OutboxRow& listed) {
  std::optional<storage::OutboxRow> reread;
  if (!leased()) {
    // Re-read the row: it may have been sent or retried since the batch was listed. (A claimed
    // row is this instance's until its lease runs out.)
    reread = storage::FindMail(db_.Reader(), listed.id);
    if (!reread || reread->status != "queued") return true;
  } else if (listed.handing_over) {
    SettleHandedOver(settings, listed);
    return true;
  }
  const storage::OutboxRow* row = reread ? &*reread : &listed;

  if (row->kind == "campaign" && !WaitForCampaignSlot(settings)) return false;
  const int64_t now = Now();
  SendResult result;
  std::string message_id;
  {
    MailRequest request;
    request.id = row->id;
    request.kind = row->kind;
    request.to_email = row->to_email;
    request.to_name = row->to_name;
    request.locale = ResolveMailLocale(row->locale, settings);
    request.created_at = row->created_at;
    request.data = nlohmann::json::parse(row->data, nullptr, /*allow_exceptions=*/false);
    if (request.to_email.empty() || request.to_email.find('@') == std::string::npos) {
      result.error = "the recipient address is not valid";
      result.permanent = true;
    } else if (request.data.is_discarded() || !request.data.is_object()) {
      result.error = "the placeholder data is not a JSON object";
      result.permanent = true;
    } else if (!IsMailKind(request.kind)) {
      result.error = "unknown mail kind " + request.kind;
      result.permanent = true;
    } else {
      const MailTemplate tmpl = CurrentMailTemplate(db_.Reader(), request.kind, request.locale);
      Result<ComposedMail> composed = ComposeMail(request, tmpl, settings, now);
      if (!composed.ok()) {
        result.error = composed.error().message;
        result.permanent = true;
      } else {
        OutgoingMail mail;
        mail.outbox_id = row->id;
        mail.envelope_from = composed->message.from.email;
        mail.recipients = {request.to_email};
        mail.message_id = composed->message.message_id;
        mail.subject = composed->message.subject;
        mail.text = composed->message.text;
        mail.mime = BuildMime(composed->message);
        message_id = mail.message_id;
        // The hand-over is journaled (mail_handover.h), or marked in the row under the lease:
        // a crash after it is not a reason to send the mail again.
        if (leased()) {
          mail.before_commit = [&] { return MarkHandingOver(row->id); };
        } else {
          mail.before_commit = [&] { return journal_.Begin(row->id); };
        }
        try {
          result = transport.Send(mail);
        } catch (const std::exception& e) {
          result = SendResult{};
          result.error = std::string("transport error: ") + e.what();
        }
      }
    }
  }
  // A transfer aborted by Stop() is not an attempt: the row stays as it was.
  // A failed transfer handed nothing over (a refusal after the end of DATA included).
  if (!result.ok) journal_.Clear();
  if (!result.ok && stopping_) return false;

  const int attempt = row->attempts + 1;
  const size_t max_attempts = options_.retry_delays_seconds.size() + 1;
  const std::string error = Truncate(result.error.empty() ? "unknown error" : result.error);
  enum class Outcome { kSent, kRetry, kFailed } outcome;
  std::string next_at;
  if (result.ok) {
    outcome = Outcome::kSent;
  } else if (result.permanent || static_cast<size_t>(attempt) >= max_attempts) {
    outcome = Outcome::kFailed;
  } else {
    outcome = Outcome::kRetry;
    next_at = FormatRfc3339(now + options_.retry_delays_seconds[row->attempts]);
  }
  bool recorded = false;
  try {
    const storage::MailLease lease = Lease();
    db_.Write([&](storage::Conn& conn) {
      switch (outcome) {
        case Outcome::kSent:
          recorded = storage::MarkMailSent(conn, row->id, message_id, FormatRfc3339(now), lease);
          break;
        case Outcome::kRetry:
          recorded = storage::MarkMailRetry(conn, row->id, error, next_at, lease);
          break;
        case Outcome::kFailed:
          recorded = storage::MarkMailFailed(conn, row->id, error, lease);
          break;
      }
      return true;
    });
    if (outcome == Outcome::kSent) journal_.Clear();
  } catch (const std::exception& e) {
    std::cerr << "mail #" << row->id << ": cannot record the delivery outcome: " << e.what()
              << std::endl;
    return false;
  }
  if (leased() && !recorded) {
    // Another instance claimed the row when this lease ran out: its outcome is the one kept.
    std::cerr << "mail #" << row->id << ": the lease ran out before the outcome was recorded; "
              << "left to the instance that holds it now" << std::endl;
    return true;
  }
  {
    std::lock_guard<std::mutex> lock(stats_mutex_);
    if (outcome == Outcome::kSent) ++stats_.sent;
    if (outcome == Outcome::kRetry) ++stats_.retried;
    if (outcome == Outcome::kFailed) ++stats_.failed;
  }
  if (outcome == Outcome::kRetry) {
    std::cerr << "mail #" << row->id << " (" << row->kind << ") attempt " << attempt
              << " failed: " << error << "; next try at " << next_at << std::endl;
  } else if (outcome == Outcome::kFailed) {
    std::cerr << "mail #" << row->id << " (" << row->kind << ") failed after " << attempt
              << " attempt(s): " << error << std::endl;
  }
  return true;
}

bool MailSender::WaitForCampaignSlot(const MailSettings& settings) {
  if (settings.campaign_rate_per_minute <= 0) return !stopping_;
  const auto gap = std::chrono::microseconds(60'000'000 / settings.campaign_rate_per_minute);
  if (leased()) return WaitForSharedCampaignSlot(gap);
  const auto now = std::chrono::steady_clock::now();
  if (next_campaign_slot_ > now) {
    std::unique_lock<std::mutex> lock(wake_->mutex);
    wake_->cv.wait_until(lock, next_campaign_slot_, [this] { return wake_->stopping; });
  }
  next_campaign_slot_ = std::max(next_campaign_slot_, now) + gap;
  return !stopping_;
}

bool MailSender::WaitForSharedCampaignSlot(std::chrono::microseconds gap) {
  // Wall-clock milliseconds: the instances compare their slots (keep their clocks in sync, as
  // for the leases).
  const auto wall_ms = [] {
    return std::chrono::duration_cast<std::chrono::milliseconds>(
               std::chrono::system_clock::now().time_since_epoch())
        .count();
  };
  const int64_t gap_ms = std::max<int64_t>(1, gap.count() / 1000);
  const int64_t now_ms = wall_ms();
  int64_t slot_ms = now_ms;
  db_.Write([&](storage::Conn& conn) {
    slot_ms = storage::ReserveMailSlot(conn, "campaign", now_ms, gap_ms);
    return true;
  });
  if (slot_ms > now_ms) {
    std::unique_lock<std::mutex> lock(wake_->mutex);
    wake_->cv.wait_for(lock, std::chrono::milliseconds(slot_ms - now_ms),
                       [this] { return wake_->stopping; });
  }
  return !stopping_;
}

std::chrono::milliseconds MailSender::SleepFor() {
  std::chrono::milliseconds sleep = options_.idle_poll;
  const int64_t now = Now();
  const auto wake_at = [&](int64_t at) {
    const int64_t wait_s = at - now;
    const auto wait = std::chrono::milliseconds(wait_s <= 0 ? 0 : wait_s * 1000 + 50);
    if (wait < sleep) sleep = wait;
  };
  try {
    std::optional<std::string> next;
    if (leased()) {
      // Rows another instance holds are due when its lease runs out (a dead one's included).
      const storage::MailWakeTimes times = storage::NextMailWake(db_.Reader(), now);
      next = times.next_due;
      if (times.lease_ends) wake_at(*times.lease_ends);
    } else {
      next = storage::NextDueAt(db_.Reader());
    }
    if (next) {
      if (std::optional<int64_t> due = ParseRfc3339(*next)) wake_at(*due);
    }
  } catch (const std::exception&) {
    // Keep the idle poll; the next round reads again.
  }
  return sleep;
}

void MailSender::RecoverHandover() {
  const std::optional<int64_t> id = journal_.Pending();
  if (!id) return;
  const std::optional<storage::OutboxRow> row = storage::FindMail(db_.Reader(), *id);
  if (row && row->status == "queued") {
    const std::string message_id =
        OutboxMessageId(row->id, row->created_at, row->to_email, settings_().mail_from);
    db_.Write([&](storage::Conn& conn) {
      return storage::MarkMailSent(conn, row->id, message_id, FormatRfc3339(Now()));
    });
    std::cerr << "mail #" << row->id << " was handed over before the last stop: recorded as sent"
              << std::endl;
  }
  journal_.Clear();
}

void MailSender::Loop() {
  try {
    RecoverHandover();
  } catch (const std::exception& e) {
    std::cerr << "mail sender: cannot settle the last hand-over: " << e.what() << std::endl;
  }
  while (!stopping_) {
    {
      std::lock_guard<std::mutex> lock(wake_->mutex);
      wake_->pending = false;  // commits from here on wake us again
    }
    bool healthy = true;
    int tried = 0;
    try {
      tried = RunOnce();
    } catch (const std::exception& e) {
      healthy = false;
      std::cerr << "mail sender: " << e.what() << std::endl;
    }
    std::chrono::milliseconds sleep = healthy ? SleepFor() : options_.idle_poll;
    // Rows due but none could be handled (e.g. the outcome could not be recorded): do not spin.
    if (tried == 0 && sleep.count() == 0) {
      sleep = std::min<std::chrono::milliseconds>(options_.idle_poll, std::chrono::seconds(1));
    }
    std::unique_lock<std::mutex> lock(wake_->mutex);
    wake_->cv.wait_for(lock, sleep, [this] { return wake_->pending || wake_->stopping; });
  }
  if (!leased()) return;
  try {
    ReleaseLeases();
  } catch (const std::exception& e) {
    std::cerr << "mail sender: cannot give back its leases (they run out by themselves): "
              << e.what() << std::endl;
  }
}

}  // namespace lanyard
