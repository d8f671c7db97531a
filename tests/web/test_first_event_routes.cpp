// What a committee meets on its first event (issue 15) over HTTP: the language of sign-up and of
// mails, the time zone and default language settings.
#include <doctest/doctest.h>

#include "storage/query.h"
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
