// What a committee meets on its first event (issue 15) over HTTP: the language of sign-up and of
// mails, the time zone and default language settings.
#include <doctest/doctest.h>

#include <algorithm>

#include "storage/query.h"
#include "web/server.h"
#include "tests/support/test_server.h"
#include "tests/web/ticket_fixture.h"

using lanyard::testing::Reply;
using lanyard::testing::RunScenarios;
using lanyard::testing::Scenario;
using lanyard::testing::TestServer;
using lanyard::testing::TestUser;
namespace fx = lanyard::testing;
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

TEST_CASE("first event: the time-zone picker lists the IANA names the server accepts") {
  TestServer s;
  TestUser admin = s.MakeUser("admin");
  std::vector<Scenario> table = {
      {"anyone may list the zones", "GET", "/api/v1/time-zones", "", "", 200,
       {"\"Asia/Jakarta\"", "\"Asia/Makassar\"", "\"Europe/Amsterdam\"", "\"Etc/UTC\"",
        "\"default\":\"Asia/Jakarta\"", "\"abbrev\":\"WITA\"", "\"region\":\"Europe\""},
       {"posix/", "right/", "\"Asia/Calcutta\"", "\"US/Eastern\""}},
  };
  RunScenarios(s, table);
  const json zones = s.Get("/api/v1/time-zones").Json()["items"];
  REQUIRE(zones.size() > 300);
  CHECK(std::is_sorted(zones.begin(), zones.end()));
  // Every listed name is accepted by the settings, so the picker never offers a refused value.
  REQUIRE(zones.size() < 500);  // no aliases: tzdata has about 450 zones
  for (const char* name : {"Asia/Jayapura", "America/Argentina/Buenos_Aires", "Etc/GMT-7"}) {
    INFO(name);
    CHECK(std::find(zones.begin(), zones.end(), name) != zones.end());
    CHECK(s.Patch("/api/v1/settings", {{"timezone", name}}, admin.token).status == 200);
  }
  // A deployment set to an alias before keeps working: the name is still accepted.
  CHECK(s.Patch("/api/v1/settings", {{"timezone", "Asia/Calcutta"}}, admin.token).status == 200);
}

TEST_CASE("first event: the pages learn which parts of an event this build serves") {
  TestServer s;
  const json features = s.Get("/api/v1/settings/public").Json()["features"];
  const lanyard::web::RouteTable table = lanyard::web::BuildRouteTable();
  for (const char* part : {"sessions", "competitions", "draws"}) {
    INFO(part);
    REQUIRE(features[part].is_boolean());
    const std::string path = std::string("/events/{id}/") + part;
    const bool served = std::any_of(table.routes().begin(), table.routes().end(),
                                    [&](const auto& r) { return r.method == "GET" && r.path == path; });
    CHECK(features[part].get<bool>() == served);
  }
  CHECK(features["competitions"] == true);
}

TEST_CASE("first event: the settings tell the admin when mail links cannot open on a phone") {
  TestServer s;
  TestUser admin = s.MakeUser("admin");
  // The test server's base URL is loopback and mail goes to files: links are fine there.
  CHECK(s.Get("/api/v1/settings", admin.token).Json()["link_warning"].is_null());
  REQUIRE(s.Patch("/api/v1/settings", {{"mail_transport", "smtp"}}, admin.token).status == 200);
  const json view = s.Get("/api/v1/settings", admin.token).Json();
  REQUIRE(view["link_warning"].is_object());
  // A code and its parameters for the page to compose in its language; English for the console.
  CHECK(view["link_warning"]["params"]["base_url"] == view["base_url"]);
  const std::string message = view["link_warning"]["message"];
  CHECK(message.find("no phone can open") != std::string::npos);
  if (TestServer::OnPostgres()) {
    // Instances behind a load balancer keep their listen address; the base URL is the public one.
    CHECK(view["link_warning"]["code"] == "instance_base_url");
    CHECK(view["link_warning"]["params"]["listen"] == "");
    CHECK(message.find("keep --listen as it is") != std::string::npos);
    CHECK(message.find("0.0.0.0") == std::string::npos);
  } else {
    CHECK(view["link_warning"]["code"] == "loopback_listen");
    CHECK(view["link_warning"]["params"]["listen"].get<std::string>().rfind("0.0.0.0:", 0) == 0);
    CHECK(message.find("--tls auto") != std::string::npos);
  }
  REQUIRE(s.Patch("/api/v1/settings", {{"base_url", "https://192.168.1.20:8443"}}, admin.token)
              .status == 200);
  CHECK(s.Get("/api/v1/settings", admin.token).Json()["link_warning"].is_null());
}

TEST_CASE("first event: the door checks in by a typed short reference or an order code") {
  TestServer s;
  TestUser owner = s.MakeUser("organizer");
  TestUser other_owner = s.MakeUser("organizer");
  TestUser staff = s.MakeUser("staff");
  TestUser buyer = s.MakeUser();
  const int64_t event = fx::MakeEvent(s, owner.id, "published");
  const int64_t other_event = fx::MakeEvent(s, other_owner.id, "published", "Other");
  const int64_t type = fx::MakeTicketType(s, event);
  auto tickets = fx::MakeTickets(s, event, type, buyer.id, 3, "Rani Putri");
  REQUIRE(tickets.size() == 3);
  s.app().db().Write([&](storage::Conn& c) {
    storage::Exec(c, "UPDATE orders SET code = 'K7QX2M9A' WHERE id = ?", tickets[0].order_id);
    return true;
  });
  const auto checkin = [](const std::string& code, std::optional<int64_t> event_id = {}) {
    json body = {{"code", code}};
    if (event_id) body["event_id"] = *event_id;
    return body.dump();
  };
  std::vector<Scenario> table = {
      {"the ticket page and API show the reference", "GET",
       "/api/v1/tickets/" + std::to_string(tickets[1].id), "", buyer.token, 200,
       {"\"ref\":\"K7QX2M9A-2\""}},
      {"a typed reference checks that ticket in", "POST", "/api/v1/checkin",
       checkin("K7QX2M9A-2", event), staff.token, 200,
       {"\"result\":\"ok\"", "Rani Putri", "\"ref\":\"K7QX2M9A-2\""}, {}, nullptr,
       [&](TestServer& srv, const Reply&) {
         CHECK(fx::CountScans(srv, tickets[1].id, "ok") == 1);
         CHECK(fx::CountScans(srv, tickets[0].id) == 0);
       }},
      {"typed sloppily: lower case, a space, spaces around", "POST", "/api/v1/checkin",
       checkin("  k7qx2m9a 3 "), staff.token, 200, {"\"result\":\"ok\"", "K7QX2M9A-3"}},
      {"the same reference again", "POST", "/api/v1/checkin", checkin("K7QX2M9A-2"),
       staff.token, 409, {"already_checked_in", "first_checked_in_at"}},
      {"a number the order does not have", "POST", "/api/v1/checkin", checkin("K7QX2M9A-4"),
       staff.token, 404, {"unknown_ticket"}},
      {"an order that does not exist", "POST", "/api/v1/checkin", checkin("ABCDEFGH-1"),
       staff.token, 404, {"unknown_ticket"}},
      {"number 0", "POST", "/api/v1/checkin", checkin("K7QX2M9A-0"), staff.token, 400,
       {"invalid_code"}},
      {"a reference at another event's door", "POST", "/api/v1/checkin",
       checkin("K7QX2M9A-1", other_event), staff.token, 409, {"wrong_event"}},
      {"a typed order code lists its tickets to pick from", "POST", "/api/v1/checkin",
       checkin("k7qx2m9a", event), staff.token, 200,
       {"\"result\":\"choose\"", "\"order_code\":\"K7QX2M9A\"", "K7QX2M9A-1", "K7QX2M9A-2",
        "K7QX2M9A-3"},
       {"forged"}, nullptr,
       [&](TestServer& srv, const Reply&) {
         CHECK(fx::CountScans(srv, tickets[0].id, "ok") == 0);
       }},
      {"an order code at another event's door", "POST", "/api/v1/checkin",
       checkin("K7QX2M9A", other_event), staff.token, 409, {"wrong_event"}},
      {"an order code nobody has", "POST", "/api/v1/checkin", checkin("ZZZZZZZZ"), staff.token,
       404, {"unknown_ticket"}},
      // A published event is visible to all, its door is not theirs: 403, and no holder leaks.
      {"another organizer cannot list this order", "POST", "/api/v1/checkin",
       checkin("K7QX2M9A"), other_owner.token, 403, {"forbidden"}, {"Rani"}},
      {"another organizer cannot check a reference in", "POST", "/api/v1/checkin",
       checkin("K7QX2M9A-1"), other_owner.token, 403, {"forbidden"}, {"Rani"}},
      {"an attendee may not", "POST", "/api/v1/checkin", checkin("K7QX2M9A-1"), buyer.token, 403,
       {"forbidden"}},
      {"lookup by reference does not check in", "POST", "/api/v1/checkin/lookup",
       json{{"code", "K7QX2M9A-1"}}.dump(), staff.token, 200, {"Rani Putri", "K7QX2M9A-1"}, {},
       nullptr,
       [&](TestServer& srv, const Reply&) {
         CHECK(fx::CountScans(srv, tickets[0].id, "ok") == 0);
       }},
      {"the owner checks the first in by reference", "POST", "/api/v1/checkin",
       checkin("K7QX2M9A-1"), owner.token, 200, {"\"result\":\"ok\""}},
  };
  RunScenarios(s, table);
}

namespace {

std::string InviteBody(const std::string& email, const std::string& role,
                       const std::string& name = "Dewi Lestari") {
  return json{{"email", email}, {"name", name}, {"role", role}}.dump();
}

// The token from the newest staff_invitation mail to `email`.
std::string InvitationToken(TestServer& s, const std::string& email) {
  auto mails = s.Mails("staff_invitation", email);
  REQUIRE(!mails.empty());
  const std::string url = mails.back()["invite_url"];
  const size_t at = url.find("/invite/");
  REQUIRE(at != std::string::npos);
  return url.substr(at + 8);
}

}  // namespace

TEST_CASE("first event: staff invitations by address") {
  TestServer s;
  TestUser admin = s.MakeUser("admin", "Admin Ani");
  TestUser organizer = s.MakeUser("organizer");
  TestUser attendee = s.MakeUser("attendee", "Existing Eko");
  std::string token;
  std::vector<Scenario> table = {
      {"an admin invites a new address as staff", "POST", "/api/v1/users/invitations",
       InviteBody(" Dewi@Example.org ", "staff"), admin.token, 201,
       {"\"status\":\"invited\"", "\"role\":\"staff\"", "/invite/", "\"expires_at\""}, {},
       nullptr,
       [&](TestServer& srv, const Reply&) {
         token = InvitationToken(srv, "Dewi@Example.org");
         CHECK(token.size() >= 43);  // 256 bits, base64url
         auto mails = srv.Mails("staff_invitation", "Dewi@Example.org");
         CHECK(mails.back()["is_staff"] == true);
         CHECK(mails.back()["inviter_name"] == "Admin Ani");
         // Stored hashed: the token itself is nowhere in the table.
         CHECK(storage::ScalarInt(srv.app().db().Reader(),
                                  "SELECT COUNT(*) FROM staff_invitations WHERE token_hash = ?",
                                  token)
                   .value_or(-1) == 0);
       }},
      {"the open invitations list it", "GET", "/api/v1/users/invitations", "", admin.token, 200,
       {"Dewi@Example.org", "\"role\":\"staff\""}},
      {"the link shows what it offers", "GET", "/api/v1/invitations/TOKEN", "", "", 200,
       {"Dewi@Example.org", "\"role\":\"staff\"", "Admin Ani"}},
      {"a too short password", "POST", "/api/v1/invitations/TOKEN/accept",
       json{{"password", "short"}}.dump(), "", 400, {"validation_failed", "\"password\""}},
      {"accepting creates a confirmed staff account", "POST", "/api/v1/invitations/TOKEN/accept",
       json{{"password", "a good long pw"}, {"locale", "id"}}.dump(), "", 201,
       {"\"role\":\"staff\"", "\"email_confirmed\":true", "\"locale\":\"id\""}, {}, nullptr,
       [&](TestServer& srv, const Reply&) {
         Reply login = srv.Post("/api/v1/auth/login",
                                {{"email", "dewi@example.org"}, {"password", "a good long pw"}});
         CHECK(login.status == 200);
         CHECK(login.body.find("\"role\":\"staff\"") != std::string::npos);
       }},
      {"the link a second time", "POST", "/api/v1/invitations/TOKEN/accept",
       json{{"password", "a good long pw"}}.dump(), "", 409, {"invitation_used"}},
      {"its preview once used", "GET", "/api/v1/invitations/TOKEN", "", "", 409,
       {"invitation_used"}},
      {"no longer listed as open", "GET", "/api/v1/users/invitations", "", admin.token, 200, {},
       {"Dewi@Example.org"}},
      {"an unknown link", "GET", "/api/v1/invitations/nope", "", "", 404, {"not_found"}},
      {"accepting an unknown link", "POST", "/api/v1/invitations/nope/accept",
       json{{"password", "a good long pw"}}.dump(), "", 404, {"not_found"}},
      {"inviting an existing account changes its role and tells them", "POST",
       "/api/v1/users/invitations", InviteBody(attendee.email, "organizer"), admin.token, 200,
       {"\"status\":\"role_changed\"", "\"role\":\"organizer\""}, {}, nullptr,
       [&](TestServer& srv, const Reply&) {
         auto mails = srv.Mails("staff_invitation", attendee.email);
         REQUIRE(mails.size() == 1);
         CHECK(mails[0]["existing"] == true);
         CHECK(mails[0]["is_organizer"] == true);
         CHECK(storage::ScalarInt(srv.app().db().Reader(),
                                  "SELECT COUNT(*) FROM users WHERE id = ? AND role = ?",
                                  attendee.id, std::string("organizer"))
                   .value_or(0) == 1);
       }},
      {"the only admin cannot demote themselves by invitation", "POST",
       "/api/v1/users/invitations", InviteBody(admin.email, "staff"), admin.token, 409,
       {"last_admin"}},
      {"role attendee is no invitation", "POST", "/api/v1/users/invitations",
       InviteBody("x@example.org", "attendee"), admin.token, 400, {"validation_failed", "\"role\""}},
      {"a bad address", "POST", "/api/v1/users/invitations", InviteBody("not-an-address", "staff"),
       admin.token, 400, {"\"email\""}},
      {"no name", "POST", "/api/v1/users/invitations", InviteBody("y@example.org", "staff", " "),
       admin.token, 400, {"\"name\""}},
      {"a name with a line break", "POST", "/api/v1/users/invitations",
       InviteBody("y@example.org", "staff", "Dewi\nLestari"), admin.token, 400, {"\"name\""}},
      {"role of the wrong type", "POST", "/api/v1/users/invitations",
       json{{"email", "y@example.org"}, {"name", "Y"}, {"role", 3}}.dump(), admin.token, 400,
       {"\"role\""}},
      {"malformed JSON", "POST", "/api/v1/users/invitations", "{", admin.token, 400,
       {"bad_request"}},
      {"an organizer may not invite", "POST", "/api/v1/users/invitations",
       InviteBody("z@example.org", "staff"), organizer.token, 403, {"forbidden"}},
      {"nor list invitations", "GET", "/api/v1/users/invitations", "", organizer.token, 403,
       {"forbidden"}},
      {"signed out may not invite", "POST", "/api/v1/users/invitations",
       InviteBody("z@example.org", "staff"), "", 401, {"unauthorized"}},
  };
  // The token exists only after the first scenario: run them one by one, filling it in.
  for (Scenario& sc : table) {
    const size_t at = sc.path.find("TOKEN");
    if (at != std::string::npos) sc.path.replace(at, 5, token);
    RunScenarios(s, {sc});
  }
}

TEST_CASE("first event: an invitation expires after 7 days, and an address taken meanwhile") {
  TestServer s;
  TestUser admin = s.MakeUser("admin");
  REQUIRE(s.Post("/api/v1/users/invitations",
                 json{{"email", "late@example.org"}, {"name", "Late"}, {"role", "staff"}},
                 admin.token)
              .status == 201);
  const std::string late = InvitationToken(s, "late@example.org");
  REQUIRE(s.Post("/api/v1/users/invitations",
                 json{{"email", "raced@example.org"}, {"name", "Raced"}, {"role", "admin"}},
                 admin.token)
              .status == 201);
  const std::string raced = InvitationToken(s, "raced@example.org");
  s.app().db().Write([&](storage::Conn& c) {
    storage::Exec(c, "UPDATE staff_invitations SET expires_at = '2000-01-01T00:00:00Z' WHERE "
                     "email = 'late@example.org'");
    return true;
  });
  CHECK(s.Get("/api/v1/invitations/" + late).status == 404);
  CHECK(s.Post("/api/v1/invitations/" + late + "/accept", {{"password", "a good long pw"}})
            .status == 404);
  // The person signed up by themselves before accepting.
  REQUIRE(s.Post("/api/v1/auth/register",
                 {{"email", "RACED@example.org"}, {"password", "long enough pw"}, {"name", "R"}})
              .status == 201);
  Reply r = s.Post("/api/v1/invitations/" + raced + "/accept", {{"password", "a good long pw"}});
  CHECK(r.status == 409);
  CHECK(r.body.find("email_taken") != std::string::npos);
}

TEST_CASE("first event: a companion's address gets the ticket with a link that needs no account") {
  TestServer s;
  TestUser owner = s.MakeUser("organizer");
  TestUser buyer = s.MakeUser("attendee", "Budi Buyer");
  TestUser stranger = s.MakeUser();
  const int64_t event = fx::MakeEvent(s, owner.id, "published");
  const int64_t type = fx::MakeTicketType(s, event);
  auto tickets = fx::MakeTickets(s, event, type, buyer.id, 2, "Budi Buyer", buyer.email);
  const std::string path = "/api/v1/tickets/" + std::to_string(tickets[1].id);
  std::string link_key;
  const auto key_of = [](const std::string& url) {
    const size_t at = url.find("?key=");
    REQUIRE(at != std::string::npos);
    return url.substr(at + 5);
  };
  std::vector<Scenario> table = {
      {"the buyer names a companion with her own address", "PATCH", path,
       json{{"holder_name", "Citra Companion"}, {"holder_email", "citra@example.org"}}.dump(),
       buyer.token, 200, {"Citra Companion", "citra@example.org"}, {}, nullptr,
       [&](TestServer& srv, const Reply&) {
         auto mails = srv.Mails("ticket_holder", "citra@example.org");
         REQUIRE(mails.size() == 1);
         CHECK(mails[0]["buyer_name"] == "Budi Buyer");
         CHECK(mails[0]["ticket_code"] == tickets[1].code);  // its inline QR (as the buyer's)
         CHECK(mails[0]["ticket_ref"].get<std::string>().find("-2") != std::string::npos);
         const std::string url = mails[0]["ticket_url"];
         CHECK(url.find("/account/tickets/" + std::to_string(tickets[1].id) + "?key=") !=
               std::string::npos);
         link_key = key_of(url);
         // No account for her: the language of the buyer (English here; Indonesian in
         // test_event_zone_holders_routes.cpp), not the deployment's default.
         CHECK(storage::ScalarInt(srv.app().db().Reader(),
                                  "SELECT COUNT(*) FROM mail_outbox WHERE kind = 'ticket_holder' "
                                  "AND locale = 'en'")
                   .value_or(0) == 1);
       }},
      {"the link shows her the ticket", "GET", path + "/shared?key=KEY", "", "", 200,
       {"Citra Companion", "\"code\":\"L1"}},
      {"and its QR", "GET", path + "/shared/qr.svg?key=KEY", "", "", 200, {"<svg"}},
      {"a wrong key", "GET", path + "/shared?key=AAAAAAAAAAAAAAAAAAAAAA", "", "", 404,
       {"not_found"}, {"Citra"}},
      {"no key", "GET", path + "/shared", "", "", 404, {"not_found"}},
      {"the key of another ticket", "GET",
       "/api/v1/tickets/" + std::to_string(tickets[0].id) + "/shared?key=KEY", "", "", 404,
       {"not_found"}},
      {"the buyer keeps it", "GET", path, "", buyer.token, 200, {"Citra Companion"}},
      {"a stranger cannot change it", "PATCH", path,
       json{{"holder_email", "eve@example.org"}}.dump(), stranger.token, 404, {"not_found"}},
      {"changing only the name mails nobody", "PATCH", path,
       json{{"holder_name", "Citra C."}}.dump(), buyer.token, 200, {"Citra C."}, {}, nullptr,
       [&](TestServer& srv, const Reply&) {
         CHECK(srv.Mails("ticket_holder", "citra@example.org").size() == 1);
       }},
      {"handing it on to someone else", "PATCH", path,
       json{{"holder_name", "Dimas"}, {"holder_email", "dimas@example.org"}}.dump(), buyer.token,
       200, {"Dimas"}, {}, nullptr,
       [&](TestServer& srv, const Reply&) {
         CHECK(srv.Mails("ticket_holder", "dimas@example.org").size() == 1);
       }},
      {"the first companion's link no longer works", "GET", path + "/shared?key=KEY", "", "", 404,
       {"not_found"}, {"Dimas"}},
      {"back to the buyer's own address: no mail", "PATCH", path,
       json{{"holder_email", buyer.email}}.dump(), buyer.token, 200, {}, {}, nullptr,
       [&](TestServer& srv, const Reply&) {
         CHECK(srv.Mails("ticket_holder", buyer.email).empty());
       }},
      {"a bad address", "PATCH", path, json{{"holder_email", "nope"}}.dump(), buyer.token, 400,
       {"\"holder_email\""}},
  };
  for (Scenario& sc : table) {
    const size_t at = sc.path.find("KEY");
    if (at != std::string::npos) sc.path.replace(at, 3, link_key);
    RunScenarios(s, {sc});
  }
}

TEST_CASE("first event: the events filter's day and the sales days are the deployment's (WIB)") {
  TestServer s;  // timezone: Asia/Jakarta, the default
  TestUser owner = s.MakeUser("organizer");
  const int year = std::stoi(lanyard::NowRfc3339().substr(0, 4)) + 1;
  const std::string Y = std::to_string(year);
  // 17:30 UTC on 30 November is half past midnight on 1 December in Jakarta.
  Reply created = s.Post("/api/v1/events",
                         {{"title", "Midnight Meetup"},
                          {"starts_at", Y + "-11-30T17:30:00Z"},
                          {"ends_at", Y + "-11-30T20:00:00Z"}},
                         owner.token);
  REQUIRE(created.status == 201);
  const int64_t id = created.Json()["id"];
  REQUIRE(s.Post("/api/v1/events/" + std::to_string(id) + "/submit", json::object(), owner.token)
              .status == 200);
  std::vector<Scenario> table = {
      {"1 December in Jakarta holds it", "GET", "/api/v1/events?date=" + Y + "-12-01", "", "", 200,
       {"Midnight Meetup", "\"total\":1"}},
      {"30 November in Jakarta does not", "GET", "/api/v1/events?date=" + Y + "-11-30", "", "",
       200, {"\"total\":0"}, {"Midnight Meetup"}},
      {"December holds it", "GET", "/api/v1/events?date=" + Y + "-12", "", "", 200,
       {"Midnight Meetup"}},
  };
  RunScenarios(s, table);

  // A sale paid at 17:30 UTC counts for the next day in WIB.
  TestUser buyer = s.MakeUser();
  const int64_t type = fx::MakeTicketType(s, id);
  auto t = fx::MakeTickets(s, id, type, buyer.id, 1);
  s.app().db().Write([&](storage::Conn& c) {
    storage::Exec(c, "UPDATE orders SET paid_at = ? WHERE id = ?", Y + "-11-30T17:30:00Z",
                  t[0].order_id);
    return true;
  });
  Reply stats = s.Get("/api/v1/events/" + std::to_string(id) + "/stats", owner.token);
  REQUIRE(stats.status == 200);
  REQUIRE(stats.Json()["sales_by_day"].size() == 1);
  CHECK(stats.Json()["sales_by_day"][0]["date"] == Y + "-12-01");
}

TEST_CASE("first event: a WITA event's sales days are its own zone's, on a WIB site") {
  TestServer s;  // timezone: Asia/Jakarta, the default
  TestUser owner = s.MakeUser("organizer");
  const int year = std::stoi(lanyard::NowRfc3339().substr(0, 4)) + 1;
  const std::string Y = std::to_string(year);
  Reply created = s.Post("/api/v1/events",
                         {{"title", "Bali Meetup"},
                          {"starts_at", Y + "-12-05T01:00:00Z"},
                          {"ends_at", Y + "-12-05T08:00:00Z"},
                          {"time_zone", "Asia/Makassar"}},
                         owner.token);
  REQUIRE(created.status == 201);
  const int64_t id = created.Json()["id"];
  REQUIRE(s.Post("/api/v1/events/" + std::to_string(id) + "/submit", json::object(), owner.token)
              .status == 200);
  // 16:30 UTC on 30 November: 23:30 WIB the same day, 00:30 WITA on 1 December.
  TestUser buyer = s.MakeUser();
  const int64_t type = fx::MakeTicketType(s, id);
  auto t = fx::MakeTickets(s, id, type, buyer.id, 1);
  s.app().db().Write([&](storage::Conn& c) {
    storage::Exec(c, "UPDATE orders SET paid_at = ? WHERE id = ?", Y + "-11-30T16:30:00Z",
                  t[0].order_id);
    return true;
  });
  Reply stats = s.Get("/api/v1/events/" + std::to_string(id) + "/stats", owner.token);
  REQUIRE(stats.status == 200);
  CHECK(stats.Json()["time_zone"] == "Asia/Makassar");
  REQUIRE(stats.Json()["sales_by_day"].size() == 1);
  CHECK(stats.Json()["sales_by_day"][0]["date"] == Y + "-12-01");
}
