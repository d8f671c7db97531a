// SPEC §3 accounts and sessions over HTTP: every route of web/routes_auth.cpp with its success,
// each error it can answer, and the flows that tie them together.
#include <doctest/doctest.h>

#include <atomic>
#include <thread>

#include "core/common/crypto.h"
#include "core/common/time_util.h"
#include "core/common/validation.h"
#include "storage/query.h"
#include "tests/support/test_server.h"

using lanyard::testing::BodyErrorScenarios;
using lanyard::testing::Reply;
using lanyard::testing::RunScenarios;
using lanyard::testing::Scenario;
using lanyard::testing::TestServer;
using lanyard::testing::TestUser;
using nlohmann::json;
namespace storage = lanyard::storage;

namespace {

const std::vector<std::string> kBadRequest = {"\"code\":\"bad_request\""};
const std::vector<std::string> kValidation = {"\"code\":\"validation_failed\"", "\"fields\""};
const std::vector<std::string> kInvalidToken = {"\"code\":\"invalid_token\""};
const std::vector<std::string> kUnauthorized = {"\"code\":\"unauthorized\""};

std::string TokenFromUrl(const std::string& url) {
  const size_t at = url.find("token=");
  REQUIRE(at != std::string::npos);
  return url.substr(at + 6);
}

json RegisterBody(const std::string& email, const std::string& password = "long enough pw") {
  return {{"email", email}, {"password", password}, {"name", "New Person"}};
}

// Registers over HTTP; returns the confirmation token from the mail.
std::string RegisterAndGetConfirmToken(TestServer& s, const std::string& email,
                                       const std::string& password = "long enough pw") {
  Reply r = s.Post("/api/v1/auth/register", RegisterBody(email, password));
  REQUIRE_MESSAGE(r.status == 201, r.body);
  auto mails = s.Mails("account_confirm", email);
  REQUIRE(mails.size() >= 1);
  const std::string token = mails.back()["token"];
  CHECK(TokenFromUrl(mails.back()["confirm_url"]) == token);
  return token;
}

void Append(std::vector<Scenario>& to, const std::vector<Scenario>& more) {
  to.insert(to.end(), more.begin(), more.end());
}

void ExpireOneTimeTokens(TestServer& s, const std::string& purpose) {
  s.app().db().Write([&](storage::Conn& c) {
    storage::Exec(c, "UPDATE one_time_tokens SET expires_at = ? WHERE purpose = ?",
                  lanyard::FormatRfc3339(lanyard::NowSeconds() - 1), purpose);
    return true;
  });
}

json Login(TestServer& s, const std::string& email, const std::string& password) {
  Reply r = s.Post("/api/v1/auth/login", {{"email", email}, {"password", password}});
  REQUIRE_MESSAGE(r.status == 200, r.body);
  return r.Json();
}

}  // namespace

TEST_CASE("auth: register, account_confirm mail, confirm with its token, login") {
  TestServer s;
  const std::string email = "flow@example.org";
  Reply reg = s.Post("/api/v1/auth/register",
                     {{"email", "  Flow@Example.org "}, {"password", "long enough pw"},
                      {"name", "  Flow Person "}, {"phone", "+62 811 1"}, {"locale", "id"}});
  REQUIRE(reg.status == 201);
  json user = reg.Json();
  CHECK(user["email"] == "Flow@Example.org");  // trimmed, case kept for display
  CHECK(user["name"] == "Flow Person");
  CHECK(user["phone"] == "+62 811 1");
  CHECK(user["locale"] == "id");
  CHECK(user["role"] == "attendee");
  CHECK(user["email_confirmed"] == false);
  CHECK(user["id"].is_number_integer());
  for (const char* key : {"organization", "diet", "diet_note", "created_at"}) CHECK(user.contains(key));
  CHECK(reg.body.find("password") == std::string::npos);
  CHECK(reg.body.find("pbkdf2") == std::string::npos);

  auto mails = s.Mails("account_confirm", "Flow@Example.org");
  REQUIRE(mails.size() == 1);
  const std::string url = mails[0]["confirm_url"];
  CHECK(url.find("/account/confirm?token=") != std::string::npos);
  CHECK(url.rfind("http://127.0.0.1:" + std::to_string(s.port()), 0) == 0);
  const std::string token = TokenFromUrl(url);

  // Not confirmed yet: 403.
  Reply early = s.Post("/api/v1/auth/login", {{"email", email}, {"password", "long enough pw"}});
  CHECK(early.status == 403);
  CHECK(early.Json()["code"] == "email_not_confirmed");

  Reply confirmed = s.Post("/api/v1/auth/confirm", {{"token", token}});
  CHECK(confirmed.status == 200);
  // Single use: a second opening says the address is confirmed already.
  Reply again = s.Post("/api/v1/auth/confirm", {{"token", token}});
  CHECK(again.status == 409);
  CHECK(again.Json()["code"] == "already_confirmed");

  json pair = Login(s, "FLOW@example.org", "long enough pw");
  CHECK(pair["token_type"] == "Bearer");
  CHECK(pair["expires_in"] == 900);
  CHECK(pair["access_token"].is_string());
  CHECK(pair["refresh_token"].is_string());
  CHECK(pair["user"]["email_confirmed"] == true);
  Reply me = s.Get("/api/v1/me", pair["access_token"]);
  CHECK(me.status == 200);
  CHECK(me.Json()["id"] == user["id"]);
}

TEST_CASE("auth: POST /auth/register scenarios") {
  TestServer s;
  REQUIRE(s.Post("/api/v1/auth/register", RegisterBody("taken@example.org")).status == 201);
  std::vector<Scenario> table = {
      {"success", "POST", "/api/v1/auth/register", RegisterBody("new@example.org").dump(), "", 201,
       {"\"email\":\"new@example.org\"", "\"role\":\"attendee\""}, {"password"}},
      {"email taken", "POST", "/api/v1/auth/register", RegisterBody("taken@example.org").dump(), "",
       409, {"\"code\":\"email_taken\""}},
      {"email taken, other case and spaces", "POST", "/api/v1/auth/register",
       RegisterBody("  TAKEN@Example.ORG\t").dump(), "", 409, {"\"code\":\"email_taken\""}},
      {"password too short", "POST", "/api/v1/auth/register",
       RegisterBody("short@example.org", "1234567").dump(), "", 400, {"\"code\":\"validation_failed\"", "\"password\""}},
      {"password 257 characters", "POST", "/api/v1/auth/register",
       RegisterBody("long@example.org", std::string(257, 'p')).dump(), "", 400, {"\"password\""}},
      {"password of 8 multi-byte characters is enough", "POST", "/api/v1/auth/register",
       RegisterBody("utf8@example.org", "ééééàààà").dump(), "", 201},
      {"password 256 characters", "POST", "/api/v1/auth/register",
       RegisterBody("max@example.org", std::string(256, 'p')).dump(), "", 201},
      {"bad email", "POST", "/api/v1/auth/register", RegisterBody("not-an-email").dump(), "", 400,
       {"\"code\":\"validation_failed\"", "\"email\""}},
      {"missing everything", "POST", "/api/v1/auth/register", "{}", "", 400,
       {"\"email\"", "\"password\"", "\"name\""}},
      {"empty body", "POST", "/api/v1/auth/register", "", "", 400, kValidation},
      {"blank name", "POST", "/api/v1/auth/register",
       json{{"email", "blank@example.org"}, {"password", "long enough pw"}, {"name", "   "}}.dump(), "",
       400, {"\"name\""}},
      {"bad locale", "POST", "/api/v1/auth/register",
       json{{"email", "loc@example.org"}, {"password", "long enough pw"}, {"name", "N"}, {"locale", "fr"}}.dump(),
       "", 400, {"\"locale\""}},
      {"phone too long", "POST", "/api/v1/auth/register",
       json{{"email", "ph@example.org"}, {"password", "long enough pw"}, {"name", "N"}, {"phone", std::string(41, '1')}}.dump(),
       "", 400, {"\"phone\""}},
      {"unknown fields ignored, role and status not applied", "POST", "/api/v1/auth/register",
       json{{"email", "sneaky@example.org"}, {"password", "long enough pw"}, {"name", "N"},
            {"role", "admin"}, {"active", false}, {"email_confirmed", true}, {"favourite_colour", "red"}}
           .dump(),
       "", 201, {"\"role\":\"attendee\"", "\"email_confirmed\":false", "\"active\":true"}},
      {"wrong type: name", "POST", "/api/v1/auth/register",
       json{{"email", "t@example.org"}, {"password", "long enough pw"}, {"name", json::array()}}.dump(), "",
       400, kBadRequest},
      {"wrong type: phone", "POST", "/api/v1/auth/register",
       json{{"email", "t@example.org"}, {"password", "long enough pw"}, {"name", "N"}, {"phone", 62811}}.dump(), "",
       400, kBadRequest},
  };
  Append(table, BodyErrorScenarios("POST", "/api/v1/auth/register", "", "email"));
  Append(table, BodyErrorScenarios("POST", "/api/v1/auth/register", "", "password", true));
  RunScenarios(s, table);
  // Nothing was created by the refused requests.
  CHECK(s.Mails("account_confirm", "t@example.org").empty());
  CHECK(s.Mails("account_confirm", "sneaky@example.org").size() == 1);
}

TEST_CASE("auth: POST /auth/confirm scenarios") {
  TestServer s;
  const std::string good = RegisterAndGetConfirmToken(s, "confirm@example.org");
  const std::string expiring = RegisterAndGetConfirmToken(s, "expiring@example.org");
  std::vector<Scenario> table = {
      {"unknown token", "POST", "/api/v1/auth/confirm", json{{"token", "nope"}}.dump(), "", 400, kInvalidToken},
      {"empty token", "POST", "/api/v1/auth/confirm", json{{"token", ""}}.dump(), "", 400, kInvalidToken},
      {"no token", "POST", "/api/v1/auth/confirm", "{}", "", 400, kInvalidToken},
      {"huge token", "POST", "/api/v1/auth/confirm", json{{"token", std::string(5000, 'a')}}.dump(), "", 400,
       kInvalidToken},
      {"success", "POST", "/api/v1/auth/confirm", json{{"token", good}}.dump(), "", 200, {}, {},
       nullptr,
       [](TestServer& srv, const Reply&) {
         auto n = storage::ScalarInt(srv.app().db().Reader(),
                                     "SELECT COUNT(*) FROM users WHERE email = ? AND "
                                     "email_confirmed_at IS NOT NULL",
                                     std::string("confirm@example.org"));
         CHECK(n == 1);
       }},
      {"used twice: says the address is confirmed", "POST", "/api/v1/auth/confirm",
       json{{"token", good}}.dump(), "", 409, {"\"code\":\"already_confirmed\""}},
      {"expired (48 h)", "POST", "/api/v1/auth/confirm", json{{"token", expiring}}.dump(), "", 400,
       kInvalidToken, {}, [](TestServer& srv) { ExpireOneTimeTokens(srv, "confirm"); }},
  };
  Append(table, BodyErrorScenarios("POST", "/api/v1/auth/confirm", "", "token"));
  RunScenarios(s, table);
}

TEST_CASE("auth: POST /auth/confirm/resend answers 202 always and replaces the token") {
  TestServer s;
  const std::string first = RegisterAndGetConfirmToken(s, "resend@example.org");
  TestUser confirmed = s.MakeUser("attendee");
  std::vector<Scenario> table = {
      {"known unconfirmed address", "POST", "/api/v1/auth/confirm/resend",
       json{{"email", " RESEND@example.org "}}.dump(), "", 202, {}, {}, nullptr,
       [](TestServer& srv, const Reply&) {
         CHECK(srv.Mails("account_confirm", "resend@example.org").size() == 2);
       }},
      {"unknown address: same answer, no mail", "POST", "/api/v1/auth/confirm/resend",
       json{{"email", "ghost@example.org"}}.dump(), "", 202, {}, {}, nullptr,
       [](TestServer& srv, const Reply&) {
         CHECK(srv.Mails("account_confirm", "ghost@example.org").empty());
       }},
      {"already confirmed: same answer, no mail", "POST", "/api/v1/auth/confirm/resend",
       json{{"email", confirmed.email}}.dump(), "", 202, {}, {}, nullptr,
       [confirmed](TestServer& srv, const Reply&) {
         CHECK(srv.Mails("account_confirm", confirmed.email).empty());
       }},
      {"no email", "POST", "/api/v1/auth/confirm/resend", "{}", "", 202},
  };
  Append(table, BodyErrorScenarios("POST", "/api/v1/auth/confirm/resend", "", "email"));
  RunScenarios(s, table);
  // The old token was replaced by the new one.
  CHECK(s.Post("/api/v1/auth/confirm", {{"token", first}}).status == 400);
  const std::string second = s.Mails("account_confirm", "resend@example.org").back()["token"];
  CHECK(second != first);
  CHECK(s.Post("/api/v1/auth/confirm", {{"token", second}}).status == 200);
}

TEST_CASE("auth: POST /auth/login scenarios") {
  TestServer s;
  TestUser u = s.MakeUser("attendee");
  TestUser gone = s.MakeUser("attendee");
  TestUser admin = s.MakeUser("admin");
  REQUIRE(s.Patch("/api/v1/users/" + std::to_string(gone.id), {{"active", false}}, admin.token).status == 200);
  RegisterAndGetConfirmToken(s, "unconfirmed@example.org", "long enough pw");
  std::vector<Scenario> table = {
      {"success", "POST", "/api/v1/auth/login", json{{"email", u.email}, {"password", u.password}}.dump(), "",
       200, {"\"access_token\"", "\"refresh_token\"", "\"token_type\":\"Bearer\"", "\"expires_in\":900", "\"user\""},
       {"password_hash", "pbkdf2"}},
      {"email in other case with spaces", "POST", "/api/v1/auth/login",
       json{{"email", " " + lanyard::ToLower(u.email) + " "}, {"password", u.password}}.dump(), "", 200},
      {"wrong password", "POST", "/api/v1/auth/login", json{{"email", u.email}, {"password", "wrong one"}}.dump(),
       "", 401, {"\"code\":\"invalid_credentials\""}},
      {"unknown email: same answer", "POST", "/api/v1/auth/login",
       json{{"email", "nobody@example.org"}, {"password", "whatever1"}}.dump(), "", 401,
       {"\"code\":\"invalid_credentials\""}},
      {"deactivated account", "POST", "/api/v1/auth/login",
       json{{"email", gone.email}, {"password", gone.password}}.dump(), "", 401, {"\"code\":\"invalid_credentials\""}},
      {"email not confirmed", "POST", "/api/v1/auth/login",
       json{{"email", "unconfirmed@example.org"}, {"password", "long enough pw"}}.dump(), "", 403,
       {"\"code\":\"email_not_confirmed\""}},
      {"unconfirmed with a wrong password gets no hint", "POST", "/api/v1/auth/login",
       json{{"email", "unconfirmed@example.org"}, {"password", "wrong pw!"}}.dump(), "", 401,
       {"\"code\":\"invalid_credentials\""}},
      {"empty body", "POST", "/api/v1/auth/login", "", "", 401, {"\"code\":\"invalid_credentials\""}},
      {"unknown fields ignored", "POST", "/api/v1/auth/login",
       json{{"email", u.email}, {"password", u.password}, {"remember_me", true}}.dump(), "", 200},
  };
  Append(table, BodyErrorScenarios("POST", "/api/v1/auth/login", "", "email"));
  Append(table, BodyErrorScenarios("POST", "/api/v1/auth/login", "", "password", json::object()));
  RunScenarios(s, table);

  // With require_email_confirmation off, unconfirmed accounts sign in.
  REQUIRE(s.Patch("/api/v1/settings", {{"require_email_confirmation", false}}, admin.token).status == 200);
  CHECK(s.Post("/api/v1/auth/login", {{"email", "unconfirmed@example.org"}, {"password", "long enough pw"}})
            .status == 200);
}

TEST_CASE("auth: POST /auth/refresh rotates, the rotated one fails and revokes the session") {
  TestServer s;
  TestUser u = s.MakeUser("attendee");
  Reply first = s.Post("/api/v1/auth/refresh", {{"refresh_token", u.refresh}});
  REQUIRE(first.status == 200);
  const std::string r2 = first.Json()["refresh_token"];
  const std::string a2 = first.Json()["access_token"];
  CHECK(r2 != u.refresh);
  CHECK(first.Json()["user"]["id"] == u.id);
  CHECK(s.Get("/api/v1/me", a2).status == 200);
  CHECK(s.Get("/api/v1/me", u.token).status == 200);  // the old access token lives until expiry

  std::vector<Scenario> table = {
      {"old refresh token fails", "POST", "/api/v1/auth/refresh", json{{"refresh_token", u.refresh}}.dump(), "",
       401, kUnauthorized},
      {"the newest now fails too: the session was revoked", "POST", "/api/v1/auth/refresh",
       json{{"refresh_token", r2}}.dump(), "", 401, kUnauthorized},
      {"and its access tokens", "GET", "/api/v1/me", "", a2, 401, kUnauthorized},
      {"the first access token as well", "GET", "/api/v1/me", "", u.token, 401, kUnauthorized},
      {"unknown token", "POST", "/api/v1/auth/refresh", json{{"refresh_token", "abc"}}.dump(), "", 401, kUnauthorized},
      {"no token", "POST", "/api/v1/auth/refresh", "{}", "", 401, kUnauthorized},
  };
  Append(table, BodyErrorScenarios("POST", "/api/v1/auth/refresh", "", "refresh_token"));
  RunScenarios(s, table);

  // A fresh login is a new session, unaffected.
  json pair = Login(s, u.email, u.password);
  Reply ok = s.Post("/api/v1/auth/refresh", {{"refresh_token", pair["refresh_token"]}});
  CHECK(ok.status == 200);
}

TEST_CASE("auth: POST /auth/verify scenarios") {
  TestServer s;
  TestUser u = s.MakeUser("attendee");
  TestUser ended = s.MakeUser("attendee");
  REQUIRE(s.Post("/api/v1/auth/logout", json::object(), ended.token).status == 204);
  std::vector<Scenario> table = {
      {"valid", "POST", "/api/v1/auth/verify", json{{"token", u.token}}.dump(), "", 200,
       {"\"valid\":true", "\"user_id\":" + std::to_string(u.id), "\"expires_at\":\"20"}},
      {"session ended", "POST", "/api/v1/auth/verify", json{{"token", ended.token}}.dump(), "", 401, kUnauthorized},
      {"tampered", "POST", "/api/v1/auth/verify", json{{"token", u.token + "x"}}.dump(), "", 401, kUnauthorized},
      {"a refresh token is not an access token", "POST", "/api/v1/auth/verify",
       json{{"token", u.refresh}}.dump(), "", 401, kUnauthorized},
      {"empty", "POST", "/api/v1/auth/verify", "{}", "", 401, kUnauthorized},
  };
  Append(table, BodyErrorScenarios("POST", "/api/v1/auth/verify", "", "token"));
  RunScenarios(s, table);
}

TEST_CASE("auth: POST /auth/logout ends the session at once") {
  TestServer s;
  TestUser u = s.MakeUser("attendee");
  TestUser v = s.MakeUser("attendee");
  json second_session = Login(s, u.email, u.password);
  std::vector<Scenario> table = {
      {"no token", "POST", "/api/v1/auth/logout", "{}", "", 401, kUnauthorized},
      {"garbage token", "POST", "/api/v1/auth/logout", "{}", "garbage", 401, kUnauthorized},
  };
  Append(table, BodyErrorScenarios("POST", "/api/v1/auth/logout", v.token, "refresh_token"));
  table.push_back({"success", "POST", "/api/v1/auth/logout", json{{"refresh_token", u.refresh}}.dump(), u.token,
                   204});
  table.push_back({"the access token is dead at once", "GET", "/api/v1/me", "", u.token, 401, kUnauthorized});
  table.push_back({"so is the refresh token", "POST", "/api/v1/auth/refresh",
                   json{{"refresh_token", u.refresh}}.dump(), "", 401, kUnauthorized});
  table.push_back({"logging out twice is 401", "POST", "/api/v1/auth/logout", "{}", u.token, 401});
  table.push_back({"the user's other session lives on", "GET", "/api/v1/me", "",
                   second_session["access_token"], 200});
  table.push_back({"another user is unaffected", "GET", "/api/v1/me", "", v.token, 200});
  table.push_back({"logout without a body", "POST", "/api/v1/auth/logout", "",
                   second_session["access_token"], 204});
  table.push_back({"...ends that session too", "POST", "/api/v1/auth/refresh",
                   json{{"refresh_token", second_session["refresh_token"]}}.dump(), "", 401});
  RunScenarios(s, table);

  // Someone else's refresh token in the body does not end their session.
  TestUser w = s.MakeUser("attendee");
  REQUIRE(s.Post("/api/v1/auth/logout", {{"refresh_token", w.refresh}}, v.token).status == 204);
  CHECK(s.Get("/api/v1/me", w.token).status == 200);
  CHECK(s.Post("/api/v1/auth/refresh", {{"refresh_token", w.refresh}}).status == 200);
}

TEST_CASE("auth: POST /auth/password/forgot answers 202 always and mails link and code") {
  TestServer s;
  TestUser u = s.MakeUser("attendee");
  std::vector<Scenario> table = {
      {"known address", "POST", "/api/v1/auth/password/forgot", json{{"email", u.email}}.dump(), "", 202, {}, {},
       nullptr,
       [u](TestServer& srv, const Reply&) {
         auto mails = srv.Mails("password_reset", u.email);
         REQUIRE(mails.size() == 1);
         const std::string url = mails[0]["reset_url"];
         CHECK(url.find("/account/reset?token=") != std::string::npos);
         const std::string code = mails[0]["code"];
         CHECK(code.size() == 6);
         CHECK(code.find_first_not_of("0123456789") == std::string::npos);
       }},
      {"unknown address: same answer, no mail", "POST", "/api/v1/auth/password/forgot",
       json{{"email", "ghost@example.org"}}.dump(), "", 202, {}, {}, nullptr,
       [](TestServer& srv, const Reply&) { CHECK(srv.Mails("password_reset", "ghost@example.org").empty()); }},
      {"no email", "POST", "/api/v1/auth/password/forgot", "{}", "", 202},
  };
  Append(table, BodyErrorScenarios("POST", "/api/v1/auth/password/forgot", "", "email"));
  RunScenarios(s, table);
}

TEST_CASE("auth: the reset mail is in the language of the page that asked, else the account's") {
  TestServer s;
  TestUser u = s.MakeUser("attendee");  // an English account
  // The mail's language: 1 when the latest password_reset to `email` is in `locale`.
  const auto latest_in = [](TestServer& srv, const std::string& email, const char* locale) {
    return lanyard::storage::ScalarInt(srv.app().db().Reader(),
                                       "SELECT locale = ? FROM mail_outbox WHERE kind = "
                                       "'password_reset' AND to_email = ? ORDER BY id DESC LIMIT 1",
                                       locale, email)
        .value_or(0);
  };
  std::vector<Scenario> table = {
      {"asked from an Indonesian page: Indonesian", "POST", "/api/v1/auth/password/forgot",
       json{{"email", u.email}, {"locale", "id"}}.dump(), "", 202, {}, {}, nullptr,
       [&](TestServer& srv, const Reply&) { CHECK(latest_in(srv, u.email, "id") == 1); }},
      {"no page language: the account's", "POST", "/api/v1/auth/password/forgot",
       json{{"email", u.email}}.dump(), "", 202, {}, {}, nullptr,
       [&](TestServer& srv, const Reply&) { CHECK(latest_in(srv, u.email, "en") == 1); }},
      {"a language it does not write: the account's", "POST", "/api/v1/auth/password/forgot",
       json{{"email", u.email}, {"locale", "fr"}}.dump(), "", 202, {}, {}, nullptr,
       [&](TestServer& srv, const Reply&) { CHECK(latest_in(srv, u.email, "en") == 1); }},
      {"locale of the wrong type", "POST", "/api/v1/auth/password/forgot",
       json{{"email", u.email}, {"locale", 7}}.dump(), "", 400, {"bad_request"}},
  };
  RunScenarios(s, table);
}

TEST_CASE("auth: POST /auth/password/reset by link token ends all sessions") {
  TestServer s;
  TestUser u = s.MakeUser("attendee");
  TestUser other = s.MakeUser("attendee");
  REQUIRE(s.Post("/api/v1/auth/password/forgot", {{"email", u.email}}).status == 202);
  const std::string token = TokenFromUrl(s.Mails("password_reset", u.email).back()["reset_url"]);
  std::vector<Scenario> table = {
      {"short password", "POST", "/api/v1/auth/password/reset",
       json{{"token", token}, {"password", "short"}}.dump(), "", 400, {"\"code\":\"validation_failed\"", "\"password\""}},
      {"neither token nor email and code", "POST", "/api/v1/auth/password/reset",
       json{{"password", "brand new password"}}.dump(), "", 400, kValidation},
      {"email without code", "POST", "/api/v1/auth/password/reset",
       json{{"email", u.email}, {"password", "brand new password"}}.dump(), "", 400, kValidation},
      {"unknown token", "POST", "/api/v1/auth/password/reset",
       json{{"token", "not-a-token"}, {"password", "brand new password"}}.dump(), "", 400, kInvalidToken},
      {"check: a fresh link is usable", "POST", "/api/v1/auth/password/reset/check",
       json{{"token", token}}.dump(), "", 200, {"\"usable\":true"}},
      {"check: an unknown token is not", "POST", "/api/v1/auth/password/reset/check",
       json{{"token", "not-a-token"}}.dump(), "", 200, {"\"usable\":false"}},
      {"check: no token is not", "POST", "/api/v1/auth/password/reset/check", "{}", "", 200,
       {"\"usable\":false"}},
      {"success", "POST", "/api/v1/auth/password/reset",
       json{{"token", token}, {"password", "brand new password"}}.dump(), "", 200},
      {"check: a used link is not", "POST", "/api/v1/auth/password/reset/check",
       json{{"token", token}}.dump(), "", 200, {"\"usable\":false"}},
      {"token used twice", "POST", "/api/v1/auth/password/reset",
       json{{"token", token}, {"password", "another new password"}}.dump(), "", 400, kInvalidToken},
      {"old sessions ended", "GET", "/api/v1/me", "", u.token, 401, kUnauthorized},
      {"old refresh token ended", "POST", "/api/v1/auth/refresh", json{{"refresh_token", u.refresh}}.dump(), "",
       401},
      {"old password refused", "POST", "/api/v1/auth/login",
       json{{"email", u.email}, {"password", u.password}}.dump(), "", 401},
      {"new password works", "POST", "/api/v1/auth/login",
       json{{"email", u.email}, {"password", "brand new password"}}.dump(), "", 200},
      {"other users untouched", "GET", "/api/v1/me", "", other.token, 200},
  };
  Append(table, BodyErrorScenarios("POST", "/api/v1/auth/password/reset", "", "token"));
  Append(table, BodyErrorScenarios("POST", "/api/v1/auth/password/reset", "", "code", 123456));
  Append(table, BodyErrorScenarios("POST", "/api/v1/auth/password/reset/check", "", "token"));
  RunScenarios(s, table);
}

TEST_CASE("auth: a reset link expires after an hour, and a newer request replaces it") {
  TestServer s;
  TestUser u = s.MakeUser("attendee");
  REQUIRE(s.Post("/api/v1/auth/password/forgot", {{"email", u.email}}).status == 202);
  const std::string first = TokenFromUrl(s.Mails("password_reset", u.email).back()["reset_url"]);
  REQUIRE(s.Post("/api/v1/auth/password/forgot", {{"email", u.email}}).status == 202);
  const std::string second = TokenFromUrl(s.Mails("password_reset", u.email).back()["reset_url"]);
  CHECK(first != second);
  Reply replaced = s.Post("/api/v1/auth/password/reset", {{"token", first}, {"password", "brand new password"}});
  CHECK(replaced.status == 400);
  CHECK(replaced.Json()["code"] == "invalid_token");
  ExpireOneTimeTokens(s, "reset");
  Reply expired = s.Post("/api/v1/auth/password/reset", {{"token", second}, {"password", "brand new password"}});
  CHECK(expired.status == 400);
  CHECK(expired.Json()["code"] == "invalid_token");
  CHECK(s.Get("/api/v1/me", u.token).status == 200);  // nothing happened
}

TEST_CASE("auth: POST /auth/password/reset by 6-digit code") {
  TestServer s;
  TestUser u = s.MakeUser("attendee");
  REQUIRE(s.Post("/api/v1/auth/password/forgot", {{"email", u.email}}).status == 202);
  const std::string code = s.Mails("password_reset", u.email).back()["code"];
  const std::string wrong = code == "000000" ? "000001" : "000000";
  Reply bad = s.Post("/api/v1/auth/password/reset",
                     {{"email", u.email}, {"code", wrong}, {"password", "brand new password"}});
  CHECK(bad.status == 400);
  CHECK(bad.Json()["code"] == "invalid_token");
  Reply unknown = s.Post("/api/v1/auth/password/reset",
                         {{"email", "ghost@example.org"}, {"code", code}, {"password", "brand new password"}});
  CHECK(unknown.status == 400);
  CHECK(unknown.Json()["code"] == "invalid_token");
  Reply ok = s.Post("/api/v1/auth/password/reset",
                    {{"email", " " + u.email + " "}, {"code", " " + code + " "}, {"password", "brand new password"}});
  CHECK(ok.status == 200);
  CHECK(s.Get("/api/v1/me", u.token).status == 401);
  CHECK(s.Post("/api/v1/auth/login", {{"email", u.email}, {"password", "brand new password"}}).status == 200);
  // The code is single use.
  Reply reuse = s.Post("/api/v1/auth/password/reset",
                       {{"email", u.email}, {"code", code}, {"password", "third password!"}});
  CHECK(reuse.status == 400);
}

TEST_CASE("auth: a reset code is burnt after 5 wrong tries, the right code then fails") {
  TestServer s;
  TestUser u = s.MakeUser("attendee");
  REQUIRE(s.Post("/api/v1/auth/password/forgot", {{"email", u.email}}).status == 202);
  const std::string code = s.Mails("password_reset", u.email).back()["code"];
  int tried = 0;
  for (int guess = 0; tried < 5; ++guess) {
    char buf[16];
    std::snprintf(buf, sizeof buf, "%06d", guess);
    if (code == buf) continue;
    ++tried;
    INFO("wrong try ", tried);
    Reply r = s.Post("/api/v1/auth/password/reset",
                     {{"email", u.email}, {"code", buf}, {"password", "brand new password"}});
    CHECK(r.status == 400);
    CHECK(r.Json()["code"] == "invalid_token");
  }
  Reply sixth = s.Post("/api/v1/auth/password/reset",
                       {{"email", u.email}, {"code", code}, {"password", "brand new password"}});
  CHECK(sixth.status == 400);
  CHECK(sixth.Json()["code"] == "invalid_token");
  // The password did not change and the session lives.
  CHECK(s.Post("/api/v1/auth/login", {{"email", u.email}, {"password", u.password}}).status == 200);
  CHECK(s.Get("/api/v1/me", u.token).status == 200);
  // A new request gives a new code that works.
  REQUIRE(s.Post("/api/v1/auth/password/forgot", {{"email", u.email}}).status == 202);
  const std::string fresh = s.Mails("password_reset", u.email).back()["code"];
  CHECK(s.Post("/api/v1/auth/password/reset",
               {{"email", u.email}, {"code", fresh}, {"password", "brand new password"}})
            .status == 200);
}

TEST_CASE("auth: POST /auth/password/change ends the other sessions but not the current one") {
  TestServer s;
  TestUser u = s.MakeUser("attendee");
  json other_session = Login(s, u.email, u.password);
  std::vector<Scenario> table = {
      {"no token", "POST", "/api/v1/auth/password/change",
       json{{"current_password", u.password}, {"new_password", "brand new password"}}.dump(), "", 401, kUnauthorized},
      {"wrong current password", "POST", "/api/v1/auth/password/change",
       json{{"current_password", "not it at all"}, {"new_password", "brand new password"}}.dump(), u.token, 400,
       {"\"code\":\"validation_failed\"", "\"current_password\""}},
      {"new password too short", "POST", "/api/v1/auth/password/change",
       json{{"current_password", u.password}, {"new_password", "short"}}.dump(), u.token, 400,
       {"\"code\":\"validation_failed\"", "\"new_password\""}},
  };
  Append(table, BodyErrorScenarios("POST", "/api/v1/auth/password/change", u.token, "new_password"));
  table.push_back({"success", "POST", "/api/v1/auth/password/change",
                   json{{"current_password", u.password}, {"new_password", "brand new password"}}.dump(), u.token,
                   200});
  table.push_back({"the current session lives", "GET", "/api/v1/me", "", u.token, 200});
  table.push_back({"its refresh token too", "POST", "/api/v1/auth/refresh",
                   json{{"refresh_token", u.refresh}}.dump(), "", 200});
  table.push_back({"the other session ended", "GET", "/api/v1/me", "", other_session["access_token"], 401});
  table.push_back({"and its refresh token", "POST", "/api/v1/auth/refresh",
                   json{{"refresh_token", other_session["refresh_token"]}}.dump(), "", 401});
  table.push_back({"old password refused", "POST", "/api/v1/auth/login",
                   json{{"email", u.email}, {"password", u.password}}.dump(), "", 401});
  table.push_back({"new password works", "POST", "/api/v1/auth/login",
                   json{{"email", u.email}, {"password", "brand new password"}}.dump(), "", 200});
  RunScenarios(s, table);
}

TEST_CASE("auth: bearer tokens in odd shapes are refused with 401") {
  TestServer s;
  TestUser u = s.MakeUser("attendee");
  for (const std::string& header :
       {std::string("Bearer"), std::string("Bearer "), "bearer " + u.token, "Basic " + u.token, u.token,
        "Bearer " + u.token + " extra", "Bearer " + std::string(5000, 'a')}) {
    INFO("Authorization: ", header.substr(0, 60));
    Reply r = s.Call("GET", "/api/v1/me", "", "", {{"Authorization", header}});
    CHECK(r.status == 401);
    CHECK(r.Json()["code"] == "unauthorized");
  }
}

TEST_CASE("auth: concurrent registrations of one address create exactly one account") {
  TestServer s;
  std::atomic<int> created{0}, taken{0}, other{0};
  std::vector<std::thread> threads;
  for (int i = 0; i < 8; ++i) {
    threads.emplace_back([&, i] {
      std::string email = i % 2 ? "race@example.org" : "  RACE@example.org";
      Reply r = s.Post("/api/v1/auth/register", RegisterBody(email));
      if (r.status == 201) {
        ++created;
      } else if (r.status == 409 && r.Json()["code"] == "email_taken") {
        ++taken;
      } else {
        ++other;
      }
    });
  }
  for (auto& t : threads) t.join();
  CHECK(created.load() == 1);
  CHECK(taken.load() == 7);
  CHECK(other.load() == 0);
  auto n = storage::ScalarInt(s.app().db().Reader(), "SELECT COUNT(*) FROM users WHERE email_norm = ?",
                              std::string("race@example.org"));
  CHECK(n == 1);
  auto mails = storage::ScalarInt(s.app().db().Reader(),
                                  "SELECT COUNT(*) FROM mail_outbox WHERE kind = 'account_confirm'");
  CHECK(mails == 1);
}

TEST_CASE("auth: the confirmation link carries a same-site return path, never another site") {
  TestServer s;
  json body = RegisterBody("back@example.org");
  body["next"] = "/events/3?buy=1:2";
  REQUIRE(s.Post("/api/v1/auth/register", body).status == 201);
  auto mails = s.Mails("account_confirm", "back@example.org");
  REQUIRE(mails.size() == 1);
  const std::string url = mails[0]["confirm_url"];
  CHECK(url.find("/account/confirm?token=") != std::string::npos);
  CHECK(url.find("&next=%2Fevents%2F3%3Fbuy%3D1%3A2") != std::string::npos);

  const char* const elsewhere[] = {"//evil.test/", "/\\evil.test", "https://evil.test/", "/\t/evil.test", "events"};
  int n = 0;
  for (const char* next : elsewhere) {
    const std::string email = "away" + std::to_string(n++) + "@example.org";
    json away = RegisterBody(email);
    away["next"] = next;
    REQUIRE(s.Post("/api/v1/auth/register", away).status == 201);
    auto sent = s.Mails("account_confirm", email);
    REQUIRE(sent.size() == 1);
    const std::string link = sent[0]["confirm_url"];
    CHECK_MESSAGE(link.find("next=") == std::string::npos, next);
  }
}
