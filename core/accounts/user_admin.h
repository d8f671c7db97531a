#pragma once
// Administration of people: users and roles, organizer applications, the first admin (setup
// link and `lanyard admin create`).
#include <nlohmann/json.hpp>
#include <optional>
#include <string>

#include "core/app.h"
#include "core/ops/audit.h"
#include "core/accounts/auth_user.h"
#include "core/common/result.h"

namespace lanyard::user_admin {

// Users (admin only; the web layer checks the role).
nlohmann::json ListUsers(App& app, const std::string& q, const std::string& role, ListPage page);
Result<nlohmann::json> GetUser(App& app, int64_t id);
struct UserPatch {
  std::optional<std::string> role;
  std::optional<bool> active;
};
Result<nlohmann::json> UpdateUser(App& app, const AuthUser& admin, int64_t id, const UserPatch& p);

// Organizer applications.
Result<nlohmann::json> Apply(App& app, const AuthUser& user, const std::string& organization,
                             const std::string& description);
// Own applications; admins see all, optionally by status.
Result<nlohmann::json> ListApplications(App& app, const AuthUser& user, const std::string& status,
                                        ListPage page);
Result<nlohmann::json> Decide(App& app, const AuthUser& admin, int64_t id,
                              const std::string& decision, const std::string& message);

// First admin. CreateAdmin makes (or promotes) a confirmed admin account; used by the CLI.
Result<int64_t> CreateAdmin(App& app, const std::string& email, const std::string& password,
                            const std::string& name);
// While no admin exists: a one-time setup token valid 30 minutes; nullopt when an admin exists.
std::optional<std::string> IssueSetupToken(App& app);
bool NeedsSetup(App& app);
// Read-only: whether `token` would create the first admin now → {usable, needs_setup}. usable is
// false for an unknown, used or expired token (or one of another purpose) and once an admin
// exists; needs_setup as NeedsSetup. Writes nothing.
nlohmann::json CheckSetupToken(App& app, const std::string& token);
// Creates the first admin from a setup token. `locale` (en | id; "" = en) is the page's language:
// it becomes the admin's and the deployment's default_locale. validation_failed for bad input,
// invalid_token, email_taken.
Result<nlohmann::json> CompleteSetup(App& app, const std::string& token, const std::string& email,
                                     const std::string& name, const std::string& password,
                                     const std::string& locale = "");

}  // namespace lanyard::user_admin
