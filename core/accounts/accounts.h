#pragma once
// Accounts and login sessions (SPEC §3): register, confirm, login, refresh with rotation and
// reuse detection, verify, logout, password reset by link or code, password change.
#include <nlohmann/json.hpp>
#include <optional>
#include <string_view>
#include <string>

#include "core/app.h"
#include "core/accounts/auth_user.h"
#include "core/common/result.h"
#include "storage/users_repo.h"

namespace lanyard::accounts {

constexpr int64_t kRefreshLifetimeSeconds = 30 * 24 * 3600;
constexpr int64_t kConfirmLifetimeSeconds = 48 * 3600;
constexpr int64_t kResetLifetimeSeconds = 3600;
constexpr int kMaxResetCodeTries = 5;

// The user object of /me.
nlohmann::json UserJson(const storage::UserRow& user);

// Bearer token → the caller, when the token is valid and its session live.
Result<AuthUser> Authenticate(App& app, std::string_view access_token);

struct RegisterInput {
  std::string email, password, name;
  std::optional<std::string> phone;
  // en | id: the language of the pages the person signed up on, and so of their mails; empty →
  // the deployment's default_locale.
  std::string locale;
  // Where the person was when signing up (an event page with the tickets chosen): a same-site
  // path ("/events/3?qty.5=2"); carried in the confirmation link as &next= so that confirming on
  // another browser (the mail app's) still returns there. Anything else is dropped.
  std::string next;
};
Result<nlohmann::json> Register(App& app, const RegisterInput& in);
// `next` when it is a path of this site ("/…", not "//…", no backslash, no control characters
// or spaces, at most 1000 bytes), else empty: never an address elsewhere (no open redirect).
std::string SameSiteReturnPath(std::string_view next);
// invalid_token for an unknown or expired token; already_confirmed (409) when the token's
// address is confirmed (the link opened twice).
Status Confirm(App& app, const std::string& token);
void ResendConfirmation(App& app, const std::string& email);

// {access_token, refresh_token, token_type, expires_in, user}
Result<nlohmann::json> Login(App& app, const std::string& email, const std::string& password);
// Login under the lockout policy of app.login_lockout() (core/accounts/login_lockout.h) for the
// account (normalized address) and `client_address`: rate_limited with extra lockout
// "address"|"account" and retry_after (the seconds also in *retry_after); a wrong password
// counts, a sign-in clears its pair and remembers the address, other outcomes count nothing.
Result<nlohmann::json> LoginWithLockout(App& app, const std::string& email, const std::string& password,
                                        const std::string& client_address, const LoginLimits& limits,
                                        int* retry_after);
Result<nlohmann::json> Refresh(App& app, const std::string& refresh_token);
Result<nlohmann::json> Verify(App& app, const std::string& access_token);
// Ends the caller's session; a given refresh token's session (the caller's own) ends too.
void Logout(App& app, const AuthUser& user, const std::optional<std::string>& refresh_token);

// Mails password_reset (a link valid 1 h and a 6-digit code) to an active account with that
// address; nothing for others (the caller answers 202 either way). `page_locale` (en|id) is the
// language of the page that asked: the reader is the person at it; else the account's.
void ForgotPassword(App& app, const std::string& email, const std::string& page_locale = "");
struct ResetInput {
  std::optional<std::string> token;
  std::optional<std::string> email, code;
  std::string password;
};
Status ResetPassword(App& app, const ResetInput& in);
// Read-only: whether a reset link's token would still set a password (known, unused, not
// expired: the link is valid 1 h). The reset page asks before it shows its form.
bool ResetLinkUsable(App& app, const std::string& token);
Status ChangePassword(App& app, const AuthUser& user, const std::string& current_password,
                      const std::string& new_password);

// Shared by registration, setup and the CLI: checks and returns field errors.
std::map<std::string, std::string> CheckNewAccount(const std::string& email,
                                                   const std::string& password,
                                                   const std::string& name);
std::optional<std::string> CheckPassword(const std::string& password);

}  // namespace lanyard::accounts
