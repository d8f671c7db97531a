#include "storage/users_repo.h"

#include "storage/query.h"
#include "storage/search_match.h"

namespace lanyard::storage {

namespace {
constexpr const char* kUserColumns =
    "id, email, password_hash, name, phone, organization, diet, diet_note, locale, role, active, "
    "email_confirmed_at, created_at";

UserRow ReadUser(Query& q) {
  UserRow u;
  u.id = q.Int(0);
  u.email = q.Text(1);
  u.password_hash = q.Text(2);
  u.name = q.Text(3);
  u.phone = q.OptText(4);
  u.organization = q.OptText(5);
  u.diet = q.Text(6);
  u.diet_note = q.OptText(7);
  u.locale = q.Text(8);
  u.role = q.Text(9);
  u.active = q.Bool(10);
  u.email_confirmed_at = q.OptText(11);
  u.created_at = q.Text(12);
  return u;
}

OneTimeTokenRow ReadToken(Query& q) {
  OneTimeTokenRow t;
  t.id = q.Int(0);
  t.purpose = q.Text(1);
  t.user_id = q.OptInt(2);
  t.token_hash = q.Text(3);
  t.code_hash = q.OptText(4);
  t.failed_attempts = static_cast<int>(q.Int(5));
  t.expires_at = q.Text(6);
  t.used_at = q.OptText(7);
  return t;
}
}  // namespace

std::optional<UserRow> FindUserById(Conn& c, int64_t id) {
  static const std::string sql = std::string("SELECT ") + kUserColumns + " FROM users WHERE id = ?";
  Query q(c, sql.c_str(), id);
  if (!q.Next()) return std::nullopt;
  return ReadUser(q);
}

std::optional<UserRow> FindUserByEmail(Conn& c, const std::string& email_norm) {
  static const std::string sql =
      std::string("SELECT ") + kUserColumns + " FROM users WHERE email_norm = ?";
  Query q(c, sql.c_str(), email_norm);
  if (!q.Next()) return std::nullopt;
  return ReadUser(q);
}

std::optional<int64_t> InsertUser(Conn& c, const UserRow& u, const std::string& email_norm) {
  return ScalarInt(c,
          "INSERT INTO users (email, email_norm, password_hash, name, phone, organization, diet, "
          "diet_note, locale, role, active, email_confirmed_at, created_at) "
          "VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?) ON CONFLICT(email_norm) DO NOTHING RETURNING id",
          u.email, email_norm, u.password_hash, u.name, u.phone, u.organization, u.diet,
          u.diet_note, u.locale, u.role, u.active, u.email_confirmed_at, u.created_at);
}

void UpdateUserProfile(Conn& c, const UserRow& u) {
  Exec(c,
       "UPDATE users SET name = ?, phone = ?, organization = ?, diet = ?, diet_note = ?, "
       "locale = ? WHERE id = ?",
       u.name, u.phone, u.organization, u.diet, u.diet_note, u.locale, u.id);
}

void UpdateUserPassword(Conn& c, int64_t user_id, const std::string& password_hash) {
  Exec(c, "UPDATE users SET password_hash = ? WHERE id = ?", password_hash, user_id);
}

void SetUserConfirmed(Conn& c, int64_t user_id, const std::string& at) {
  Exec(c, "UPDATE users SET email_confirmed_at = COALESCE(email_confirmed_at, ?) WHERE id = ?", at,
       user_id);
}

void SetUserRoleActive(Conn& c, int64_t user_id, const std::string& role, bool active) {
  Exec(c, "UPDATE users SET role = ?, active = ? WHERE id = ?", role, active, user_id);
}

int64_t CountAdmins(Conn& c) {
  return ScalarInt(c, "SELECT COUNT(*) FROM users WHERE role = 'admin' AND active = 1").value_or(0);
}

// ?1 q, ?2 and ?3 its pattern (storage/search_match.h LikePattern).
#define LANYARD_USER_SEARCH                                                                 \
  "WHERE (? = '' OR lower(name) LIKE lower(?) ESCAPE '\\' OR lower(email) LIKE lower(?) ESCAPE '\\') "

std::vector<UserRow> ListUsers(Conn& c, const UserFilter& f, int64_t* total) {
  const std::string like = LikePattern(f.q);
  *total = ScalarInt(c,
                     "SELECT COUNT(*) FROM users " LANYARD_USER_SEARCH
                     "AND (? = '' OR role = ?)",
                     f.q, like, like, f.role, f.role)
               .value_or(0);
  static const std::string sql = std::string("SELECT ") + kUserColumns +
                                 " FROM users " LANYARD_USER_SEARCH
                                 "AND (? = '' OR role = ?) ORDER BY id LIMIT ? OFFSET ?";
  Query q(c, sql.c_str(), f.q, like, like, f.role, f.role, f.limit, f.offset);
  std::vector<UserRow> out;
  while (q.Next()) out.push_back(ReadUser(q));
  return out;
}

int64_t InsertSession(Conn& c, int64_t user_id, const std::string& now) {
  return InsertId(c, "INSERT INTO auth_sessions (user_id, created_at) VALUES (?, ?) RETURNING id", user_id, now);
}

bool SessionIsLive(Conn& c, int64_t session_id) {
  return ScalarInt(c,
                   "SELECT 1 FROM auth_sessions s JOIN users u ON u.id = s.user_id "
                   "WHERE s.id = ? AND s.revoked_at IS NULL AND u.active = 1",
                   session_id)
      .has_value();
}

void RevokeSession(Conn& c, int64_t session_id, const std::string& now, const std::string& reason) {
  Exec(c,
       "UPDATE auth_sessions SET revoked_at = ?, revoke_reason = ? "
       "WHERE id = ? AND revoked_at IS NULL",
       now, reason, session_id);
}

void RevokeUserSessions(Conn& c, int64_t user_id, int64_t keep_session_id, const std::string& now,
                        const std::string& reason) {
  Exec(c,
       "UPDATE auth_sessions SET revoked_at = ?, revoke_reason = ? "
       "WHERE user_id = ? AND id != ? AND revoked_at IS NULL",
       now, reason, user_id, keep_session_id);
}

void InsertRefreshToken(Conn& c, const std::string& token_hash, int64_t session_id,
                        const std::string& now, const std::string& expires_at) {
  Exec(c,
       "INSERT INTO refresh_tokens (token_hash, session_id, created_at, expires_at) "
       "VALUES (?, ?, ?, ?)",
       token_hash, session_id, now, expires_at);
}

std::optional<RefreshTokenRow> FindRefreshToken(Conn& c, const std::string& token_hash) {
  Query q(c,
          "SELECT r.token_hash, r.session_id, r.expires_at, r.rotated_at, "
          "s.revoked_at IS NOT NULL, s.user_id FROM refresh_tokens r "
          "JOIN auth_sessions s ON s.id = r.session_id WHERE r.token_hash = ?",
          token_hash);
  if (!q.Next()) return std::nullopt;
  RefreshTokenRow r;
  r.token_hash = q.Text(0);
  r.session_id = q.Int(1);
  r.expires_at = q.Text(2);
  r.rotated_at = q.OptText(3);
  r.session_revoked = q.Bool(4);
  r.user_id = q.Int(5);
  return r;
}

bool MarkRefreshRotated(Conn& c, const std::string& token_hash, const std::string& now) {
  return Exec(c,
              "UPDATE refresh_tokens SET rotated_at = ? WHERE token_hash = ? AND rotated_at IS NULL",
              now, token_hash) == 1;
}

int64_t InsertOneTimeToken(Conn& c, const OneTimeTokenRow& t, const std::string& now) {
  return InsertId(c,
       "INSERT INTO one_time_tokens (purpose, user_id, token_hash, code_hash, expires_at, "
       "created_at) VALUES (?, ?, ?, ?, ?, ?) RETURNING id",
       t.purpose, t.user_id, t.token_hash, t.code_hash, t.expires_at, now);
}

std::optional<OneTimeTokenRow> FindOneTimeToken(Conn& c, const std::string& token_hash) {
  Query q(c,
          "SELECT id, purpose, user_id, token_hash, code_hash, failed_attempts, expires_at, used_at "
          "FROM one_time_tokens WHERE token_hash = ?",
          token_hash);
  if (!q.Next()) return std::nullopt;
  return ReadToken(q);
}

std::optional<OneTimeTokenRow> FindLatestOneTimeToken(Conn& c, int64_t user_id,
                                                      const std::string& purpose) {
  Query q(c,
          "SELECT id, purpose, user_id, token_hash, code_hash, failed_attempts, expires_at, used_at "
          "FROM one_time_tokens WHERE user_id = ? AND purpose = ? AND used_at IS NULL "
          "ORDER BY id DESC LIMIT 1",
          user_id, purpose);
  if (!q.Next()) return std::nullopt;
  return ReadToken(q);
}

void MarkOneTimeTokenUsed(Conn& c, int64_t id, const std::string& now) {
  Exec(c, "UPDATE one_time_tokens SET used_at = ? WHERE id = ?", now, id);
}

void IncrementOneTimeTokenFailures(Conn& c, int64_t id) {
  Exec(c, "UPDATE one_time_tokens SET failed_attempts = failed_attempts + 1 WHERE id = ?", id);
}

void InvalidateOneTimeTokens(Conn& c, int64_t user_id, const std::string& purpose,
                             const std::string& now) {
  Exec(c,
       "UPDATE one_time_tokens SET used_at = ? WHERE user_id = ? AND purpose = ? AND used_at IS NULL",
       now, user_id, purpose);
}

}  // namespace lanyard::storage
