#pragma once
// The hand-over journal of the mail sender: a one-line file naming the outbox row whose last
// bytes are being handed to the transport (SMTP: the end of DATA; file: the rename).
//
// Why: once the end of DATA is sent the server keeps the mail even if we die before recording
// "sent"; without a trace a restart would send it again. Recording "sent" in the database before
// the hand-over instead loses the mail when the process dies during that commit's fsync (the
// record survives in the page cache, the hand-over never happens). A plain write() of this file
// survives a killed process as well and takes microseconds, so the only window left is between
// that write and the hand-over itself. After a restart, a row named here that is still queued
// was handed over: the sender records it as sent instead of sending it again.
//
// A power loss can lose the journal line (it is not synced): then the mail is sent again, with
// the same Message-ID, as before. Thread safety: used by the sender thread only.
#include <cstdint>
#include <optional>
#include <string>

namespace lanyard {

class MailHandoverJournal {
 public:
  // `path` empty: the journal is off (every call succeeds and Pending() is empty).
  explicit MailHandoverJournal(std::string path);
  ~MailHandoverJournal();
  MailHandoverJournal(const MailHandoverJournal&) = delete;
  MailHandoverJournal& operator=(const MailHandoverJournal&) = delete;

  // Notes that row `outbox_id` is being handed over; false when the file cannot be written
  // (the transfer is then aborted: nothing handed over).
  bool Begin(int64_t outbox_id);
  // The hand-over is settled (recorded in the database, or it failed).
  void Clear();
  // The row a previous process was handing over when it stopped, if any.
  std::optional<int64_t> Pending() const;

 private:
  const std::string path_;
  int fd_ = -1;
};

}  // namespace lanyard
