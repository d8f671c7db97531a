#include "storage/mail_lease_repo.h"

#include <algorithm>
#include <string>

#include "storage/query.h"

namespace lanyard::storage {

namespace {

// The claim, with `lock` after the row picking's LIMIT.
std::string ClaimSql(const char* lock) {
  return std::string(
             "UPDATE mail_outbox SET lease_owner = ?1, lease_until = ?2 WHERE id IN ("
             "SELECT id FROM mail_outbox WHERE status = 'queued' AND next_attempt_at <= ?3 "
             "AND (lease_until IS NULL OR lease_until <= ?4) "
             "ORDER BY kind = 'campaign', next_attempt_at, id LIMIT ?5") +
         lock +
         ") RETURNING id, kind, to_email, to_name, locale, data, status, attempts, "
         "next_attempt_at, last_error, message_id, created_at, sent_at, lease_owner, "
         "lease_until, handing_over";
}

}  // namespace

void UseLeaseIsolation(Conn& conn) {
  if (conn.dialect() == Dialect::kPostgres) {
    Exec(conn, "SET TRANSACTION ISOLATION LEVEL READ COMMITTED");
  }
}

std::vector<OutboxRow> ClaimDueMails(Conn& conn, std::string_view owner, std::string_view now_text,
                                     int64_t now, int64_t lease_until, int limit) {
  // The one place the dialects differ: SQLite has no row locks (its single writer serialises
  // the claim anyway). Built once per dialect: statements are cached by the text's address.
  static const std::string kPostgres = ClaimSql(" FOR UPDATE SKIP LOCKED");
  static const std::string kSqlite = ClaimSql("");
  const std::string& sql = conn.dialect() == Dialect::kPostgres ? kPostgres : kSqlite;
  // FOR UPDATE locks the newest version of each picked row and checks the WHERE again on it:
  // a row another instance took meanwhile is left out.
  UseLeaseIsolation(conn);
  std::vector<OutboxRow> rows;
  Query q(conn, sql.c_str(), owner, lease_until, now_text, now, limit);
  while (q.Next()) rows.push_back(ReadOutboxRow(q));
  // RETURNING keeps no order: sort as the claim picked them.
  std::sort(rows.begin(), rows.end(), [](const OutboxRow& a, const OutboxRow& b) {
    const bool ca = a.kind == "campaign";
    const bool cb = b.kind == "campaign";
    if (ca != cb) return cb;
    if (a.next_attempt_at != b.next_attempt_at) return a.next_attempt_at < b.next_attempt_at;
    return a.id < b.id;
  });
  return rows;
}

bool AnyMailClaimable(Conn& conn, std::string_view now_text, int64_t now) {
  return ScalarInt(conn,
                   "SELECT 1 FROM mail_outbox WHERE status = 'queued' AND next_attempt_at <= ? "
                   "AND (lease_until IS NULL OR lease_until <= ?) LIMIT 1",
                   now_text, now)
      .has_value();
}

int RenewMailLeases(Conn& conn, std::string_view owner, int64_t now, int64_t lease_until) {
  UseLeaseIsolation(conn);
  return Exec(conn,
              "UPDATE mail_outbox SET lease_until = ?3 "
              "WHERE lease_owner = ?1 AND lease_until > ?2 AND status = 'queued'",
              owner, now, lease_until);
}

bool MarkMailHandingOver(Conn& conn, int64_t id, std::string_view owner, int64_t now) {
  UseLeaseIsolation(conn);
  return Exec(conn,
              "UPDATE mail_outbox SET handing_over = 1 WHERE id = ?1 AND status = 'queued' "
              "AND lease_owner = ?2 AND lease_until > ?3",
              id, owner, now) > 0;
}

int ReleaseMailLeases(Conn& conn, std::string_view owner) {
  UseLeaseIsolation(conn);
  return Exec(conn,
              "UPDATE mail_outbox SET lease_owner = NULL, lease_until = NULL "
              "WHERE lease_owner = ? AND status = 'queued' AND handing_over = 0",
              owner);
}

MailWakeTimes NextMailWake(Conn& conn, int64_t now) {
  MailWakeTimes times;
  {
    Query q(conn,
            "SELECT MIN(next_attempt_at) FROM mail_outbox WHERE status = 'queued' "
            "AND (lease_until IS NULL OR lease_until <= ?)",
            now);
    if (q.Next()) times.next_due = q.OptText(0);
  }
  times.lease_ends = ScalarInt(conn,
                               "SELECT MIN(lease_until) FROM mail_outbox "
                               "WHERE status = 'queued' AND lease_until > ?",
                               now);
  return times;
}

}  // namespace lanyard::storage
