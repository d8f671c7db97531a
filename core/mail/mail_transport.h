#pragma once
// Where finished mails go: files (the default), the log, or an SMTP server through libcurl.
//
// Thread safety: a transport is used by one thread at a time (the mail sender).
#include <atomic>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

namespace lanyard {

struct OutgoingMail {
  int64_t outbox_id = 0;
  std::string envelope_from;            // bare address for MAIL FROM
  std::vector<std::string> recipients;  // bare addresses for RCPT TO
  std::string message_id;               // without angle brackets
  std::string subject;                  // for logs
  std::string text;                     // the text part, for the log transport
  std::string mime;                     // the complete message (core/mail_message.h)
  // Called once, right before the transport hands over the last bytes (SMTP: when every byte
  // of the message is written, before the final "." of DATA; file: before the rename). The sender journals the hand-over there, so
  // a crash after it does not send the mail again. Returning false aborts the transfer
  // (nothing delivered). May be empty.
  std::function<bool()> before_commit;
};

struct SendResult {
  bool ok = false;
  // The server refused this message for good (e.g. 550 no such mailbox): retrying cannot help.
  bool permanent = false;
  std::string error;  // a short, loggable reason; never contains credentials
};

class MailTransport {
 public:
  virtual ~MailTransport() = default;
  virtual SendResult Send(const OutgoingMail& mail) = 0;
};

// Writes <dir>/<UTC timestamp>-<outbox id>.eml (e.g. 20260601T090000.123Z-42.eml): written to a
// temporary file with mode 0600, synced, then renamed, so a reader never sees half a mail.
// Creates `dir` (mode 0700) when missing.
class FileTransport : public MailTransport {
 public:
  explicit FileTransport(std::string dir);
  SendResult Send(const OutgoingMail& mail) override;

 private:
  const std::string dir_;
};

// One line per mail on stderr plus the text part, for development.
class LogTransport : public MailTransport {
 public:
  SendResult Send(const OutgoingMail& mail) override;
};

struct SmtpOptions {
  // smtp://[user[:password]@]host[:port] (STARTTLS when the server offers it) or smtps://...
  // (TLS from the start). User and password are percent-decoded.
  std::string url;
  std::string password;  // when set, replaces the URL's password (settings keep it apart)
  long connect_timeout_seconds = 15;
  long timeout_seconds = 60;  // the whole exchange
  // When set and true, a transfer in progress is aborted (used by MailSender::Stop).
  const std::atomic<bool>* cancel = nullptr;
};

class SmtpTransport : public MailTransport {
 public:
  explicit SmtpTransport(SmtpOptions options);
  SendResult Send(const OutgoingMail& mail) override;

 private:
  const SmtpOptions options_;
};

// "smtp://user:secret@host" → "smtp://user:***@host", for logs and admin views.
std::string RedactSmtpUrl(const std::string& url);

}  // namespace lanyard
