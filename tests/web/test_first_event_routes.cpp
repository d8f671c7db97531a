// What a committee meets on its first event (issue 15) over HTTP: the language of sign-up and of
// mails, the time zone and default language settings.
#include <doctest/doctest.h>

#include "storage/query.h"
#include "tests/support/test_server.h"

using lanyard::testing::Reply;
using lanyard::testing::RunScenarios;
using lanyard::testing::Scenario;
using lanyard::testing::TestServer;
using lanyard::testing::TestUser;
using nlohmann::json;
namespace storage = lanyard::storage;

namespace {

const std::vector<std::string> kValidation = {"\"code\":\"validation_failed\"", "\"fields\""};

std::string Register(const std::string& email, const std::optional<std::string>& locale) {
  json body = {{"email", email}, {"password", "long enough pw"}, {"name", "Siti Rahma"}};
  if (locale) body["locale"] = *locale;
  return body.dump();
}

// How many rows of `table_sql` match: e.g. users of that address in that locale.
int64_t Count(TestServer& s, const char* sql, const std::string& a, const std::string& b) {
  return storage::ScalarInt(s.app().db().Reader(), sql, a, b).value_or(-1);
}

// The user's locale and the locale of their confirmation mail are both `locale`.
std::function<void(TestServer&, const Reply&)> SignedUpIn(std::string email, std::string locale) {
  return [email, locale](TestServer& srv, const Reply&) {
    CHECK(Count(srv, "SELECT COUNT(*) FROM users WHERE email = ? AND locale = ?", email, locale) ==
          1);
    CHECK(Count(srv,
                "SELECT COUNT(*) FROM mail_outbox WHERE kind = 'account_confirm' AND "
                "to_email = ? AND locale = ?",
                email, locale) == 1);
  };
}

}  // namespace

TEST_CASE("first event: sign-up takes the page's language, else the deployment's default") {
  TestServer s;
  TestUser admin = s.MakeUser("admin");
  std::vector<Scenario> table = {
      {"pages in Indonesian: user and mail in Indonesian", "POST", "/api/v1/auth/register",
       Register("siti@example.org", "id"), "", 201, {"\"locale\":\"id\""}, {}, nullptr,
       SignedUpIn("siti@example.org", "id")},
      {"pages in English", "POST", "/api/v1/auth/register", Register("tom@example.org", "en"), "",
       201, {"\"locale\":\"en\""}, {}, nullptr, SignedUpIn("tom@example.org", "en")},
      {"no language given: the default (en)", "POST", "/api/v1/auth/register",
       Register("ana@example.org", std::nullopt), "", 201, {"\"locale\":\"en\""}, {}, nullptr,
       SignedUpIn("ana@example.org", "en")},
      {"no language given after the default became id", "POST", "/api/v1/auth/register",
       Register("budi@example.org", std::nullopt), "", 201, {"\"locale\":\"id\""}, {},
       [&](TestServer& srv) {
         REQUIRE(srv.Patch("/api/v1/settings", {{"default_locale", "id"}}, admin.token).status ==
                 200);
       },
       SignedUpIn("budi@example.org", "id")},
      {"a language we do not have", "POST", "/api/v1/auth/register",
       Register("fr@example.org", "fr"), "", 400, {"\"locale\"", "validation_failed"}},
      {"a language of the wrong type", "POST", "/api/v1/auth/register",
       json{{"email", "x@example.org"}, {"password", "long enough pw"}, {"name", "X"},
            {"locale", 7}}
           .dump(),
       "", 400, {"\"locale\""}},
  };
  RunScenarios(s, table);
}

TEST_CASE("first event: the time zone is an IANA name, the default language en or id") {
  TestServer s;
  TestUser admin = s.MakeUser("admin");
  TestUser staff = s.MakeUser("staff");
  std::vector<Scenario> table = {
      {"a known zone", "PATCH", "/api/v1/settings", json{{"timezone", "Asia/Makassar"}}.dump(),
       admin.token, 200, {"\"timezone\":\"Asia/Makassar\""}},
      {"an unknown zone", "PATCH", "/api/v1/settings", json{{"timezone", "Asia/Atlantis"}}.dump(),
       admin.token, 400, {"validation_failed", "\"timezone\"", "IANA"}},
      {"a path instead of a zone", "PATCH", "/api/v1/settings",
       json{{"timezone", "../../etc/passwd"}}.dump(), admin.token, 400, {"\"timezone\""}},
      {"an offset instead of a zone", "PATCH", "/api/v1/settings",
       json{{"timezone", "+07:00"}}.dump(), admin.token, 400, {"\"timezone\""}},
      {"default language id", "PATCH", "/api/v1/settings", json{{"default_locale", "id"}}.dump(),
       admin.token, 200, {"\"default_locale\":\"id\""}},
      {"default language fr", "PATCH", "/api/v1/settings", json{{"default_locale", "fr"}}.dump(),
       admin.token, 400, {"\"default_locale\""}},
      {"staff may not", "PATCH", "/api/v1/settings", json{{"timezone", "UTC"}}.dump(), staff.token,
       403, {"forbidden"}},
      {"the pages see zone and language", "GET", "/api/v1/settings/public", "", "", 200,
       {"\"timezone\":\"Asia/Makassar\"", "\"default_locale\":\"id\""}},
  };
  RunScenarios(s, table);
}
