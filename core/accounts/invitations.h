#pragma once
// Staff in one step (SPEC §3, since 2026-11): an admin invites a person by address with a role;
// the person opens {base_url}/invite/{token} (valid 7 days, single use), sets a password and is
// signed in with that role, address confirmed. Inviting an address that already has an account
// changes that account's role instead and tells the person (mail staff_invitation, existing).
//
// The token is 256 random bits, stored hashed (SHA-256), shown once: in the mail and in the
// admin's reply. Thread safety: every function may be called from any request thread.
#include <cstdint>
#include <nlohmann/json.hpp>
#include <string>

#include "core/accounts/auth_user.h"
#include "core/app.h"
#include "core/common/result.h"

namespace lanyard::invitations {

constexpr int64_t kInvitationLifetimeSeconds = 7 * 24 * 3600;

struct InviteInput {
  std::string email;
  std::string name;
  std::string role;  // staff | organizer | admin
};

// POST /users/invitations (admin). → {status:"invited", id, email, name, role, expires_at, url}
// or, for an existing account, {status:"role_changed", user}. Errors: validation_failed
// (fields email, name, role), last_admin (409) when it would demote the only admin.
// Queues staff_invitation in the same unit; audits user.invite / user.role_change.
Result<nlohmann::json> Invite(App& app, const AuthUser& admin, const InviteInput& in);

// GET /invitations/{token} (public): {email, name, role, expires_at, inviter_name}.
// not_found for an unknown or expired token; invitation_used (409) once accepted.
Result<nlohmann::json> Preview(App& app, const std::string& token);

// POST /invitations/{token}/accept (public) {password, locale?}: creates the account with the
// invitation's address, name and role, address confirmed; → the user object (as /me). Errors as
// Preview, plus validation_failed (password) and email_taken when the address got an account
// meanwhile. `locale` empty → the deployment's default_locale.
Result<nlohmann::json> Accept(App& app, const std::string& token, const std::string& password,
                              const std::string& locale);

// GET /users/invitations (admin): {items:[{id, email, name, role, expires_at, inviter_name,
// created_at}]} of the invitations neither used nor expired, newest first (at most 500).
nlohmann::json ListOpen(App& app);

}  // namespace lanyard::invitations
