// SPEC §3 users and roles, organizer applications; §12 settings, audit log; first-run setup.
// Every route of web/routes_users.cpp and web/routes_settings.cpp.
#include <doctest/doctest.h>

#include "core/accounts/user_admin.h"
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

const std::vector<std::string> kForbidden = {"\"code\":\"forbidden\""};
const std::vector<std::string> kUnauthorized = {"\"code\":\"unauthorized\""};
const std::vector<std::string> kValidation = {"\"code\":\"validation_failed\"", "\"fields\""};

void Append(std::vector<Scenario>& to, const std::vector<Scenario>& more) {
  to.insert(to.end(), more.begin(), more.end());
}

// The route refuses each of these callers: 401 without a token, 403 for each role below admin.
std::vector<Scenario> AdminOnly(const std::string& method, const std::string& path, const std::string& body,
                                const std::vector<TestUser>& lower) {
  std::vector<Scenario> out;
  out.push_back({"no token", method, path, body, "", 401, kUnauthorized});
  for (const TestUser& u : lower) {
    out.push_back({"refused for " + u.email, method, path, body, u.token, 403, kForbidden});
  }
  return out;
}

int64_t AuditCount(TestServer& s, const std::string& action, int64_t target_id) {
  return storage::ScalarInt(s.app().db().Reader(),
                            "SELECT COUNT(*) FROM audit_log WHERE action = ? AND target_id = ?", action,
                            target_id)
      .value_or(0);
}

std::string Path(const std::string& prefix, int64_t id, const std::string& suffix = "") {
  return prefix + std::to_string(id) + suffix;
}

}  // namespace

TEST_CASE("users: GET /users lists, filters and pages, admin only") {
  TestServer s;
  TestUser admin = s.MakeUser("admin", "Ada Admin");
  TestUser attendee = s.MakeUser("attendee", "Agus Attendee");
  TestUser staff = s.MakeUser("staff", "Sari Staff");
  TestUser organizer = s.MakeUser("organizer", "Oki Organizer");
  std::vector<Scenario> table = {
      {"all", "GET", "/api/v1/users", "", admin.token, 200,
       {"\"total\":4", "\"limit\":20", "\"offset\":0", "Agus Attendee", "Sari Staff"}, {"password", "pbkdf2"}},
      {"by role", "GET", "/api/v1/users?role=staff", "", admin.token, 200, {"\"total\":1", "Sari Staff"},
       {"Agus"}},
      {"by name", "GET", "/api/v1/users?q=Oki", "", admin.token, 200, {"\"total\":1", "Oki Organizer"}},
      {"by email", "GET", "/api/v1/users?q=" + attendee.email, "", admin.token, 200,
       {"\"total\":1", "Agus Attendee"}},
      {"by name and role, no match", "GET", "/api/v1/users?q=Oki&role=staff", "", admin.token, 200,
       {"\"total\":0", "\"items\":[]"}},
      {"paged", "GET", "/api/v1/users?limit=2&offset=1", "", admin.token, 200,
       {"\"total\":4", "\"limit\":2", "\"offset\":1"}},
      {"unknown role", "GET", "/api/v1/users?role=king", "", admin.token, 400, kValidation},
      {"limit 0", "GET", "/api/v1/users?limit=0", "", admin.token, 400, {"\"limit\""}},
      {"limit 101", "GET", "/api/v1/users?limit=101", "", admin.token, 400, {"\"limit\""}},
      {"limit not a number", "GET", "/api/v1/users?limit=ten", "", admin.token, 400, {"\"limit\""}},
      {"negative offset", "GET", "/api/v1/users?offset=-1", "", admin.token, 400, {"\"offset\""}},
  };
  Append(table, AdminOnly("GET", "/api/v1/users", "", {attendee, staff, organizer}));
  RunScenarios(s, table);
  Reply page = s.Get("/api/v1/users?limit=2&offset=1", admin.token);
  CHECK(page.Json()["items"].size() == 2);
}

TEST_CASE("users: GET /users/{id}") {
  TestServer s;
  TestUser admin = s.MakeUser("admin");
  TestUser attendee = s.MakeUser("attendee", "Agus Attendee");
  TestUser staff = s.MakeUser("staff");
  TestUser organizer = s.MakeUser("organizer");
  const std::string path = Path("/api/v1/users/", attendee.id);
  std::vector<Scenario> table = {
      {"success", "GET", path, "", admin.token, 200,
       {"\"id\":" + std::to_string(attendee.id), "Agus Attendee", "\"role\":\"attendee\"", "\"active\":true"},
       {"password"}},
      {"unknown", "GET", "/api/v1/users/999999", "", admin.token, 404, {"\"code\":\"not_found\""}},
      {"own record is admin-only too", "GET", Path("/api/v1/users/", staff.id), "", staff.token, 403},
  };
  Append(table, AdminOnly("GET", path, "", {attendee, staff, organizer}));
  RunScenarios(s, table);
}

TEST_CASE("users: PATCH /users/{id} changes role and active, audited, deactivation ends sessions") {
  TestServer s;
  TestUser admin = s.MakeUser("admin");
  TestUser target = s.MakeUser("attendee");
  TestUser staff = s.MakeUser("staff");
  TestUser organizer = s.MakeUser("organizer");
  const std::string path = Path("/api/v1/users/", target.id);
  std::vector<Scenario> table = {
      {"promote to staff", "PATCH", path, json{{"role", "staff"}}.dump(), admin.token, 200,
       {"\"role\":\"staff\"", "\"active\":true"}, {}, nullptr,
       [&](TestServer& srv, const Reply&) {
         CHECK(AuditCount(srv, "user.role_change", target.id) == 1);
         // The new role applies to the existing session at once.
         Reply me = srv.Get("/api/v1/me", target.token);
         CHECK(me.Json()["role"] == "staff");
       }},
      {"the same role again: no audit row", "PATCH", path, json{{"role", "staff"}}.dump(), admin.token, 200, {},
       {}, nullptr,
       [&](TestServer& srv, const Reply&) { CHECK(AuditCount(srv, "user.role_change", target.id) == 1); }},
      {"unknown fields ignored", "PATCH", path, json{{"email", "x@example.org"}, {"name", "Renamed"}}.dump(),
       admin.token, 200, {"\"role\":\"staff\""}, {"x@example.org", "Renamed"}},
      {"unknown role", "PATCH", path, json{{"role", "overlord"}}.dump(), admin.token, 400,
       {"\"code\":\"validation_failed\"", "\"role\""}},
      {"wrong type: role", "PATCH", path, json{{"role", 3}}.dump(), admin.token, 400, {"\"code\":\"bad_request\""}},
      {"wrong type: active", "PATCH", path, json{{"active", "no"}}.dump(), admin.token, 400,
       {"\"code\":\"bad_request\"", "active"}},
      {"unknown user", "PATCH", "/api/v1/users/999999", json{{"role", "staff"}}.dump(), admin.token, 404,
       {"\"code\":\"not_found\""}},
      {"deactivate", "PATCH", path, json{{"active", false}}.dump(), admin.token, 200, {"\"active\":false"}, {},
       nullptr,
       [&](TestServer& srv, const Reply&) {
         CHECK(AuditCount(srv, "user.deactivate", target.id) == 1);
       }},
      {"deactivated: session ended", "GET", "/api/v1/me", "", target.token, 401, kUnauthorized},
      {"deactivated: refresh refused", "POST", "/api/v1/auth/refresh",
       json{{"refresh_token", target.refresh}}.dump(), "", 401},
      {"deactivated: cannot sign in", "POST", "/api/v1/auth/login",
       json{{"email", target.email}, {"password", target.password}}.dump(), "", 401},
      {"reactivate", "PATCH", path, json{{"active", true}}.dump(), admin.token, 200, {"\"active\":true"}, {},
       nullptr,
       [&](TestServer& srv, const Reply&) { CHECK(AuditCount(srv, "user.activate", target.id) == 1); }},
      {"reactivated: signs in again", "POST", "/api/v1/auth/login",
       json{{"email", target.email}, {"password", target.password}}.dump(), "", 200},
      {"the old session stays ended", "GET", "/api/v1/me", "", target.token, 401},
  };
  Append(table, BodyErrorScenarios("PATCH", path, admin.token, "role"));
  TestUser attendee = s.MakeUser("attendee");
  Append(table, AdminOnly("PATCH", path, json{{"role", "admin"}}.dump(), {attendee, staff, organizer}));
  RunScenarios(s, table);
  // Nobody lifted themselves to admin through the refused calls.
  CHECK(s.Get(path, admin.token).Json()["role"] == "staff");
  CHECK(s.Get(Path("/api/v1/users/", staff.id), admin.token).Json()["role"] == "staff");
}

TEST_CASE("users: the last active admin cannot be demoted or deactivated (409)") {
  TestServer s;
  TestUser admin = s.MakeUser("admin");
  const std::string self = Path("/api/v1/users/", admin.id);
  RunScenarios(s, {
      {"demote the last admin", "PATCH", self, json{{"role", "organizer"}}.dump(), admin.token, 409,
       {"\"code\":\"last_admin\""}},
      {"deactivate the last admin", "PATCH", self, json{{"active", false}}.dump(), admin.token, 409,
       {"\"code\":\"last_admin\""}},
      {"still admin", "GET", "/api/v1/me", "", admin.token, 200, {"\"role\":\"admin\"", "\"active\":true"}},
  });
  // With a second admin, one may step down; then the other is the last.
  TestUser second = s.MakeUser("admin");
  RunScenarios(s, {
      {"a second admin exists: demotion allowed", "PATCH", self, json{{"role", "staff"}}.dump(), second.token,
       200, {"\"role\":\"staff\""}},
      {"now the second is the last", "PATCH", Path("/api/v1/users/", second.id),
       json{{"active", false}}.dump(), second.token, 409, {"\"code\":\"last_admin\""}},
  });
  // A deactivated admin does not count.
  TestUser third = s.MakeUser("admin");
  REQUIRE(s.Patch(Path("/api/v1/users/", third.id), {{"active", false}}, second.token).status == 200);
  CHECK(s.Patch(Path("/api/v1/users/", second.id), {{"role", "attendee"}}, second.token).status == 409);
}

TEST_CASE("organizer applications: apply, one pending at a time, list, decide, mails") {
  TestServer s;
  TestUser admin = s.MakeUser("admin");
  TestUser applicant = s.MakeUser("attendee", "Ani Applicant");
  TestUser other = s.MakeUser("attendee", "Other Applicant");
  TestUser staff = s.MakeUser("staff");
  TestUser organizer = s.MakeUser("organizer");
  const json application = {{"organization", "  Himpunan Mahasiswa "}, {"description", "We run a hackathon."}};

  Reply created = s.Post("/api/v1/organizer-applications", application, applicant.token);
  REQUIRE_MESSAGE(created.status == 201, created.body);
  CHECK(created.Json()["status"] == "pending");
  CHECK(created.Json()["organization"] == "Himpunan Mahasiswa");
  CHECK(created.Json()["user_id"] == applicant.id);
  const int64_t app_id = created.Json()["id"];
  REQUIRE(s.Post("/api/v1/organizer-applications", {{"organization", "Other Org"}}, other.token).status == 201);
  const std::string decide = Path("/api/v1/organizer-applications/", app_id, "/decision");

  std::vector<Scenario> table = {
      {"a second pending one", "POST", "/api/v1/organizer-applications", application.dump(), applicant.token, 409,
       {"\"code\":\"application_pending\""}},
      {"organization missing", "POST", "/api/v1/organizer-applications", json{{"description", "x"}}.dump(),
       staff.token, 400, {"\"code\":\"validation_failed\"", "\"organization\""}},
      {"description too long", "POST", "/api/v1/organizer-applications",
       json{{"organization", "Org"}, {"description", std::string(5001, 'd')}}.dump(), staff.token, 400,
       {"\"description\""}},
      {"an organizer need not apply", "POST", "/api/v1/organizer-applications", application.dump(),
       organizer.token, 409},
      {"no token", "POST", "/api/v1/organizer-applications", application.dump(), "", 401, kUnauthorized},
      {"own list", "GET", "/api/v1/organizer-applications", "", applicant.token, 200,
       {"\"total\":1", "Himpunan Mahasiswa"}, {"Other Org"}},
      {"admin sees all", "GET", "/api/v1/organizer-applications", "", admin.token, 200,
       {"\"total\":2", "Himpunan Mahasiswa", "Other Org"}},
      {"admin filters by status", "GET", "/api/v1/organizer-applications?status=approved", "", admin.token, 200,
       {"\"total\":0"}},
      {"bad status filter", "GET", "/api/v1/organizer-applications?status=maybe", "", admin.token, 400,
       kValidation},
      {"bad paging", "GET", "/api/v1/organizer-applications?limit=1000", "", admin.token, 400, kValidation},
      {"list without token", "GET", "/api/v1/organizer-applications", "", "", 401, kUnauthorized},
      {"bad decision", "POST", decide, json{{"decision", "maybe"}}.dump(), admin.token, 400,
       {"\"code\":\"validation_failed\"", "\"decision\""}},
      {"unknown application", "POST", "/api/v1/organizer-applications/999999/decision",
       json{{"decision", "approve"}}.dump(), admin.token, 404, {"\"code\":\"not_found\""}},
      {"approve", "POST", decide, json{{"decision", "approve"}, {"message", "Welcome aboard"}}.dump(),
       admin.token, 200, {"\"status\":\"approved\"", "Welcome aboard", "\"decided_by\":" + std::to_string(admin.id)},
       {}, nullptr,
       [&](TestServer& srv, const Reply&) {
         CHECK(srv.Get("/api/v1/me", applicant.token).Json()["role"] == "organizer");
         auto mails = srv.Mails("organizer_application_result", applicant.email);
         REQUIRE(mails.size() == 1);
         CHECK(mails[0]["decision"] == "approved");
         CHECK(mails[0]["message"] == "Welcome aboard");
         CHECK(AuditCount(srv, "organizer_application.approved", app_id) == 1);
         CHECK(AuditCount(srv, "user.role_change", applicant.id) == 1);
       }},
      {"decided already", "POST", decide, json{{"decision", "reject"}}.dump(), admin.token, 409},
      {"approved: the new organizer reaches organizer routes' level", "GET", "/api/v1/me", "", applicant.token,
       200, {"\"role\":\"organizer\""}},
  };
  Append(table, BodyErrorScenarios("POST", "/api/v1/organizer-applications", other.token, "organization"));
  Append(table, BodyErrorScenarios("POST", decide, admin.token, "decision"));
  Append(table, AdminOnly("POST", decide, json{{"decision", "approve"}}.dump(), {other, staff, organizer}));
  RunScenarios(s, table);

  // Rejection: role unchanged, mailed, and the applicant may apply again.
  Reply list = s.Get("/api/v1/organizer-applications?status=pending", admin.token);
  REQUIRE(list.Json()["total"] == 1);
  const int64_t other_id = list.Json()["items"][0]["id"];
  Reply rejected = s.Post(Path("/api/v1/organizer-applications/", other_id, "/decision"),
                          {{"decision", "reject"}, {"message", "Not this year"}}, admin.token);
  CHECK(rejected.status == 200);
  CHECK(rejected.Json()["status"] == "rejected");
  CHECK(s.Get("/api/v1/me", other.token).Json()["role"] == "attendee");
  auto mails = s.Mails("organizer_application_result", other.email);
  REQUIRE(mails.size() == 1);
  CHECK(mails[0]["decision"] == "rejected");
  CHECK(s.Post("/api/v1/organizer-applications", {{"organization", "Other Org"}}, other.token).status == 201);
}

TEST_CASE("audit: GET /audit lists who did what, newest first, admin only") {
  TestServer s;
  TestUser admin = s.MakeUser("admin");
  TestUser attendee = s.MakeUser("attendee");
  TestUser staff = s.MakeUser("staff");
  TestUser organizer = s.MakeUser("organizer");
  REQUIRE(s.Patch(Path("/api/v1/users/", attendee.id), {{"role", "staff"}}, admin.token).status == 200);
  REQUIRE(s.Patch("/api/v1/settings", {{"site_name", "Audited Fest"}}, admin.token).status == 200);
  Reply all = s.Get("/api/v1/audit", admin.token);
  REQUIRE(all.status == 200);
  json items = all.Json()["items"];
  REQUIRE(items.size() >= 2);
  CHECK(items[0]["action"] == "settings.update");  // newest first
  CHECK(items[0]["actor_id"] == admin.id);
  CHECK(items[0]["actor_email"] == admin.email);
  CHECK(items[0]["details"]["site_name"] == "Audited Fest");
  CHECK(items[1]["action"] == "user.role_change");
  CHECK(items[1]["target_id"] == attendee.id);
  CHECK(items[1]["details"]["from"] == "attendee");
  CHECK(items[1]["details"]["to"] == "staff");
  std::vector<Scenario> table = {
      {"filter by action", "GET", "/api/v1/audit?action=user.role_change", "", admin.token, 200,
       {"user.role_change"}, {"settings.update"}},
      {"bad paging", "GET", "/api/v1/audit?offset=x", "", admin.token, 400, kValidation},
  };
  Append(table, AdminOnly("GET", "/api/v1/audit", "", {attendee, staff, organizer}));
  RunScenarios(s, table);
}

TEST_CASE("setup: GET /setup tells whether the first admin is missing, POST /setup creates it") {
  TestServer s;
  Reply before = s.Get("/api/v1/setup");
  REQUIRE(before.status == 200);
  CHECK(before.Json()["needs_setup"] == true);
  TestUser attendee = s.MakeUser("attendee");
  auto token = lanyard::user_admin::IssueSetupToken(s.app());
  REQUIRE(token);
  auto spare = lanyard::user_admin::IssueSetupToken(s.app());
  REQUIRE(spare);
  const json good = {{"token", *token}, {"email", "  Chief@Example.org "}, {"name", "Chief"},
                     {"password", "the first admin pw"}};
  json taken = good;
  taken["email"] = attendee.email;
  json short_pw = good;
  short_pw["password"] = "short";
  std::vector<Scenario> table = {
      {"unknown token", "POST", "/api/v1/setup",
       json{{"token", "nope"}, {"email", "a@example.org"}, {"name", "A"}, {"password", "long enough pw"}}.dump(),
       "", 400, {"\"code\":\"invalid_token\""}},
      {"weak password", "POST", "/api/v1/setup", short_pw.dump(), "", 400,
       {"\"code\":\"validation_failed\"", "\"password\""}},
      {"email of an existing account", "POST", "/api/v1/setup", taken.dump(), "", 409, {"\"code\":\"email_taken\""}},
      {"a confirmation token is not a setup token", "POST", "/api/v1/setup",
       json{{"token", attendee.refresh}, {"email", "b@example.org"}, {"name", "B"}, {"password", "long enough pw"}}
           .dump(),
       "", 400, {"\"code\":\"invalid_token\""}},
  };
  Append(table, BodyErrorScenarios("POST", "/api/v1/setup", "", "token"));
  // POST /setup/check: read-only, asked by the setup page on opening.
  const std::string check_good = json{{"token", *token}}.dump();
  const std::string check_spare = json{{"token", *spare}}.dump();
  table.push_back({"check: a fresh token is usable", "POST", "/api/v1/setup/check", check_good, "", 200,
                   {"\"usable\":true", "\"needs_setup\":true"}});
  table.push_back({"check: an unknown token is not", "POST", "/api/v1/setup/check",
                   json{{"token", "nope"}}.dump(), "", 200, {"\"usable\":false", "\"needs_setup\":true"}});
  table.push_back({"check: a confirmation token is not a setup token", "POST", "/api/v1/setup/check",
                   json{{"token", attendee.refresh}}.dump(), "", 200, {"\"usable\":false"}});
  table.push_back({"check: no token", "POST", "/api/v1/setup/check", "{}", "", 200, {"\"usable\":false"}});
  Append(table, BodyErrorScenarios("POST", "/api/v1/setup/check", "", "token"));
  table.push_back({"check: the check used nothing up", "POST", "/api/v1/setup/check", check_good, "", 200,
                   {"\"usable\":true"}});
  table.push_back({"success", "POST", "/api/v1/setup", good.dump(), "", 201,
                   {"\"role\":\"admin\"", "\"email\":\"Chief@Example.org\"", "\"email_confirmed\":true"},
                   {"password\""}});
  table.push_back({"needs_setup is now false", "GET", "/api/v1/setup", "", "", 200, {"\"needs_setup\":false"}});
  table.push_back({"the token is single use", "POST", "/api/v1/setup", good.dump(), "", 400,
                   {"\"code\":\"invalid_token\""}});
  json with_spare = good;
  with_spare["token"] = *spare;
  with_spare["email"] = "second@example.org";
  table.push_back({"an unused token dies once an admin exists", "POST", "/api/v1/setup", with_spare.dump(), "",
                   400, {"\"code\":\"invalid_token\""}});
  table.push_back({"check: the used token is no longer usable", "POST", "/api/v1/setup/check", check_good, "", 200,
                   {"\"usable\":false", "\"needs_setup\":false"}});
  table.push_back({"check: another link's token neither, once an admin exists", "POST", "/api/v1/setup/check",
                   check_spare, "", 200, {"\"usable\":false", "\"needs_setup\":false"}});
  RunScenarios(s, table);

  CHECK_FALSE(lanyard::user_admin::IssueSetupToken(s.app()).has_value());
  Reply login = s.Post("/api/v1/auth/login", {{"email", "chief@example.org"}, {"password", "the first admin pw"}});
  REQUIRE(login.status == 200);
  CHECK(login.Json()["user"]["role"] == "admin");
  CHECK(s.Get("/api/v1/users", login.Json()["access_token"]).status == 200);
}

TEST_CASE("setup: an expired setup token is refused") {
  TestServer s;
  auto token = lanyard::user_admin::IssueSetupToken(s.app());
  REQUIRE(token);
  s.app().db().Write([](storage::Conn& c) {
    storage::Exec(c, "UPDATE one_time_tokens SET expires_at = '2000-01-01T00:00:00Z' WHERE purpose = 'setup'");
    return true;
  });
  Reply r = s.Post("/api/v1/setup", {{"token", *token}, {"email", "a@example.org"}, {"name", "A"},
                                     {"password", "long enough pw"}});
  CHECK(r.status == 400);
  CHECK(r.Json()["code"] == "invalid_token");
  CHECK(s.Get("/api/v1/setup").Json()["needs_setup"] == true);
  Reply check = s.Post("/api/v1/setup/check", {{"token", *token}});
  CHECK(check.status == 200);
  CHECK(check.Json()["usable"] == false);
  CHECK(check.Json()["needs_setup"] == true);
}

TEST_CASE("settings: GET hides the SMTP password, PATCH validates, audits, and flags win") {
  TestServer s;
  TestUser admin = s.MakeUser("admin");
  TestUser attendee = s.MakeUser("attendee");
  TestUser staff = s.MakeUser("staff");
  TestUser organizer = s.MakeUser("organizer");
  std::vector<Scenario> table = {
      {"get", "GET", "/api/v1/settings", "", admin.token, 200,
       {"\"site_name\"", "\"base_url\"", "\"currency\"", "\"currency_minor_digits\"", "\"timezone\"",
        "\"bank_instructions\"", "\"payment_window_hours\"", "\"reminder_hours\"", "\"require_email_confirmation\"",
        "\"require_event_approval\"", "\"mail_transport\"", "\"smtp_url\"", "\"smtp_password_set\":false",
        "\"rate_limits\"", "\"fixed_by_environment\""},
       {"\"smtp_password\""}},
      {"set the SMTP password", "PATCH", "/api/v1/settings", json{{"smtp_password", "hunter2-secret"}}.dump(),
       admin.token, 200, {"\"smtp_password_set\":true"}, {"hunter2-secret", "\"smtp_password\""}},
      {"GET still hides it", "GET", "/api/v1/settings", "", admin.token, 200, {"\"smtp_password_set\":true"},
       {"hunter2-secret"}},
      {"the audit log does not show it either", "GET", "/api/v1/audit?action=settings.update", "", admin.token,
       200, {"smtp_password"}, {"hunter2-secret"}},
      {"change several", "PATCH", "/api/v1/settings",
       json{{"site_name", "Jakarta Dev Fest"}, {"currency", "EUR"}, {"currency_minor_digits", 2},
            {"payment_window_hours", 48}, {"require_event_approval", true}}
           .dump(),
       admin.token, 200,
       {"\"site_name\":\"Jakarta Dev Fest\"", "\"currency\":\"EUR\"", "\"currency_minor_digits\":2",
        "\"payment_window_hours\":48", "\"require_event_approval\":true"},
       {}, nullptr,
       [](TestServer& srv, const Reply&) {
         auto n = storage::ScalarInt(srv.app().db().Reader(),
                                     "SELECT COUNT(*) FROM audit_log WHERE action = 'settings.update'");
         CHECK(n == 2);
       }},
      {"wrong type: string for a number", "PATCH", "/api/v1/settings", json{{"payment_window_hours", "72"}}.dump(),
       admin.token, 400, {"\"code\":\"validation_failed\"", "\"payment_window_hours\""}},
      {"wrong type: number for a boolean", "PATCH", "/api/v1/settings",
       json{{"require_email_confirmation", 1}}.dump(), admin.token, 400, {"\"require_email_confirmation\""}},
      {"wrong type: boolean for a string", "PATCH", "/api/v1/settings", json{{"site_name", true}}.dump(),
       admin.token, 400, {"\"site_name\""}},
      {"negative number", "PATCH", "/api/v1/settings", json{{"reminder_hours", -1}}.dump(), admin.token, 400,
       {"\"reminder_hours\""}},
      {"currency not ISO 4217", "PATCH", "/api/v1/settings", json{{"currency", "EURO"}}.dump(), admin.token, 400,
       {"\"currency\""}},
      {"unknown mail transport", "PATCH", "/api/v1/settings", json{{"mail_transport", "pigeon"}}.dump(),
       admin.token, 400, {"\"mail_transport\""}},
      {"one bad field refuses the whole patch", "PATCH", "/api/v1/settings",
       json{{"site_name", "Half Applied"}, {"currency", "EURO"}}.dump(), admin.token, 400, {"\"currency\""}},
      {"nothing of it was applied", "GET", "/api/v1/settings", "", admin.token, 200,
       {"\"site_name\":\"Jakarta Dev Fest\""}, {"Half Applied"}},
      {"unknown fields are ignored", "PATCH", "/api/v1/settings",
       json{{"site_name", "Known"}, {"favourite_colour", "red"}}.dump(), admin.token, 200,
       {"\"site_name\":\"Known\""}, {"favourite_colour"}},
      {"flags and environment win over the table", "PATCH", "/api/v1/settings", json{{"rate_limits", true}}.dump(),
       admin.token, 200, {"\"rate_limits\":false", "\"fixed_by_environment\":[\"rate_limits\"]"}},
      {"public settings", "GET", "/api/v1/settings/public", "", "", 200,
       {"\"site_name\":\"Known\"", "\"currency\":\"EUR\"", "\"currency_minor_digits\":2", "\"base_url\"",
        "\"timezone\""},
       {"smtp", "mail_transport", "rate_", "bank_instructions", "hunter2"}},
      {"public settings with a token too", "GET", "/api/v1/settings/public", "", attendee.token, 200},
  };
  // Malformed bodies are bad_request; a wrong type is validation_failed with fields here (above).
  auto body_errors = BodyErrorScenarios("PATCH", "/api/v1/settings", admin.token, "site_name");
  body_errors.pop_back();
  Append(table, body_errors);
  Append(table, AdminOnly("GET", "/api/v1/settings", "", {attendee, staff, organizer}));
  Append(table, AdminOnly("PATCH", "/api/v1/settings", json{{"site_name", "Hijacked"}}.dump(),
                          {attendee, staff, organizer}));
  RunScenarios(s, table);
  CHECK(s.Get("/api/v1/settings/public").Json()["site_name"] == "Known");
}

TEST_CASE("settings: rate limits and counts that would lock everyone out are refused") {
  TestServer s(true);  // rate limits on, as deployed
  TestUser admin = s.MakeUser("admin");
  RunScenarios(s, {
      {"no request per minute at all", "PATCH", "/api/v1/settings", json{{"rate_requests_per_minute", 0}}.dump(),
       admin.token, 400, {"\"rate_requests_per_minute\""}},
      {"no sign-in per minute at all", "PATCH", "/api/v1/settings", json{{"rate_login_per_minute", 0}}.dump(),
       admin.token, 400, {"\"rate_login_per_minute\""}},
      {"a number that does not fit", "PATCH", "/api/v1/settings",
       json{{"rate_login_per_minute", 4294967296LL}}.dump(), admin.token, 400, {"\"rate_login_per_minute\""}},
      {"hours that do not fit", "PATCH", "/api/v1/settings", json{{"reminder_hours", 9007199254740993LL}}.dump(),
       admin.token, 400, {"\"reminder_hours\""}},
      {"a sane limit is fine", "PATCH", "/api/v1/settings", json{{"rate_requests_per_minute", 1200}}.dump(),
       admin.token, 200, {"\"rate_requests_per_minute\":1200"}},
      {"the server still answers", "GET", "/api/v1/health", "", "", 200},
      {"and signs people in", "POST", "/api/v1/auth/login", json{{"email", admin.email}, {"password", admin.password}}.dump(),
       "", 200},
  });
}
