#pragma once
// ALL the SQL of the mail outbox (mail_outbox, 0001) and of the admins' template overrides
// (mail_template_overrides, 0002).
//
// Feature code enqueues inside its own unit of work, so a mail exists exactly when the change
// that caused it was committed:
//
//   db.Write([&](storage::Conn& c) {
//     ... the change ...
//     storage::EnqueueMail(c, {.kind = "account_confirm", .to_email = email, ...});
//     return true;
//   });
//
// (or core::QueueMail from core/mail_outbox.h, which takes a json object). The background
// sender (core/mail_sender.h) delivers the row after the commit.
//
// Timestamps are RFC 3339 UTC strings ("2026-06-01T09:00:00Z"); they compare correctly as text.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "storage/conn.h"

namespace lanyard::storage {

struct OutboxInsert {
  std::string kind;  // a kind of SPEC §8 (core/mail_templates.h lists them)
  std::string to_email;
  std::string to_name;        // may be empty
  std::string locale = "en";  // "en" | "id": the recipient's language
  std::string data = "{}";    // JSON object: the placeholder values of the kind
  // When empty, the current UTC time is used (storage/utc_now.h). `send_after` delays the
  // first attempt (scheduled campaigns); empty means as soon as possible.
  std::string created_at;
  std::string send_after;
};

// Inserts a queued row; returns its id. Call it inside a unit of work.
int64_t EnqueueMail(Conn& conn, const OutboxInsert& mail);

struct OutboxRow {
  int64_t id = 0;
  std::string kind;
  std::string to_email;
  std::string to_name;
  std::string locale;
  std::string data;    // JSON text
  std::string status;  // queued | sent | failed
  int attempts = 0;
  std::string next_attempt_at;
  std::optional<std::string> last_error;
  std::optional<std::string> message_id;
  std::string created_at;
  std::optional<std::string> sent_at;
  // Leases (migration 0031, storage/mail_lease_repo.h): the instance holding the row and until
  // when (UTC unix seconds); handing_over from right before the end of DATA to the outcome.
  std::optional<std::string> lease_owner;
  std::optional<int64_t> lease_until;
  bool handing_over = false;
};

class Query;
// Reads one row of a statement that selected (or returned) the columns of OutboxRow in their
// order (storage/ only: the outbox's repositories).
OutboxRow ReadOutboxRow(Query& q);

// The lease a sender holds on a row (storage/mail_lease_repo.h). Empty owner: no lease (SQLite's
// single sender); else an outcome is recorded only while `owner` holds the row's lease at `now`
// (UTC unix seconds), and recording it releases the lease.
struct MailLease {
  std::string owner;
  int64_t now = 0;
};

// Queued rows with next_attempt_at <= now, oldest due first (campaign mails after all others),
// at most `limit`.
std::vector<OutboxRow> DueMails(Conn& conn, std::string_view now, int limit);
// The earliest next_attempt_at among queued rows, if any (the sender sleeps until then).
std::optional<std::string> NextDueAt(Conn& conn);
std::optional<OutboxRow> FindMail(Conn& conn, int64_t id);

// The outcomes of one delivery attempt; each counts the attempt. They only touch a row that is
// still queued (and, with a lease, whose lease `lease.owner` still holds) and return whether
// they did (a row retried or sent meanwhile, or taken over by another instance, is left alone).
// They clear the row's lease and hand-over mark. With a lease, on PostgreSQL, each must be its
// unit's first query (storage/mail_lease_repo.h "Isolation").
bool MarkMailSent(Conn& conn, int64_t id, std::string_view message_id, std::string_view now,
                  const MailLease& lease = {});
bool MarkMailRetry(Conn& conn, int64_t id, std::string_view error,
                   std::string_view next_attempt_at, const MailLease& lease = {});
bool MarkMailFailed(Conn& conn, int64_t id, std::string_view error, const MailLease& lease = {});

// Admin: a failed (or queued) row goes back to queued with attempts reset and is due at `now`.
// Returns false when the row does not exist or was already sent.
bool RetryMail(Conn& conn, int64_t id, std::string_view now);

struct OutboxPage {
  std::vector<OutboxRow> items;
  int64_t total = 0;
};
// Newest first. `status` empty means all.
OutboxPage ListMails(Conn& conn, std::string_view status, int limit, int offset);

// Admin overrides of the default templates, per kind and locale.
struct TemplateOverride {
  std::string kind;
  std::string locale;
  std::string subject;
  std::string text;
  std::string html;
  std::optional<int64_t> updated_by;
  std::string updated_at;
};

std::optional<TemplateOverride> FindTemplateOverride(Conn& conn, std::string_view kind,
                                                     std::string_view locale);
std::vector<TemplateOverride> ListTemplateOverrides(Conn& conn);
void UpsertTemplateOverride(Conn& conn, const TemplateOverride& value);
// Returns whether a row was removed.
bool DeleteTemplateOverride(Conn& conn, std::string_view kind, std::string_view locale);

}  // namespace lanyard::storage
