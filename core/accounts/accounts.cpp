#include "core/accounts/accounts.h"

#include <cctype>

#include "core/common/crypto.h"
#include "core/mail/mail_outbox.h"
#include "core/mail/mail_templates.h"
#include "core/common/time_util.h"
#include "core/common/validation.h"
#include "core/accounts/session_cache.h"
#include "storage/generations.h"

namespace lanyard::accounts {

using nlohmann::json;

namespace {

json Opt(const std::optional<std::string>& v) { return v ? json(*v) : json(); }

std::string HashToken(const std::string& token) { return crypto::Sha256Hex(token); }

// Creates a session with its first refresh token; returns the token pair response.
json StartSession(App& app, storage::Conn& c, const storage::UserRow& user, int64_t now) {
  const int64_t session_id = storage::InsertSession(c, user.id, FormatRfc3339(now));
  const std::string refresh = crypto::RandomToken(32);
  storage::InsertRefreshToken(c, HashToken(refresh), session_id, FormatRfc3339(now),
                              FormatRfc3339(now + kRefreshLifetimeSeconds));
  return {{"access_token", app.access_tokens().Issue(session_id, user.id, now)},
          {"refresh_token", refresh},
          {"token_type", "Bearer"},
          {"expires_in", AccessTokens::kLifetimeSeconds},
          {"user", UserJson(user)}};
}

// Percent-encodes everything but RFC 3986 unreserved characters (a query parameter's value).
std::string QueryValue(std::string_view v) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  for (const unsigned char ch : v) {
    if (std::isalnum(ch) || ch == '-' || ch == '_' || ch == '.' || ch == '~') {
      out += static_cast<char>(ch);
    } else {
      out += '%';
      out += kHex[ch >> 4];
      out += kHex[ch & 15];
    }
  }
  return out;
}

// `next`: a same-site return path (SameSiteReturnPath) or empty.
void QueueConfirmation(App& app, storage::Conn& c, const storage::UserRow& user, int64_t now,
                       const std::string& next = "") {
  storage::InvalidateOneTimeTokens(c, user.id, "confirm", FormatRfc3339(now));
  const std::string token = crypto::RandomToken(32);
  storage::OneTimeTokenRow row;
  row.purpose = "confirm";
  row.user_id = user.id;
  row.token_hash = HashToken(token);
  row.expires_at = FormatRfc3339(now + kConfirmLifetimeSeconds);
  storage::InsertOneTimeToken(c, row, FormatRfc3339(now));
  QueueMail(c, "account_confirm", user.email, user.name, user.locale,
            {{"confirm_url", app.BaseUrl() + "/account/confirm?token=" + token +
                                 (next.empty() ? "" : "&next=" + QueryValue(next))},
             {"token", token}});
}

bool TokenUsable(const storage::OneTimeTokenRow& t, const std::string& purpose, int64_t now) {
  auto expires = ParseRfc3339(t.expires_at);
  return t.purpose == purpose && !t.used_at && expires && *expires > now;
}

// A hash of the deployment's strength that no password matches in practice, made once.
const std::string& DummyHash(crypto::KdfStrength strength) {
  if (strength == crypto::KdfStrength::kFast) {
    static const std::string fast = crypto::HashPassword(crypto::RandomToken(), strength);
    return fast;
  }
  static const std::string standard = crypto::HashPassword(crypto::RandomToken(), strength);
  return standard;
}

std::string SixDigitCode() {
  std::string code = std::to_string(crypto::RandomBelow(1000000));
  return std::string(6 - code.size(), '0') + code;
}

}  // namespace

std::string SameSiteReturnPath(std::string_view next) {
  if (next.size() < 1 || next.size() > 1000 || next[0] != '/') return "";
  if (next.size() > 1 && (next[1] == '/' || next[1] == '\\')) return "";
  for (const unsigned char ch : next) {
    if (ch <= 0x20 || ch == 0x7f || ch == '\\') return "";
  }
  return std::string(next);
}

json UserJson(const storage::UserRow& u) {
  return {{"id", u.id},
          {"email", u.email},
          {"name", u.name},
          {"phone", Opt(u.phone)},
          {"organization", Opt(u.organization)},
          {"diet", u.diet},
          {"diet_note", Opt(u.diet_note)},
          {"locale", u.locale},
          {"role", u.role},
          {"active", u.active},
          {"email_confirmed", u.email_confirmed_at.has_value()},
          {"created_at", u.created_at}};
}

Result<AuthUser> Authenticate(App& app, std::string_view access_token) {
  const int64_t now = NowSeconds();
  const AccessTokens& tokens = app.access_tokens();
  // Read before the rows are: a caller kept under it was checked on data at least that new.
  const uint64_t generation = storage::AuthGeneration(app.db().Reader());
  // These bytes passed this key's signature check before and have not expired: no HMAC again.
  if (auto known = SharedSessionCache().Find(access_token, generation, tokens.id(), now)) {
    return *std::move(known);
  }
  auto claims = tokens.Parse(access_token, now);
  if (!claims) return Error::Unauthorized("The access token is invalid or expired.");
  storage::Conn& c = app.db().Reader();
  if (!storage::SessionIsLive(c, claims->session_id)) {
    return Error::Unauthorized("The session has ended; sign in again.");
  }
  auto user = storage::FindUserById(c, claims->user_id);
  if (!user || !user->active) return Error::Unauthorized("The account is not active.");
  AuthUser out;
  out.id = user->id;
  out.session_id = claims->session_id;
  out.role = ParseRole(user->role);
  out.email = user->email;
  out.name = user->name;
  out.locale = user->locale;
  out.email_confirmed = user->email_confirmed_at.has_value();
  SharedSessionCache().Store(access_token, out, generation, tokens.id(), claims->expires_at);
  return out;
}

std::optional<std::string> CheckPassword(const std::string& password) {
  const size_t len = Utf8Length(password);
  if (len < 8 || len > 256) return "must be 8 to 256 characters";
  return std::nullopt;
}

std::map<std::string, std::string> CheckNewAccount(const std::string& email,
                                                   const std::string& password,
                                                   const std::string& name) {
  std::map<std::string, std::string> fields;
  if (!LooksLikeEmail(Trim(email))) fields["email"] = "must be a valid e-mail address";
  if (auto why = CheckPassword(password)) fields["password"] = *why;
  const size_t name_len = Utf8Length(Trim(name));
  if (name_len < 1 || name_len > 200) fields["name"] = "must be 1 to 200 characters";
  return fields;
}

Result<json> Register(App& app, const RegisterInput& in) {
  auto fields = CheckNewAccount(in.email, in.password, in.name);
  if (in.phone && in.phone->size() > 40) fields["phone"] = "must be at most 40 characters";
  std::string locale = in.locale;
  if (locale.empty()) locale = (*app.settings().Snapshot()).value("default_locale", "en");
  if (locale != "en" && locale != "id") fields["locale"] = "must be en or id";
  if (!fields.empty()) return Error::Invalid(fields);
  const std::string email_norm = NormalizeEmail(in.email);
  if (storage::FindUserByEmail(app.db().Reader(), email_norm)) {
    return Error::Conflict(codes::kEmailTaken, "An account with this e-mail exists already.");
  }
  auto hash = app.kdf().Hash(in.password);
  if (!hash) return hash.error();
  const int64_t now = NowSeconds();
  storage::UserRow user;
  user.email = Trim(in.email);
  user.password_hash = *hash;
  user.name = Trim(in.name);
  user.phone = in.phone;
  user.locale = locale;
  user.created_at = FormatRfc3339(now);
  bool taken = false;
  app.db().Write([&](storage::Conn& c) {
    taken = false;  // a unit may run more than once on PostgreSQL: decide afresh
    auto id = storage::InsertUser(c, user, email_norm);
    if (!id) {
      taken = true;
      return false;
    }
    user.id = *id;
    QueueConfirmation(app, c, user, now, SameSiteReturnPath(in.next));
    return true;
  });
  if (taken) return Error::Conflict(codes::kEmailTaken, "An account with this e-mail exists already.");
  return UserJson(user);
}

Status Confirm(App& app, const std::string& token) {
  const Error invalid = Error::Make(codes::kInvalidToken, "This confirmation link is invalid or expired.");
  if (token.empty() || token.size() > 200) return invalid;
  const int64_t now = NowSeconds();
  bool ok = false;
  bool already = false;
  app.db().Write([&](storage::Conn& c) {
    ok = false;  // a unit may run more than once on PostgreSQL: decide afresh
    already = false;
    auto row = storage::FindOneTimeToken(c, HashToken(token));
    if (row && row->purpose == "confirm" && row->user_id) {
      // A link opened a second time (a mail client's preview, a second tap): say so.
      auto user = storage::FindUserById(c, *row->user_id);
      already = user && user->email_confirmed_at.has_value();
    }
    if (already || !row || !TokenUsable(*row, "confirm", now) || !row->user_id) return false;
    storage::MarkOneTimeTokenUsed(c, row->id, FormatRfc3339(now));
    storage::SetUserConfirmed(c, *row->user_id, FormatRfc3339(now));
    ok = true;
    return true;
  });
  if (already) {
    return Error::Conflict(codes::kAlreadyConfirmed, "This address is confirmed already: sign in.");
  }
  if (!ok) return invalid;
  return OkStatus();
}

void ResendConfirmation(App& app, const std::string& email) {
  auto user = storage::FindUserByEmail(app.db().Reader(), NormalizeEmail(email));
  if (!user || user->email_confirmed_at || !user->active) return;
  app.db().Write([&](storage::Conn& c) {
    QueueConfirmation(app, c, *user, NowSeconds());
    return true;
  });
}

Result<json> Login(App& app, const std::string& email, const std::string& password) {
  const Error invalid = Error::Make(codes::kInvalidCredentials, "The e-mail or password is not correct.");
  auto user = storage::FindUserByEmail(app.db().Reader(), NormalizeEmail(email));
  // Verify against a throwaway hash when the user is unknown, so timing does not tell.
  const std::string& dummy = DummyHash(app.kdf().strength());
  const std::string& stored = user ? user->password_hash : dummy;
  auto verified = app.kdf().Verify(password, stored);
  if (!verified) return verified.error();
  if (!user || !*verified || !user->active) return invalid;
  const bool require_confirmation =
      (*app.settings().Snapshot())["require_email_confirmation"].get<bool>();
  if (require_confirmation && !user->email_confirmed_at) {
    return Error::Make(codes::kEmailNotConfirmed, "Confirm your e-mail address first; we sent you a link.");
  }
  json out;
  app.db().Write([&](storage::Conn& c) {
    out = StartSession(app, c, *user, NowSeconds());
    return true;
  });
  return out;
}

Result<json> Refresh(App& app, const std::string& refresh_token) {
  const Error invalid = Error::Unauthorized("The refresh token is invalid or expired.");
  if (refresh_token.empty() || refresh_token.size() > 200) return invalid;
  const std::string hash = HashToken(refresh_token);
  const int64_t now = NowSeconds();
  std::optional<json> out;
  app.db().Write([&](storage::Conn& c) {
    out.reset();  // a unit may run more than once on PostgreSQL: no tokens from a lost run
    auto row = storage::FindRefreshToken(c, hash);
    if (!row || row->session_revoked) return false;
    if (row->rotated_at || !storage::MarkRefreshRotated(c, hash, FormatRfc3339(now))) {
      // A rotated token presented again: someone holds a copy. End the whole session.
      storage::RevokeSession(c, row->session_id, FormatRfc3339(now), "refresh_token_reuse");
      return true;
    }
    auto expires = ParseRfc3339(row->expires_at);
    auto user = storage::FindUserById(c, row->user_id);
    if (!expires || *expires <= now || !user || !user->active) return false;
    const std::string next = crypto::RandomToken(32);
    storage::InsertRefreshToken(c, HashToken(next), row->session_id, FormatRfc3339(now),
                                FormatRfc3339(now + kRefreshLifetimeSeconds));
    out = json{{"access_token", app.access_tokens().Issue(row->session_id, user->id, now)},
               {"refresh_token", next},
               {"token_type", "Bearer"},
               {"expires_in", AccessTokens::kLifetimeSeconds},
               {"user", UserJson(*user)}};
    return true;
  });
  if (!out) return invalid;
  return *out;
}

Result<json> Verify(App& app, const std::string& access_token) {
  auto user = Authenticate(app, access_token);
  if (!user) return user.error();
  auto claims = app.access_tokens().Parse(access_token, NowSeconds());
  return json{{"valid", true},
              {"user_id", user->id},
              {"expires_at", FormatRfc3339(claims->expires_at)}};
}

void Logout(App& app, const AuthUser& user, const std::optional<std::string>& refresh_token) {
  const std::string now = NowRfc3339();
  app.db().Write([&](storage::Conn& c) {
    storage::RevokeSession(c, user.session_id, now, "logout");
    if (refresh_token) {
      auto row = storage::FindRefreshToken(c, HashToken(*refresh_token));
      if (row && row->user_id == user.id) storage::RevokeSession(c, row->session_id, now, "logout");
    }
    return true;
  });
}

void ForgotPassword(App& app, const std::string& email, const std::string& page_locale) {
  auto user = storage::FindUserByEmail(app.db().Reader(), NormalizeEmail(email));
  if (!user || !user->active) return;
  const int64_t now = NowSeconds();
  const std::string token = crypto::RandomToken(32);
  const std::string code = SixDigitCode();
  app.db().Write([&](storage::Conn& c) {
    storage::InvalidateOneTimeTokens(c, user->id, "reset", FormatRfc3339(now));
    storage::OneTimeTokenRow row;
    row.purpose = "reset";
    row.user_id = user->id;
    row.token_hash = HashToken(token);
    row.code_hash = HashToken(std::to_string(user->id) + ":" + code);
    row.expires_at = FormatRfc3339(now + kResetLifetimeSeconds);
    storage::InsertOneTimeToken(c, row, FormatRfc3339(now));
    // Written for the person at the page that asked (its language), else the account's.
    QueueMail(c, "password_reset", user->email, user->name,
              IsMailLocale(page_locale) ? page_locale : user->locale,
              {{"reset_url", app.BaseUrl() + "/account/reset?token=" + token},
               {"code", code},
               {"expires_minutes", kResetLifetimeSeconds / 60}});
    return true;
  });
}

bool ResetLinkUsable(App& app, const std::string& token) {
  if (token.empty()) return false;
  const auto row = storage::FindOneTimeToken(app.db().Reader(), HashToken(token));
  return row && TokenUsable(*row, "reset", NowSeconds()) && row->user_id;
}

Status ResetPassword(App& app, const ResetInput& in) {
  if (auto why = CheckPassword(in.password)) return Error::Invalid("password", *why);
  const bool by_token = in.token.has_value();
  if (!by_token && (!in.email || !in.code)) {
    return Error::Invalid({{"token", "send token, or email and code"}});
  }
  const Error invalid = Error::Make(
      codes::kInvalidToken, by_token ? "This reset link is invalid or expired."
                                : "The code is not correct, expired, or was tried too often.");
  std::optional<storage::UserRow> user;
  if (!by_token) {
    user = storage::FindUserByEmail(app.db().Reader(), NormalizeEmail(*in.email));
    if (!user) return invalid;
  }
  int64_t reset_user_id = 0;
  auto hash = app.kdf().Hash(in.password);
  if (!hash) return hash.error();
  const int64_t now = NowSeconds();
  bool ok = false;
  app.db().Write([&](storage::Conn& c) {
    ok = false;  // a unit may run more than once on PostgreSQL: decide afresh
    reset_user_id = 0;
    std::optional<storage::OneTimeTokenRow> row;
    if (by_token) {
      row = storage::FindOneTimeToken(c, HashToken(*in.token));
    } else {
      row = storage::FindLatestOneTimeToken(c, user->id, "reset");
    }
    if (!row || !TokenUsable(*row, "reset", now) || !row->user_id) return false;
    if (!by_token) {
      if (row->failed_attempts >= kMaxResetCodeTries || !row->code_hash) return false;
      const std::string presented = HashToken(std::to_string(user->id) + ":" + Trim(*in.code));
      if (!crypto::ConstantTimeEquals(presented, *row->code_hash)) {
        storage::IncrementOneTimeTokenFailures(c, row->id);
        return true;  // keep the count of the wrong try
      }
    }
    storage::MarkOneTimeTokenUsed(c, row->id, FormatRfc3339(now));
    storage::UpdateUserPassword(c, *row->user_id, *hash);
    // The mailbox received the link, so the address is proven.
    storage::SetUserConfirmed(c, *row->user_id, FormatRfc3339(now));
    storage::RevokeUserSessions(c, *row->user_id, 0, FormatRfc3339(now), "password_reset");
    reset_user_id = *row->user_id;
    ok = true;
    return true;
  });
  if (!ok) return invalid;
  // The mailbox's owner is back in: failed sign-ins before the reset no longer hold them up.
  if (auto reset = storage::FindUserById(app.db().Reader(), reset_user_id)) {
    app.login_lockout().Forget(NormalizeEmail(reset->email));
  }
  return OkStatus();
}

Status ChangePassword(App& app, const AuthUser& user, const std::string& current_password,
                      const std::string& new_password) {
  if (auto why = CheckPassword(new_password)) return Error::Invalid("new_password", *why);
  auto row = storage::FindUserById(app.db().Reader(), user.id);
  if (!row) return Error::NotFound();
  auto verified = app.kdf().Verify(current_password, row->password_hash);
  if (!verified) return verified.error();
  if (!*verified) return Error::Invalid("current_password", "is not correct");
  auto hash = app.kdf().Hash(new_password);
  if (!hash) return hash.error();
  app.db().Write([&](storage::Conn& c) {
    const std::string now = NowRfc3339();
    storage::UpdateUserPassword(c, user.id, *hash);
    storage::RevokeUserSessions(c, user.id, user.session_id, now, "password_change");
    return true;
  });
  return OkStatus();
}

}  // namespace lanyard::accounts
