#include "core/accounts/user_admin.h"

#include "core/accounts/accounts.h"
#include "core/common/crypto.h"
#include "core/mail/mail_outbox.h"
#include "core/mail/mail_templates.h"
#include "core/common/time_util.h"
#include "core/common/validation.h"
#include "core/common/write_unit.h"
#include "storage/admin_repo.h"
#include "storage/users_repo.h"

namespace lanyard::user_admin {

using nlohmann::json;

namespace {
constexpr int64_t kSetupLifetimeSeconds = 30 * 60;

json Page(json items, int64_t total, ListPage page) {
  return {{"items", std::move(items)}, {"total", total}, {"limit", page.limit}, {"offset", page.offset}};
}

json ApplicationJson(const storage::ApplicationRow& a) {
  return {{"id", a.id},
          {"user_id", a.user_id},
          {"user_name", a.user_name},
          {"user_email", a.user_email},
          {"organization", a.organization},
          {"description", a.description},
          {"status", a.status},
          {"message", a.message ? json(*a.message) : json()},
          {"decided_by", a.decided_by ? json(*a.decided_by) : json()},
          {"decided_at", a.decided_at ? json(*a.decided_at) : json()},
          {"created_at", a.created_at}};
}
}  // namespace

json ListUsers(App& app, const std::string& q, const std::string& role, ListPage page) {
  int64_t total = 0;
  storage::UserFilter f{q, role, page.limit, page.offset};
  json items = json::array();
  for (const auto& u : storage::ListUsers(app.db().Reader(), f, &total)) {
    items.push_back(accounts::UserJson(u));
  }
  return Page(items, total, page);
}

Result<json> GetUser(App& app, int64_t id) {
  auto u = storage::FindUserById(app.db().Reader(), id);
  if (!u) return Error::NotFound("No such user.");
  return accounts::UserJson(*u);
}

Result<json> UpdateUser(App& app, const AuthUser& admin, int64_t id, const UserPatch& p) {
  if (p.role && !IsRoleName(*p.role)) {
    return Error::Invalid("role", "must be attendee, staff, organizer or admin");
  }
  auto updated = WriteUnit<storage::UserRow>(app.db(), [&](storage::Conn& c) -> Result<storage::UserRow> {
    auto u = storage::FindUserById(c, id);
    if (!u) return Error::NotFound("No such user.");
    const std::string old_role = u->role;
    const bool old_active = u->active;
    const std::string role = p.role.value_or(u->role);
    const bool active = p.active.value_or(u->active);
    const bool loses_admin = old_role == "admin" && old_active && (role != "admin" || !active);
    if (loses_admin && storage::CountAdmins(c) <= 1) {
      return Error::Conflict(codes::kLastAdmin, "The last active admin cannot be demoted or deactivated.");
    }
    storage::SetUserRoleActive(c, id, role, active);
    const std::string now = NowRfc3339();
    if (!active && old_active) storage::RevokeUserSessions(c, id, 0, now, "deactivated");
    if (role != old_role) {
      WriteAudit(c, admin.id, "user.role_change", "user", id, {{"from", old_role}, {"to", role}});
    }
    if (active != old_active) {
      WriteAudit(c, admin.id, active ? "user.activate" : "user.deactivate", "user", id);
    }
    u->role = role;
    u->active = active;
    return std::move(*u);
  });
  if (!updated) return updated.error();
  return accounts::UserJson(*updated);
}

Result<json> Apply(App& app, const AuthUser& user, const std::string& organization,
                   const std::string& description) {
  std::map<std::string, std::string> fields;
  const size_t org_len = Utf8Length(Trim(organization));
  if (org_len < 1 || org_len > 200) fields["organization"] = "must be 1 to 200 characters";
  if (Utf8Length(description) > 5000) fields["description"] = "must be at most 5000 characters";
  if (!fields.empty()) return Error::Invalid(fields);
  if (user.AtLeast(Role::kOrganizer)) {
    return Error::Conflict(codes::kConflict, "You are an organizer already.");
  }
  std::optional<int64_t> id;
  app.db().Write([&](storage::Conn& c) {
    id = storage::InsertApplication(c, user.id, Trim(organization), description, NowRfc3339());
    return id.has_value();
  });
  if (!id) return Error::Conflict(codes::kApplicationPending, "You have an application waiting for a decision.");
  return ApplicationJson(*storage::FindApplication(app.db().Reader(), *id));
}

Result<json> ListApplications(App& app, const AuthUser& user, const std::string& status,
                              ListPage page) {
  if (!status.empty() && status != "pending" && status != "approved" && status != "rejected") {
    return Error::Invalid("status", "must be pending, approved or rejected");
  }
  int64_t total = 0;
  const int64_t owner = user.IsAdmin() ? 0 : user.id;
  json items = json::array();
  for (const auto& a :
       storage::ListApplications(app.db().Reader(), owner, status, page.limit, page.offset, &total)) {
    items.push_back(ApplicationJson(a));
  }
  return Page(items, total, page);
}

Result<json> Decide(App& app, const AuthUser& admin, int64_t id, const std::string& decision,
                    const std::string& message) {
  if (decision != "approve" && decision != "reject") {
    return Error::Invalid("decision", "must be approve or reject");
  }
  Status decided = WriteUnit(app.db(), [&](storage::Conn& c) -> Status {
    auto a = storage::FindApplication(c, id);
    if (!a) return Error::NotFound("No such application.");
    const std::string status = decision == "approve" ? "approved" : "rejected";
    if (!storage::DecideApplication(c, id, status, message, admin.id, NowRfc3339())) {
      return Error::Conflict(codes::kConflict, "This application was decided already.");
    }
    auto user = storage::FindUserById(c, a->user_id);
    if (decision == "approve" && user && ParseRole(user->role) < Role::kOrganizer) {
      storage::SetUserRoleActive(c, user->id, "organizer", user->active);
      WriteAudit(c, admin.id, "user.role_change", "user", user->id,
                 {{"from", user->role}, {"to", "organizer"}, {"application_id", id}});
    }
    WriteAudit(c, admin.id, "organizer_application." + status, "organizer_application", id,
               {{"message", message}});
    if (user) {
      QueueMail(c, "organizer_application_result", user->email, user->name, user->locale,
                {{"decision", status},
                 {"approved", decision == "approve" ? "yes" : "no"},
                 {"message", message},
                 {"organization", a->organization}});
    }
    return OkStatus();
  });
  if (!decided) return decided.error();
  return ApplicationJson(*storage::FindApplication(app.db().Reader(), id));
}

Result<int64_t> CreateAdmin(App& app, const std::string& email, const std::string& password,
                            const std::string& name) {
  auto fields = accounts::CheckNewAccount(email, password, name);
  if (!fields.empty()) return Error::Invalid(fields);
  auto hash = app.kdf().Hash(password);
  if (!hash) return hash.error();
  const std::string now = NowRfc3339();
  int64_t id = 0;
  app.db().Write([&](storage::Conn& c) {
    const std::string norm = NormalizeEmail(email);
    if (auto existing = storage::FindUserByEmail(c, norm)) {
      id = existing->id;
      storage::UpdateUserPassword(c, id, *hash);
      storage::SetUserRoleActive(c, id, "admin", true);
      storage::SetUserConfirmed(c, id, now);
    } else {
      storage::UserRow u;
      u.email = Trim(email);
      u.password_hash = *hash;
      u.name = Trim(name);
      u.role = "admin";
      u.email_confirmed_at = now;
      u.created_at = now;
      id = *storage::InsertUser(c, u, norm);
    }
    WriteAudit(c, std::nullopt, "user.admin_created", "user", id);
    return true;
  });
  return id;
}

bool NeedsSetup(App& app) { return storage::CountAdmins(app.db().Reader()) == 0; }

json CheckSetupToken(App& app, const std::string& token) {
  storage::Conn& c = app.db().Reader();
  const bool needs = storage::CountAdmins(c) == 0;
  bool usable = false;
  if (needs && !token.empty()) {
    auto row = storage::FindOneTimeToken(c, crypto::Sha256Hex(token));
    auto expires = row ? ParseRfc3339(row->expires_at) : std::nullopt;
    usable = row && row->purpose == "setup" && !row->used_at && expires && *expires > NowSeconds();
  }
  return json{{"usable", usable}, {"needs_setup", needs}};
}

std::optional<std::string> IssueSetupToken(App& app) {
  if (!NeedsSetup(app)) return std::nullopt;
  const std::string token = crypto::RandomToken(32);
  const int64_t now = NowSeconds();
  app.db().Write([&](storage::Conn& c) {
    storage::OneTimeTokenRow row;
    row.purpose = "setup";
    row.token_hash = crypto::Sha256Hex(token);
    row.expires_at = FormatRfc3339(now + kSetupLifetimeSeconds);
    storage::InsertOneTimeToken(c, row, FormatRfc3339(now));
    return true;
  });
  return token;
}

Result<json> CompleteSetup(App& app, const std::string& token, const std::string& email,
                           const std::string& name, const std::string& password,
                           const std::string& locale) {
  auto fields = accounts::CheckNewAccount(email, password, name);
  if (!locale.empty() && !IsMailLocale(locale)) fields["locale"] = "must be en or id";
  if (!fields.empty()) return Error::Invalid(fields);
  auto hash = app.kdf().Hash(password);
  if (!hash) return hash.error();
  const int64_t now = NowSeconds();
  auto created = WriteUnit<storage::UserRow>(app.db(), [&](storage::Conn& c) -> Result<storage::UserRow> {
    auto row = storage::FindOneTimeToken(c, crypto::Sha256Hex(token));
    auto expires = row ? ParseRfc3339(row->expires_at) : std::nullopt;
    if (!row || row->purpose != "setup" || row->used_at || !expires || *expires <= now ||
        storage::CountAdmins(c) > 0) {
      return Error::Make(codes::kInvalidToken, "This setup link is invalid, used or expired.");
    }
    const std::string norm = NormalizeEmail(email);
    if (storage::FindUserByEmail(c, norm)) {
      return Error::Conflict(codes::kEmailTaken, "An account with this e-mail exists already.");
    }
    storage::UserRow user;
    user.email = Trim(email);
    user.password_hash = *hash;
    user.name = Trim(name);
    user.role = "admin";
    user.locale = locale.empty() ? "en" : locale;
    user.email_confirmed_at = FormatRfc3339(now);
    user.created_at = FormatRfc3339(now);
    user.id = *storage::InsertUser(c, user, norm);
    storage::MarkOneTimeTokenUsed(c, row->id, FormatRfc3339(now));
    WriteAudit(c, user.id, "user.admin_created", "user", user.id, {{"via", "setup_link"}});
    return user;
  });
  if (!created) return created.error();
  // The first admin's language is the deployment's default (mails to people without an account
  // that nobody's action explains, README "Languages"); an admin changes it in Settings.
  if (!locale.empty()) {
    auto saved = app.settings().Update({{"default_locale", locale}}, created->id);
    if (!saved) return saved.error();
  }
  return accounts::UserJson(*created);
}

}  // namespace lanyard::user_admin
