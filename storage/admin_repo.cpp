#include "storage/admin_repo.h"

#include "storage/query.h"

namespace lanyard::storage {

std::map<std::string, std::string> LoadSettings(Conn& c) {
  std::map<std::string, std::string> out;
  Query q(c, "SELECT key, value FROM settings");
  while (q.Next()) out[q.Text(0)] = q.Text(1);
  return out;
}

void UpsertSetting(Conn& c, const std::string& key, const std::string& json_value) {
  Exec(c,
       "INSERT INTO settings (key, value) VALUES (?, ?) "
       "ON CONFLICT(key) DO UPDATE SET value = excluded.value",
       key, json_value);
}

void InsertAudit(Conn& c, std::optional<int64_t> actor_id, const std::string& action,
                 const std::string& target_type, std::optional<int64_t> target_id,
                 const std::string& details_json, const std::string& now) {
  Exec(c,
       "INSERT INTO audit_log (actor_id, action, target_type, target_id, details, created_at) "
       "VALUES (?, ?, ?, ?, ?, ?)",
       actor_id, action, target_type, target_id, details_json, now);
}

std::vector<AuditRow> ListAudit(Conn& c, const std::string& action, int limit, int offset,
                                int64_t* total) {
  *total = ScalarInt(c, "SELECT COUNT(*) FROM audit_log WHERE (? = '' OR action = ?)", action,
                     action)
               .value_or(0);
  Query q(c,
          "SELECT a.id, a.actor_id, COALESCE(u.email, ''), a.action, COALESCE(a.target_type, ''), "
          "a.target_id, a.details, a.created_at FROM audit_log a "
          "LEFT JOIN users u ON u.id = a.actor_id WHERE (? = '' OR a.action = ?) "
          "ORDER BY a.id DESC LIMIT ? OFFSET ?",
          action, action, limit, offset);
  std::vector<AuditRow> out;
  while (q.Next()) {
    out.push_back({q.Int(0), q.OptInt(1), q.Text(2), q.Text(3), q.Text(4), q.OptInt(5), q.Text(6),
                   q.Text(7)});
  }
  return out;
}

int64_t InsertDocument(Conn& c, const DocumentRow& d) {
  return InsertId(c,
       "INSERT INTO documents (user_id, kind, filename, stored_name, content_type, size, "
       "created_at) VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id",
       d.user_id, d.kind, d.filename, d.stored_name, d.content_type, d.size, d.created_at);
}

namespace {
DocumentRow ReadDocument(Query& q) {
  return {q.Int(0), q.Int(1), q.Text(2), q.Text(3), q.Text(4), q.Text(5), q.Int(6), q.Text(7)};
}
ApplicationRow ReadApplication(Query& q) {
  ApplicationRow a;
  a.id = q.Int(0);
  a.user_id = q.Int(1);
  a.user_name = q.Text(2);
  a.user_email = q.Text(3);
  a.organization = q.Text(4);
  a.description = q.Text(5);
  a.status = q.Text(6);
  a.message = q.OptText(7);
  a.decided_by = q.OptInt(8);
  a.decided_at = q.OptText(9);
  a.created_at = q.Text(10);
  return a;
}
}  // namespace

std::optional<DocumentRow> FindDocument(Conn& c, int64_t id) {
  Query q(c,
          "SELECT id, user_id, kind, filename, stored_name, content_type, size, created_at "
          "FROM documents WHERE id = ?",
          id);
  if (!q.Next()) return std::nullopt;
  return ReadDocument(q);
}

std::vector<DocumentRow> ListDocuments(Conn& c, int64_t user_id) {
  Query q(c,
          "SELECT id, user_id, kind, filename, stored_name, content_type, size, created_at "
          "FROM documents WHERE user_id = ? ORDER BY id",
          user_id);
  std::vector<DocumentRow> out;
  while (q.Next()) out.push_back(ReadDocument(q));
  return out;
}

std::optional<int64_t> InsertApplication(Conn& c, int64_t user_id, const std::string& organization,
                                         const std::string& description, const std::string& now) {
  return ScalarInt(c,
                           "INSERT INTO organizer_applications (user_id, organization, description, "
                           "created_at) VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING RETURNING id",
                           user_id, organization, description, now);
}

std::optional<ApplicationRow> FindApplication(Conn& c, int64_t id) {
  Query q(c,
          "SELECT a.id, a.user_id, u.name, u.email, a.organization, a.description, a.status, "
          "a.message, a.decided_by, a.decided_at, a.created_at FROM organizer_applications a "
          "JOIN users u ON u.id = a.user_id WHERE a.id = ?",
          id);
  if (!q.Next()) return std::nullopt;
  return ReadApplication(q);
}

std::vector<ApplicationRow> ListApplications(Conn& c, int64_t user_id, const std::string& status,
                                             int limit, int offset, int64_t* total) {
  *total = ScalarInt(c,
                     "SELECT COUNT(*) FROM organizer_applications WHERE (? = 0 OR user_id = ?) "
                     "AND (? = '' OR status = ?)",
                     user_id, user_id, status, status)
               .value_or(0);
  Query q(c,
          "SELECT a.id, a.user_id, u.name, u.email, a.organization, a.description, a.status, "
          "a.message, a.decided_by, a.decided_at, a.created_at FROM organizer_applications a "
          "JOIN users u ON u.id = a.user_id WHERE (? = 0 OR a.user_id = ?) "
          "AND (? = '' OR a.status = ?) ORDER BY a.id DESC LIMIT ? OFFSET ?",
          user_id, user_id, status, status, limit, offset);
  std::vector<ApplicationRow> out;
  while (q.Next()) out.push_back(ReadApplication(q));
  return out;
}

bool DecideApplication(Conn& c, int64_t id, const std::string& status, const std::string& message,
                       int64_t decided_by, const std::string& now) {
  return Exec(c,
              "UPDATE organizer_applications SET status = ?, message = ?, decided_by = ?, "
              "decided_at = ? WHERE id = ? AND status = 'pending'",
              status, message, decided_by, now, id) == 1;
}

std::optional<IdempotentResponse> FindIdempotentResponse(Conn& c, int64_t user_id,
                                                         const std::string& key,
                                                         const std::string& not_before) {
  Query q(c,
          "SELECT request_path, response_status, response_body FROM idempotency_keys "
          "WHERE user_id = ? AND key = ? AND created_at >= ?",
          user_id, key, not_before);
  if (!q.Next()) return std::nullopt;
  return IdempotentResponse{q.Text(0), static_cast<int>(q.Int(1)), q.Text(2)};
}

void SaveIdempotentResponse(Conn& c, int64_t user_id, const std::string& key,
                            const IdempotentResponse& r, const std::string& now) {
  Exec(c,
       "INSERT INTO idempotency_keys (user_id, key, request_path, response_status, response_body, "
       "created_at) VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT(user_id, key) DO UPDATE SET "
       "request_path = excluded.request_path, response_status = excluded.response_status, "
       "response_body = excluded.response_body, created_at = excluded.created_at",
       user_id, key, r.request_path, r.status, r.body, now);
}

std::vector<std::pair<std::string, int64_t>> MetricSamples(Conn& c) {
  std::vector<std::pair<std::string, int64_t>> out;
  auto grouped = [&](const char* sql, const std::string& metric, const std::string& label) {
    Query q(c, sql);
    while (q.Next()) out.push_back({metric + "{" + label + "=\"" + q.Text(0) + "\"}", q.Int(1)});
  };
  grouped("SELECT role, COUNT(*) FROM users GROUP BY role", "lanyard_users", "role");
  grouped("SELECT status, COUNT(*) FROM events GROUP BY status", "lanyard_events", "status");
  grouped("SELECT status, COUNT(*) FROM orders GROUP BY status", "lanyard_orders", "status");
  grouped("SELECT status, COUNT(*) FROM tickets GROUP BY status", "lanyard_tickets", "status");
  grouped("SELECT status, COUNT(*) FROM mail_outbox GROUP BY status", "lanyard_mail_outbox", "status");
  grouped("SELECT result, COUNT(*) FROM checkin_scans GROUP BY result", "lanyard_checkin_scans", "result");
  out.push_back({"lanyard_tickets_checked_in",
                 ScalarInt(c, "SELECT COUNT(*) FROM tickets WHERE checked_in_at IS NOT NULL AND status = 'valid'")
                     .value_or(0)});
  return out;
}

}  // namespace lanyard::storage
