#include "storage/mail_repo.h"

#include "storage/mail_lease_repo.h"
#include "storage/query.h"
#include "storage/utc_now.h"

namespace lanyard::storage {

OutboxRow ReadOutboxRow(Query& q) {
  OutboxRow row;
  row.id = q.Int(0);
  row.kind = q.Text(1);
  row.to_email = q.Text(2);
  row.to_name = q.Text(3);
  row.locale = q.Text(4);
  row.data = q.Text(5);
  row.status = q.Text(6);
  row.attempts = static_cast<int>(q.Int(7));
  row.next_attempt_at = q.Text(8);
  row.last_error = q.OptText(9);
  row.message_id = q.OptText(10);
  row.created_at = q.Text(11);
  row.sent_at = q.OptText(12);
  row.lease_owner = q.OptText(13);
  row.lease_until = q.OptInt(14);
  row.handing_over = q.Int(15) != 0;
  return row;
}

namespace {

TemplateOverride ReadOverride(Query& q) {
  TemplateOverride t;
  t.kind = q.Text(0);
  t.locale = q.Text(1);
  t.subject = q.Text(2);
  t.text = q.Text(3);
  t.html = q.Text(4);
  t.updated_by = q.OptInt(5);
  t.updated_at = q.Text(6);
  return t;
}

}  // namespace

int64_t EnqueueMail(Conn& conn, const OutboxInsert& mail) {
  const std::string created = TextOrNow(mail.created_at);
  return InsertId(conn,
       "INSERT INTO mail_outbox(kind, to_email, to_name, locale, data, status, attempts, "
       "next_attempt_at, created_at) VALUES (?, ?, ?, ?, ?, 'queued', 0, "
       "?, ?) RETURNING id",
       mail.kind, mail.to_email, mail.to_name,
       mail.locale.empty() ? std::string("en") : mail.locale,
       mail.data.empty() ? std::string("{}") : mail.data,
       mail.send_after.empty() ? created : mail.send_after, created);
}

std::vector<OutboxRow> DueMails(Conn& conn, std::string_view now, int limit) {
  std::vector<OutboxRow> out;
  Query q(conn,
          "SELECT id, kind, to_email, to_name, locale, data, status, attempts, next_attempt_at, "
          "last_error, message_id, created_at, sent_at, lease_owner, lease_until, handing_over "
          "FROM mail_outbox "
          "WHERE status = 'queued' AND next_attempt_at <= ? "
          "ORDER BY kind = 'campaign', next_attempt_at, id LIMIT ?",
          now, limit);
  while (q.Next()) out.push_back(ReadOutboxRow(q));
  return out;
}

std::optional<std::string> NextDueAt(Conn& conn) {
  Query q(conn, "SELECT MIN(next_attempt_at) FROM mail_outbox WHERE status = 'queued'");
  if (!q.Next()) return std::nullopt;
  return q.OptText(0);
}

std::optional<OutboxRow> FindMail(Conn& conn, int64_t id) {
  Query q(conn,
          "SELECT id, kind, to_email, to_name, locale, data, status, attempts, next_attempt_at, "
          "last_error, message_id, created_at, sent_at, lease_owner, lease_until, handing_over "
          "FROM mail_outbox WHERE id = ?",
          id);
  if (!q.Next()) return std::nullopt;
  return ReadOutboxRow(q);
}

// The outcome statements end in this condition on ?1 (id), ?2 (lease owner, '' = none), ?3 (now).
#define LANYARD_OUTCOME_WHERE                                                        \
  " WHERE id = ?1 AND status = 'queued' AND "                                         \
  "(?2 = '' OR (lease_owner = ?2 AND lease_until > ?3))"
#define LANYARD_OUTCOME_CLEAR " lease_owner = NULL, lease_until = NULL, handing_over = 0"

bool MarkMailSent(Conn& conn, int64_t id, std::string_view message_id, std::string_view now,
                  const MailLease& lease) {
  if (!lease.owner.empty()) UseLeaseIsolation(conn);
  return Exec(conn,
              "UPDATE mail_outbox SET status = 'sent', attempts = attempts + 1, message_id = ?4, "
              "sent_at = ?5, last_error = NULL," LANYARD_OUTCOME_CLEAR LANYARD_OUTCOME_WHERE,
              id, lease.owner, lease.now, message_id, now) > 0;
}

bool MarkMailRetry(Conn& conn, int64_t id, std::string_view error,
                   std::string_view next_attempt_at, const MailLease& lease) {
  if (!lease.owner.empty()) UseLeaseIsolation(conn);
  return Exec(conn,
              "UPDATE mail_outbox SET attempts = attempts + 1, last_error = ?4, "
              "next_attempt_at = ?5," LANYARD_OUTCOME_CLEAR LANYARD_OUTCOME_WHERE,
              id, lease.owner, lease.now, error, next_attempt_at) > 0;
}

bool MarkMailFailed(Conn& conn, int64_t id, std::string_view error, const MailLease& lease) {
  if (!lease.owner.empty()) UseLeaseIsolation(conn);
  return Exec(conn,
              "UPDATE mail_outbox SET status = 'failed', attempts = attempts + 1, last_error = ?4,"
              LANYARD_OUTCOME_CLEAR LANYARD_OUTCOME_WHERE,
              id, lease.owner, lease.now, error) > 0;
}

#undef LANYARD_OUTCOME_WHERE
#undef LANYARD_OUTCOME_CLEAR

bool RetryMail(Conn& conn, int64_t id, std::string_view now) {
  return Exec(conn,
              "UPDATE mail_outbox SET status = 'queued', attempts = 0, next_attempt_at = ? "
              "WHERE id = ? AND status IN ('queued', 'failed')",
              now, id) > 0;
}

OutboxPage ListMails(Conn& conn, std::string_view status, int limit, int offset) {
  OutboxPage page;
  if (status.empty()) {
    page.total = ScalarInt(conn, "SELECT COUNT(*) FROM mail_outbox").value_or(0);
    Query q(conn,
            "SELECT id, kind, to_email, to_name, locale, data, status, attempts, next_attempt_at, "
            "last_error, message_id, created_at, sent_at, lease_owner, lease_until, handing_over "
          "FROM mail_outbox "
            "ORDER BY id DESC LIMIT ? OFFSET ?",
            limit, offset);
    while (q.Next()) page.items.push_back(ReadOutboxRow(q));
  } else {
    page.total =
        ScalarInt(conn, "SELECT COUNT(*) FROM mail_outbox WHERE status = ?", status).value_or(0);
    Query q(conn,
            "SELECT id, kind, to_email, to_name, locale, data, status, attempts, next_attempt_at, "
            "last_error, message_id, created_at, sent_at, lease_owner, lease_until, handing_over "
          "FROM mail_outbox WHERE status = ? "
            "ORDER BY id DESC LIMIT ? OFFSET ?",
            status, limit, offset);
    while (q.Next()) page.items.push_back(ReadOutboxRow(q));
  }
  return page;
}

std::optional<TemplateOverride> FindTemplateOverride(Conn& conn, std::string_view kind,
                                                     std::string_view locale) {
  Query q(conn,
          "SELECT kind, locale, subject, text_body, html_body, updated_by, updated_at "
          "FROM mail_template_overrides WHERE kind = ? AND locale = ?",
          kind, locale);
  if (!q.Next()) return std::nullopt;
  return ReadOverride(q);
}

std::vector<TemplateOverride> ListTemplateOverrides(Conn& conn) {
  std::vector<TemplateOverride> out;
  Query q(conn,
          "SELECT kind, locale, subject, text_body, html_body, updated_by, updated_at "
          "FROM mail_template_overrides ORDER BY kind, locale");
  while (q.Next()) out.push_back(ReadOverride(q));
  return out;
}

void UpsertTemplateOverride(Conn& conn, const TemplateOverride& value) {
  Exec(conn,
       "INSERT INTO mail_template_overrides(kind, locale, subject, text_body, html_body, "
       "updated_by, updated_at) VALUES (?, ?, ?, ?, ?, ?, "
       "?) "
       "ON CONFLICT(kind, locale) DO UPDATE SET subject = excluded.subject, "
       "text_body = excluded.text_body, html_body = excluded.html_body, "
       "updated_by = excluded.updated_by, updated_at = excluded.updated_at",
       value.kind, value.locale, value.subject, value.text, value.html, value.updated_by,
       TextOrNow(value.updated_at));
}

bool DeleteTemplateOverride(Conn& conn, std::string_view kind, std::string_view locale) {
  return Exec(conn, "DELETE FROM mail_template_overrides WHERE kind = ? AND locale = ?", kind,
              locale) > 0;
}

}  // namespace lanyard::storage
