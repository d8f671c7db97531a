// SPEC §3: registration, confirmation, login, tokens, logout, password reset and change.
#include "core/accounts/accounts.h"
#include "core/common/validation.h"
#include "web/router.h"

namespace lanyard::web {

namespace {

// Password mails are limited per address and per client.
bool AllowPasswordMail(Ctx& ctx, const std::string& email) {
  const int per_hour = ctx.SettingInt("rate_password_mails_per_hour");
  return ctx.RateLimit("mail:" + NormalizeEmail(email), per_hour, 3600) &&
         ctx.RateLimit("mail-ip:" + ctx.ClientIp(), per_hour * 4, 3600);
}

void Register(Ctx& ctx) {
  nlohmann::json body;
  if (!ctx.ReadJson(&body)) return;
  BodyReader r(body);
  accounts::RegisterInput in;
  in.email = r.StrOr("email", "");
  in.password = r.StrOr("password", "");
  in.name = r.StrOr("name", "");
  in.phone = r.Str("phone");
  in.locale = r.StrOr("locale", "");
  in.next = r.StrOr("next", "");
  if (!ctx.Check(r)) return;
  if (!ctx.RateLimit("register-ip:" + ctx.ClientIp(), 20, 3600)) return;
  ctx.Reply(accounts::Register(ctx.app, in), 201);
}

void Login(Ctx& ctx) {
  nlohmann::json body;
  if (!ctx.ReadJson(&body)) return;
  BodyReader r(body);
  const std::string email = r.StrOr("email", "");
  const std::string password = r.StrOr("password", "");
  if (!ctx.Check(r)) return;
  // The per-address limit says it is a lockout too (lockout "rate"), so the sign-in page can
  // give the same help as for the others: how long to wait, and the reset by mail.
  if (!ctx.RateLimit("login-ip:" + ctx.ClientIp(), ctx.SettingInt("rate_login_per_minute"), 60,
                     {{"lockout", "rate"}})) {
    return;
  }
  accounts::LoginLimits limits;
  limits.failures_per_address = ctx.SettingInt("rate_login_failures_per_15min");
  limits.failures_per_account = ctx.SettingInt("rate_login_account_failures_per_15min");
  limits.max_delay_seconds = ctx.SettingInt("rate_login_slow_max_seconds");
  int retry_after = 0;
  auto result = accounts::LoginWithLockout(ctx.app, email, password, ctx.ClientIp(), limits, &retry_after);
  if (!result.ok() && result.error().code == codes::kRateLimited) {
    ctx.res.set_header("Retry-After", std::to_string(retry_after));
  }
  ctx.Reply(result);
}

}  // namespace

void AddAuthRoutes(RouteTable& t) {
  t.Add({"POST", "/auth/register", Access::kPublic, "accounts",
         "Create an account {email, password, name, phone?, locale? (en|id, default: the "
         "default_locale setting; the language of its mails), next? (a same-site path to return "
         "to after confirming: carried in the mail's link as &next=; others are dropped)}; mails "
         "account_confirm.",
         {201, 400, 409}, Register});
  t.Add({"POST", "/auth/confirm", Access::kPublic, "accounts",
         "Confirm the e-mail address with the token from the mail {token}; 409 "
         "already_confirmed when the link is opened again.",
         {200, 400, 409},
         [](Ctx& ctx) {
           std::string token;
           if (!ctx.ReadStringField("token", &token)) return;
           ctx.Reply(accounts::Confirm(ctx.app, token));
         }});
  t.Add({"POST", "/auth/confirm/resend", Access::kPublic, "accounts",
         "Send the confirmation mail again {email}; always 202.", {202, 400},
         [](Ctx& ctx) {
           std::string email;
           if (!ctx.ReadStringField("email", &email)) return;
           if (!AllowPasswordMail(ctx, email)) return;
           accounts::ResendConfirmation(ctx.app, email);
           ctx.Json(202, {{"ok", true}});
         }});
  t.Add({"POST", "/auth/login", Access::kPublic, "accounts",
         "Sign in {email, password} → access and refresh tokens. Wrong passwords lock the pair "
         "(account, client address) for 15 min after rate_login_failures_per_15min; past "
         "rate_login_account_failures_per_15min from all addresses each try waits 1, 2, 4 … s (at "
         "most rate_login_slow_max_seconds; addresses that signed in within 30 days do not wait): "
         "429 rate_limited with Retry-After, lockout (address|account, or rate: more than "
         "rate_login_per_minute tries a minute from one client address) and retry_after "
         "(seconds). "
         "A password reset clears the counts.",
         {200, 400, 401, 403, 429}, Login});
  t.Add({"POST", "/auth/refresh", Access::kPublic, "accounts",
         "Exchange a refresh token for a new pair; a reused token ends its session.",
         {200, 400, 401},
         [](Ctx& ctx) {
           std::string token;
           if (!ctx.ReadStringField("refresh_token", &token)) return;
           ctx.Reply(accounts::Refresh(ctx.app, token));
         }});
  t.Add({"POST", "/auth/verify", Access::kPublic, "accounts",
         "Check an access token {token} → {valid, user_id, expires_at}.", {200, 400, 401},
         [](Ctx& ctx) {
           std::string token;
           if (!ctx.ReadStringField("token", &token)) return;
           ctx.Reply(accounts::Verify(ctx.app, token));
         }});
  t.Add({"POST", "/auth/logout", Access::kAuth, "accounts",
         "End the session: its refresh and access tokens stop working at once.", {204, 400, 401},
         [](Ctx& ctx) {
           nlohmann::json body;
           if (!ctx.ReadJson(&body)) return;
           BodyReader r(body);
           auto refresh = r.Str("refresh_token");
           if (!ctx.Check(r)) return;
           accounts::Logout(ctx.app, ctx.me(), refresh);
           ctx.NoContent();
         }});
  t.Add({"POST", "/auth/password/forgot", Access::kPublic, "accounts",
         "Mail a reset link (valid 1 h) and a 6-digit code {email, locale? (en|id: the language "
         "of the page that asks, which the mail is written in; else the account's)}; always 202.",
         {202, 400},
         [](Ctx& ctx) {
           nlohmann::json body;
           if (!ctx.ReadJson(&body)) return;
           BodyReader r(body);
           const std::string email = r.StrOr("email", "");
           const std::string locale = r.StrOr("locale", "");
           if (!ctx.Check(r)) return;
           if (!AllowPasswordMail(ctx, email)) return;
           accounts::ForgotPassword(ctx.app, email, locale);
           ctx.Json(202, {{"ok", true}});
         }});
  t.Add({"POST", "/auth/password/reset/check", Access::kPublic, "accounts",
         "Read-only: whether a reset link's token would still set a password {token} → "
         "{usable} (false: unknown, used or expired). The reset page asks it on opening.",
         {200, 400},
         [](Ctx& ctx) {
           std::string token;
           if (!ctx.ReadStringField("token", &token)) return;
           if (!ctx.RateLimit("reset-check-ip:" + ctx.ClientIp(), 30, 60)) return;
           ctx.Json(200, {{"usable", accounts::ResetLinkUsable(ctx.app, token)}});
         }});
  t.Add({"POST", "/auth/password/reset", Access::kPublic, "accounts",
         "Set a new password with {token, password} or {email, code, password}; ends all "
         "sessions. A code is burnt after 5 wrong tries.",
         {200, 400},
         [](Ctx& ctx) {
           nlohmann::json body;
           if (!ctx.ReadJson(&body)) return;
           BodyReader r(body);
           accounts::ResetInput in;
           in.token = r.Str("token");
           in.email = r.Str("email");
           in.code = r.Str("code");
           in.password = r.StrOr("password", "");
           if (!ctx.Check(r)) return;
           if (!ctx.RateLimit("reset-ip:" + ctx.ClientIp(), 30, 15 * 60)) return;
           ctx.Reply(accounts::ResetPassword(ctx.app, in));
         }});
  t.Add({"POST", "/auth/password/change", Access::kAuth, "accounts",
         "Change the password {current_password, new_password}; ends the other sessions. "
         "Wrong current passwords count like failed sign-ins (429 past the limit).",
         {200, 400, 401, 429},
         [](Ctx& ctx) {
           nlohmann::json body;
           if (!ctx.ReadJson(&body)) return;
           BodyReader r(body);
           const std::string current = r.StrOr("current_password", "");
           const std::string next = r.StrOr("new_password", "");
           if (!ctx.Check(r)) return;
           // A stolen access token must not become a password oracle: wrong current passwords
           // are limited per account like failed sign-ins.
           const std::string fail_key = "password-change-fail:" + std::to_string(ctx.me().id);
           const int max_failures = ctx.SettingInt("rate_login_failures_per_15min");
           int retry_after = 0;
           if (ctx.limits.Exhausted(fail_key, max_failures, 15 * 60, &retry_after)) {
             ctx.res.set_header("Retry-After", std::to_string(retry_after));
             return ctx.Fail(Error::Make(codes::kRateLimited, "Too many wrong passwords; try later."));
           }
           auto result = accounts::ChangePassword(ctx.app, ctx.me(), current, next);
           if (!result.ok() && result.error().fields.count("current_password")) {
             ctx.limits.Allow(fail_key, max_failures, 15 * 60, &retry_after);
           }
           ctx.Reply(result);
         }});
}

}  // namespace lanyard::web
