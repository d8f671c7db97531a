#include "core/mail/mail_handover.h"

#include <fcntl.h>
#include <unistd.h>

#include <cstdlib>

namespace lanyard {

MailHandoverJournal::MailHandoverJournal(std::string path) : path_(std::move(path)) {
  if (!path_.empty()) fd_ = ::open(path_.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0600);
}

MailHandoverJournal::~MailHandoverJournal() {
  if (fd_ >= 0) ::close(fd_);
}

bool MailHandoverJournal::Begin(int64_t outbox_id) {
  if (path_.empty()) return true;
  if (fd_ < 0) return false;
  const std::string line = std::to_string(outbox_id) + "\n";
  return ::ftruncate(fd_, 0) == 0 &&
         ::pwrite(fd_, line.data(), line.size(), 0) == static_cast<ssize_t>(line.size());
}

void MailHandoverJournal::Clear() {
  if (fd_ >= 0 && ::ftruncate(fd_, 0) != 0) {
    // Nothing to do: a stale line only matters for a row that is still queued, and Pending()
    // is read once at start-up.
  }
}

std::optional<int64_t> MailHandoverJournal::Pending() const {
  if (fd_ < 0) return std::nullopt;
  char buf[32] = {0};
  const ssize_t n = ::pread(fd_, buf, sizeof buf - 1, 0);
  if (n <= 0) return std::nullopt;
  char* end = nullptr;
  const long long id = std::strtoll(buf, &end, 10);
  if (end == buf || *end != '\n' || id <= 0) return std::nullopt;
  return id;
}

}  // namespace lanyard
