#pragma once
// The background mail sender: delivers queued outbox rows after they are committed.
//
// - Wakes when the database commits (Database::OnCommit) and on a timer (for retries that come
//   due and for mails scheduled later); the status lives in the database, so a restart simply
//   continues with what is still queued.
// - Reads due rows with its own reader connection, renders them with the current templates,
//   sends them outside any transaction, then records the outcome through Database::Write.
// - A failed attempt is retried after 1 min, 5 min, 30 min, 2 h, 6 h and 12 h (7 tries over
//   about 21 hours); after the last one, or at once for a permanent refusal, the row becomes
//   `failed` with the last error. An admin can queue it again (storage::RetryMail).
// - The row being handed over (SMTP: the end of DATA) is named in the hand-over journal
//   (mail_handover.h) right before; after a crash the next start records that row as sent
//   instead of sending it again. Without a journal, delivery is at least once: a crash between
//   sending and recording sends the mail again, with the same Message-ID.
// - With an instance id (several instances over one PostgreSQL; storage/mail_lease_repo.h) the
//   sender claims due rows with a lease instead of reading them, renews its leases when half is
//   left, marks a row handing_over in the database right before the end of DATA (instead of the
//   journal file) and records an outcome only while it still holds the lease. A second thread
//   renews the leases every lease_seconds / 3 while the sender runs (a long transfer keeps its
//   row). A dead instance's
//   rows are claimed again when their lease runs out; a row marked handing_over is then recorded
//   as sent, not sent again. A transfer still running when its lease is gone is aborted before
//   the end of DATA.
// - Campaign mails (kind "campaign") go out at most MailSettings::campaign_rate_per_minute and
//   after every due transactional mail (storage::DueMails orders them last). With an instance
//   id the pace is shared: each campaign mail's slot is reserved in the database
//   (storage/mail_pace_repo.h), so all instances together keep the rate.
//
// Lifetime: Stop() (or the destructor) before the Database is destroyed. Thread safety: all
// public members may be called from any thread.
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "core/mail/mail_compose.h"
#include "core/mail/mail_handover.h"
#include "core/mail/mail_transport.h"
#include "storage/database.h"
#include "storage/mail_repo.h"

namespace lanyard {

using MailSettingsFn = std::function<MailSettings()>;
// Unix seconds; injectable so tests can move time forward.
using MailClockFn = std::function<int64_t()>;
// Builds the transport for the current settings; `cancel` turns true when the sender stops.
using MailTransportFactory = std::function<std::unique_ptr<MailTransport>(
    const MailSettings&, const std::atomic<bool>* cancel)>;

// The transport the settings name (file → settings.mail_dir, smtp, log).
std::unique_ptr<MailTransport> MakeMailTransport(const MailSettings& settings,
                                                 const std::atomic<bool>* cancel);

struct MailSenderOptions {
  int batch_size = 25;  // rows per read; the loop continues while rows are due
  // Delay after the 1st, 2nd, ... failed attempt; one more failure than entries → `failed`.
  std::vector<int64_t> retry_delays_seconds = {60, 300, 1800, 7200, 21600, 43200};
  // The longest sleep without a wake-up (the timer half of "commit hook and timer").
  std::chrono::milliseconds idle_poll{std::chrono::seconds(30)};
  MailClockFn clock;                       // default: the system clock
  MailTransportFactory transport_factory;  // default: MakeMailTransport
  // The hand-over journal file (mail_handover.h), e.g. <data>/mail_handover; empty: off, and a
  // crash between the hand-over and its record sends that one mail again.
  std::string handover_journal;
  // Leases: empty = off (one sender per outbox: SQLite). Else this instance's id in the leases
  // (core/common/instance.h InstanceId()), each lasting lease_seconds (at least 1).
  std::string instance_id;
  int64_t lease_seconds = 60;
};

struct MailSendStats {
  int64_t sent = 0;
  int64_t retried = 0;
  int64_t failed = 0;
};

class MailSender {
 public:
  MailSender(storage::Database& db, MailSettingsFn settings, MailSenderOptions options = {});
  ~MailSender();  // Stop()
  MailSender(const MailSender&) = delete;
  MailSender& operator=(const MailSender&) = delete;

  // Starts the background thread (once); registers the commit hook.
  void Start();
  // Aborts a transfer in progress (its row stays queued and is tried again on the next start),
  // finishes the row at hand and joins the thread. Idempotent.
  void Stop();
  // Asks the thread to look for due rows now (e.g. after an admin's retry).
  void Wake();

  // Processes due rows on the calling thread until none is due; returns how many were tried.
  // For tests and the CLI; do not call while the thread runs.
  int RunOnce();

  MailSendStats stats() const;

 private:
  struct WakeState;  // shared with the commit hook, which may outlive this object
  // Tries one row (as read or claimed); returns false when stopping interrupted it.
  bool Deliver(const MailSettings& settings, MailTransport& transport,
               const storage::OutboxRow& row);
  // The due rows of one round: read (no leases) or claimed (leases).
  std::vector<storage::OutboxRow> NextRows(int limit);
  // Leases: renews this instance's leases when half of the lease is left (RunOnce without the
  // renewer thread); false when they ran out already (another instance may have claimed the
  // rows: claim again).
  bool RenewLeasesIfDue();
  // Leases: gives back the rows still held (at stop).
  void ReleaseLeases();
  // Leases: the hand-over mark in the database; false when the lease is gone (abort).
  bool MarkHandingOver(int64_t row_id);
  // Leases: a row claimed with its hand-over mark set is recorded as sent.
  void SettleHandedOver(const MailSettings& settings, const storage::OutboxRow& row);
  // The lease to record an outcome under (empty owner without leases).
  storage::MailLease Lease() const;
  bool leased() const { return !options_.instance_id.empty(); }
  // options_.lease_seconds, at least 1 (a lease must outlast the second it was taken in).
  int64_t LeaseLength() const { return options_.lease_seconds < 1 ? 1 : options_.lease_seconds; }
  void Loop();
  // Campaign mails keep to settings.campaign_rate_per_minute; false when stopping.
  bool WaitForCampaignSlot(const MailSettings& settings);
  // The same with the slot reserved in the database (several instances): false when stopping.
  bool WaitForSharedCampaignSlot(std::chrono::microseconds gap);
  // At start: a row the last process handed over but did not record is recorded as sent.
  void RecoverHandover();
  int64_t Now() const;
  std::chrono::milliseconds SleepFor();

  storage::Database& db_;
  const MailSettingsFn settings_;
  const MailSenderOptions options_;
  std::shared_ptr<WakeState> wake_;
  std::atomic<bool> stopping_{false};
  std::thread thread_;
  std::mutex start_mutex_;
  bool started_ = false;  // GUARDED_BY(start_mutex_)

  std::chrono::steady_clock::time_point next_campaign_slot_{};  // sender thread only
  MailHandoverJournal journal_;                                 // sender thread only
  // The end of the leases last claimed or renewed (UTC seconds).
  std::atomic<int64_t> lease_until_{0};
  // Leases: a second thread renews them every lease_seconds / 3 while the sender runs, also
  // while one transfer takes long; it stops with the sender (a killed process renews nothing).
  std::thread renewer_;
  std::mutex renew_mutex_;
  std::condition_variable renew_cv_;  // notified by Stop()
  void RenewLoop();

  mutable std::mutex stats_mutex_;
  MailSendStats stats_;  // GUARDED_BY(stats_mutex_)
};

}  // namespace lanyard
