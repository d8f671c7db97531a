#pragma once
// Users, login sessions, refresh tokens and one-time tokens: all their SQL.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "storage/conn.h"

namespace lanyard::storage {

struct UserRow {
  int64_t id = 0;
  std::string email;
  std::string password_hash;
  std::string name;
  std::optional<std::string> phone;
  std::optional<std::string> organization;
  std::string diet = "none";
  std::optional<std::string> diet_note;
  std::string locale = "en";
  std::string role = "attendee";
  bool active = true;
  std::optional<std::string> email_confirmed_at;
  std::string created_at;
};

std::optional<UserRow> FindUserById(Conn& c, int64_t id);
std::optional<UserRow> FindUserByEmail(Conn& c, const std::string& email_norm);
// Inserts and returns the id; nullopt when the normalized email is taken.
std::optional<int64_t> InsertUser(Conn& c, const UserRow& user, const std::string& email_norm);
void UpdateUserProfile(Conn& c, const UserRow& user);  // name, phone, organization, diet, locale
void UpdateUserPassword(Conn& c, int64_t user_id, const std::string& password_hash);
void SetUserConfirmed(Conn& c, int64_t user_id, const std::string& at);
void SetUserRoleActive(Conn& c, int64_t user_id, const std::string& role, bool active);
int64_t CountAdmins(Conn& c);

struct UserFilter {
  std::string q;     // substring of name or email
  std::string role;  // exact, empty for all
  int limit = 20;
  int offset = 0;
};
std::vector<UserRow> ListUsers(Conn& c, const UserFilter& f, int64_t* total);

// Sessions
int64_t InsertSession(Conn& c, int64_t user_id, const std::string& now);
// True when the session exists, is not revoked and its user is active.
bool SessionIsLive(Conn& c, int64_t session_id);
void RevokeSession(Conn& c, int64_t session_id, const std::string& now, const std::string& reason);
// Revokes every live session of the user except `keep_session_id` (0 keeps none).
void RevokeUserSessions(Conn& c, int64_t user_id, int64_t keep_session_id, const std::string& now,
                        const std::string& reason);

struct RefreshTokenRow {
  std::string token_hash;
  int64_t session_id = 0;
  std::string expires_at;
  std::optional<std::string> rotated_at;
  bool session_revoked = false;
  int64_t user_id = 0;
};
void InsertRefreshToken(Conn& c, const std::string& token_hash, int64_t session_id,
                        const std::string& now, const std::string& expires_at);
std::optional<RefreshTokenRow> FindRefreshToken(Conn& c, const std::string& token_hash);
// Marks the token rotated; false when it already was (a concurrent refresh won).
bool MarkRefreshRotated(Conn& c, const std::string& token_hash, const std::string& now);

// One-time tokens (confirm, reset, setup)
struct OneTimeTokenRow {
  int64_t id = 0;
  std::string purpose;
  std::optional<int64_t> user_id;
  std::string token_hash;
  std::optional<std::string> code_hash;
  int failed_attempts = 0;
  std::string expires_at;
  std::optional<std::string> used_at;
};
int64_t InsertOneTimeToken(Conn& c, const OneTimeTokenRow& row, const std::string& now);
std::optional<OneTimeTokenRow> FindOneTimeToken(Conn& c, const std::string& token_hash);
// The newest unused token of that purpose for the user.
std::optional<OneTimeTokenRow> FindLatestOneTimeToken(Conn& c, int64_t user_id,
                                                      const std::string& purpose);
void MarkOneTimeTokenUsed(Conn& c, int64_t id, const std::string& now);
void IncrementOneTimeTokenFailures(Conn& c, int64_t id);
// Burns all unused tokens of that purpose for the user (a new reset replaces older ones).
void InvalidateOneTimeTokens(Conn& c, int64_t user_id, const std::string& purpose,
                             const std::string& now);

}  // namespace lanyard::storage
