#include "core/accounts/invitations.h"

#include <map>

#include "core/accounts/accounts.h"
#include "core/common/crypto.h"
#include "core/common/time_util.h"
#include "core/common/validation.h"
#include "core/common/write_unit.h"
#include "core/mail/mail_outbox.h"
#include "core/mail/mail_time.h"
#include "core/ops/audit.h"
#include "storage/invitations_repo.h"
#include "storage/users_repo.h"

namespace lanyard::invitations {

using nlohmann::json;

namespace {

bool IsInvitableRole(const std::string& role) {
  return role == "staff" || role == "organizer" || role == "admin";
}

bool HasControlCharacters(std::string_view s) {
  for (unsigned char ch : s) {
    if (ch < 0x20 || ch == 0x7f) return true;
  }
  return false;
}

json MailData(const std::string& role, const std::string& inviter, bool existing) {
  return {{"role", role},
          {"is_staff", role == "staff"},
          {"is_organizer", role == "organizer"},
          {"is_admin", role == "admin"},
          {"inviter_name", inviter},
          {"existing", existing}};
}

json InvitationJson(const storage::InvitationRow& r) {
  return {{"id", r.id},           {"email", r.email},
          {"name", r.name},       {"role", r.role},
          {"expires_at", r.expires_at}, {"inviter_name", r.inviter_name},
          {"created_at", r.created_at}};
}

Error NotFound() { return Error::NotFound("This invitation link is unknown or has expired."); }

Error Used() {
  return Error::Conflict(codes::kInvitationUsed, "This invitation was accepted already: sign in.");
}

// The invitation a token names, if it may still be accepted at `now`.
Result<storage::InvitationRow> Usable(storage::Conn& c, const std::string& token, int64_t now) {
  if (token.empty() || token.size() > 200) return NotFound();
  auto row = storage::FindInvitationByTokenHash(c, crypto::Sha256Hex(token));
  if (!row) return NotFound();
  if (row->used_at) return Used();
  auto expires = ParseRfc3339(row->expires_at);
  if (!expires || *expires <= now) return NotFound();
  return *row;
}

// The existing account gets the role; the mail tells them.
Result<json> ChangeRole(App& app, const AuthUser& admin, const storage::UserRow& user,
                        const std::string& role) {
  return WriteUnit<json>(app.db(), [&](storage::Conn& c) -> Result<json> {
    auto u = storage::FindUserById(c, user.id);
    if (!u) return Error::NotFound("No such user.");
    if (u->role == "admin" && role != "admin" && u->active && storage::CountAdmins(c) <= 1) {
      return Error::Conflict(codes::kLastAdmin, "The only admin cannot lose the admin role.");
    }
    if (u->role != role) {
      storage::SetUserRoleActive(c, u->id, role, u->active);
      WriteAudit(c, admin.id, "user.role_change", "user", u->id,
                 {{"from", u->role}, {"to", role}, {"via", "invitation"}});
    }
    json data = MailData(role, admin.name, true);
    data["login_url"] = app.BaseUrl() + "/account/login";
    data["invite_url"] = app.BaseUrl() + "/account/login";
    QueueMail(c, "staff_invitation", u->email, u->name, u->locale, data);
    u->role = role;
    return json{{"status", "role_changed"}, {"user", accounts::UserJson(*u)}};
  });
}

}  // namespace

Result<json> Invite(App& app, const AuthUser& admin, const InviteInput& in) {
  std::map<std::string, std::string> fields;
  const std::string email = Trim(in.email);
  const std::string name = Trim(in.name);
  if (!LooksLikeEmail(email) || email.size() > 254) {
    fields["email"] = "must be a valid e-mail address";
  }
  if (Utf8Length(name) < 1 || Utf8Length(name) > 200 || HasControlCharacters(name)) {
    fields["name"] = "must be 1 to 200 characters on one line";
  }
  if (!IsInvitableRole(in.role)) fields["role"] = "must be staff, organizer or admin";
  if (!fields.empty()) return Error::Invalid(fields);

  const std::string norm = NormalizeEmail(email);
  if (auto existing = storage::FindUserByEmail(app.db().Reader(), norm)) {
    return ChangeRole(app, admin, *existing, in.role);
  }
  const std::string token = crypto::RandomToken(32);
  const int64_t now = NowSeconds();
  const std::string url = app.BaseUrl() + "/invite/" + token;
  storage::InvitationRow row;
  row.email = email;
  row.name = name;
  row.role = in.role;
  row.invited_by = admin.id;
  row.expires_at = FormatRfc3339(now + kInvitationLifetimeSeconds);
  row.created_at = FormatRfc3339(now);
  row.inviter_name = admin.name;
  auto id = WriteUnit<int64_t>(app.db(), [&](storage::Conn& c) -> Result<int64_t> {
    const int64_t new_id = storage::InsertInvitation(c, row, norm, crypto::Sha256Hex(token));
    WriteAudit(c, admin.id, "user.invite", "invitation", new_id,
               {{"email", email}, {"role", in.role}});
    json data = MailData(in.role, admin.name, false);
    data["invite_url"] = url;
    data["login_url"] = app.BaseUrl() + "/account/login";
    data["expires_at"] = MailTime(now + kInvitationLifetimeSeconds);
    // No account yet: the deployment's default language.
    QueueMail(c, "staff_invitation", email, name, "", data);
    return new_id;
  });
  if (!id) return id.error();
  row.id = *id;
  json out = InvitationJson(row);
  out["status"] = "invited";
  out["url"] = url;
  return out;
}

Result<json> Preview(App& app, const std::string& token) {
  auto row = Usable(app.db().Reader(), token, NowSeconds());
  if (!row) return row.error();
  json out = InvitationJson(*row);
  out.erase("id");
  out.erase("created_at");
  return out;
}

Result<json> Accept(App& app, const std::string& token, const std::string& password,
                    const std::string& requested_locale) {
  std::map<std::string, std::string> fields;
  if (auto why = accounts::CheckPassword(password)) fields["password"] = *why;
  std::string locale = requested_locale;
  if (locale.empty()) locale = (*app.settings().Snapshot()).value("default_locale", "en");
  if (locale != "en" && locale != "id") fields["locale"] = "must be en or id";
  // Refuse a dead link before spending a password hash on it.
  auto precheck = Usable(app.db().Reader(), token, NowSeconds());
  if (!precheck) return precheck.error();
  if (!fields.empty()) return Error::Invalid(fields);
  auto hash = app.kdf().Hash(password);
  if (!hash) return hash.error();
  const int64_t now = NowSeconds();
  return WriteUnit<json>(app.db(), [&](storage::Conn& c) -> Result<json> {
    auto inv = Usable(c, token, now);
    if (!inv) return inv.error();
    const std::string norm = NormalizeEmail(inv->email);
    if (storage::FindUserByEmail(c, norm)) {
      return Error::Conflict(codes::kEmailTaken, "An account with this e-mail exists already.");
    }
    storage::UserRow user;
    user.email = inv->email;
    user.password_hash = *hash;
    user.name = inv->name;
    user.locale = locale;
    user.role = inv->role;
    user.email_confirmed_at = FormatRfc3339(now);  // the mailed link proved the address
    user.created_at = FormatRfc3339(now);
    auto id = storage::InsertUser(c, user, norm);
    if (!id) return Error::Conflict(codes::kEmailTaken, "An account with this e-mail exists already.");
    user.id = *id;
    if (!storage::MarkInvitationUsed(c, inv->id, user.id, FormatRfc3339(now))) return Used();
    WriteAudit(c, user.id, "user.invitation_accepted", "user", user.id,
               {{"invitation_id", inv->id}, {"role", inv->role}});
    return accounts::UserJson(user);
  });
}

json ListOpen(App& app) {
  json items = json::array();
  for (const auto& r : storage::ListOpenInvitations(app.db().Reader(), NowRfc3339())) {
    items.push_back(InvitationJson(r));
  }
  return json{{"items", items}};
}

}  // namespace lanyard::invitations
