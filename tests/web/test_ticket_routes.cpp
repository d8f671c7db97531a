// SPEC §7: the attendee's tickets (list, one, QR images, holder change) and SPEC §4's
// attendee list with its CSV, over real HTTP.
#include <doctest/doctest.h>
#include <sys/wait.h>

#include <cstdio>

#include "core/events/attendees.h"
#include "core/common/qr.h"
#include "storage/query.h"
#include "tests/support/test_server.h"
#include "tests/web/ticket_fixture.h"

using namespace lanyard;
using namespace lanyard::testing;
using nlohmann::json;

namespace {

// Who is who in every test below: org1 owns the published event E1; org2 owns the draft E2
// and the published E3; `holder` bought one ticket of each; `other` bought nothing.
struct World {
  TestUser admin, staff, org1, org2, holder, other;
  int64_t e1 = 0, e2 = 0, e3 = 0;
  IssuedTicket t1, t2, t3;
};

World MakeWorld(TestServer& s) {
  World w;
  w.admin = s.MakeUser("admin");
  w.staff = s.MakeUser("staff");
  w.org1 = s.MakeUser("organizer");
  w.org2 = s.MakeUser("organizer");
  w.holder = s.MakeUser("attendee", "Rani Putri");
  w.other = s.MakeUser("attendee");
  w.e1 = MakeEvent(s, w.org1.id, "published");
  w.e2 = MakeEvent(s, w.org2.id, "draft");
  w.e3 = MakeEvent(s, w.org2.id, "published");
  w.t1 = MakeTickets(s, w.e1, MakeTicketType(s, w.e1), w.holder.id)[0];
  w.t2 = MakeTickets(s, w.e2, MakeTicketType(s, w.e2), w.holder.id)[0];
  w.t3 = MakeTickets(s, w.e3, MakeTicketType(s, w.e3), w.holder.id)[0];
  return w;
}

std::string Path(int64_t id, const std::string& tail = "") {
  return "/api/v1/tickets/" + std::to_string(id) + tail;
}

}  // namespace

TEST_CASE("tickets: IssueTickets gives one signed ticket per unit") {
  TestServer s;
  TestUser org = s.MakeUser("organizer");
  TestUser buyer = s.MakeUser("attendee");
  const int64_t e = MakeEvent(s, org.id, "published");
  const int64_t vip = MakeTicketType(s, e, "VIP");
  auto issued = MakeTickets(s, e, vip, buyer.id, 3);
  REQUIRE(issued.size() == 3);
  for (const auto& t : issued) {
    auto claims = s.app().ticket_signer().Verify(t.code);
    REQUIRE(claims);
    CHECK(claims->ticket_id == t.id);
    CHECK(claims->event_id == e);
    CHECK(t.code.size() <= kTicketCodeMaxLength);
  }
  CHECK(issued[0].code != issued[1].code);
  // The mail's list: {id, code, holder_name, ticket_type}. Checked after the unit rolls back.
  std::vector<json> list, all;
  s.app().db().Write([&](storage::Conn& c) {
    TicketIssueRequest r{issued[0].order_id, e, buyer.id, "Budi", "budi@example.org", {{vip, 1}}};
    list = IssueTickets(c, s.app().ticket_signer(), r);
    all = OrderTicketsJson(c, issued[0].order_id);
    return false;
  });
  REQUIRE(list.size() == 1);
  CHECK(list[0].size() == 5);  // id, code, ref, holder_name, ticket_type
  CHECK(list[0]["ref"] == OrderCode(s, issued[0].order_id) + "-4");  // after the order's first 3
  CHECK(list[0]["ticket_type"] == "VIP");
  CHECK(list[0]["holder_name"] == "Budi");
  CHECK(list[0]["code"].get<std::string>().rfind("L1", 0) == 0);
  REQUIRE(all.size() == 4);
  CHECK(all[0]["status"] == "valid");
  CHECK(all[0]["order_code"].is_string());
  CHECK(s.Get("/api/v1/tickets", buyer.token).Json()["total"] == 3);  // rolled back
  VoidOrder(s, issued[0].order_id);
  Reply r = s.Get(Path(issued[0].id), buyer.token);
  CHECK(r.Json()["status"] == "void");
}

TEST_CASE("tickets: own list and one ticket, by role") {
  TestServer s;
  World w = MakeWorld(s);
  const std::string t1 = Path(w.t1.id);
  const std::string t2 = Path(w.t2.id);
  RunScenarios(s, {
      {"own list", "GET", "/api/v1/tickets", "", w.holder.token, 200,
       {"\"total\":3", w.t1.code, w.t2.code, "\"limit\":20", "\"offset\":0", "\"ticket_type\":\"Regular\""}},
      {"own list of someone with none", "GET", "/api/v1/tickets", "", w.other.token, 200,
       {"\"total\":0", "\"items\":[]"}, {w.t1.code}},
      {"list paged", "GET", "/api/v1/tickets?limit=1&offset=1", "", w.holder.token, 200,
       {"\"total\":3", "\"limit\":1", "\"offset\":1", w.t2.code}, {w.t1.code, w.t3.code}},
      {"list bad limit", "GET", "/api/v1/tickets?limit=0", "", w.holder.token, 400,
       {"validation_failed"}},
      {"list anonymous", "GET", "/api/v1/tickets", "", "", 401, {"unauthorized"}},
      {"owner", "GET", t1, "", w.holder.token, 200,
       {w.t1.code, "\"holder_name\":\"Rani Putri\"", "\"status\":\"valid\"", "\"checked_in_at\":null",
        "\"order_id\"", "\"event_id\"", "\"ticket_type_id\"", "\"created_at\""}},
      {"staff", "GET", t1, "", w.staff.token, 200, {w.t1.code}},
      {"admin", "GET", t2, "", w.admin.token, 200, {w.t2.code}},
      {"event owner", "GET", t1, "", w.org1.token, 200, {w.t1.code}},
      {"another organizer", "GET", t1, "", w.org2.token, 404, {"not_found"}, {w.t1.code}},
      {"organizer of a draft event's ticket", "GET", t2, "", w.org2.token, 200},
      {"another attendee", "GET", t1, "", w.other.token, 404, {"not_found"}, {w.t1.code}},
      {"anonymous", "GET", t1, "", "", 401},
      {"no such ticket", "GET", Path(999999), "", w.admin.token, 404},
      {"id too large", "GET", "/api/v1/tickets/99999999999999999999999", "", w.admin.token, 404},
  });
}

TEST_CASE("tickets: QR images of the code, never cached") {
  TestServer s;
  World w = MakeWorld(s);
  Reply svg = s.Get(Path(w.t1.id, "/qr.svg"), w.holder.token);
  CHECK(svg.status == 200);
  CHECK(svg.Header("Content-Type").rfind("image/svg+xml", 0) == 0);
  CHECK(svg.Header("Cache-Control").find("no-store") != std::string::npos);
  CHECK(svg.Header("X-Content-Type-Options") == "nosniff");
  CHECK(svg.body.find("<svg") != std::string::npos);
  Reply png = s.Get(Path(w.t1.id, "/qr.png"), w.staff.token);
  CHECK(png.status == 200);
  CHECK(png.Header("Content-Type") == "image/png");
  CHECK(png.Header("Cache-Control").find("no-store") != std::string::npos);
  CHECK(png.body.rfind("\x89PNG\r\n\x1a\n", 0) == 0);
  CHECK(png.body == QrPng(w.t1.code));
  RunScenarios(s, {
      {"event owner", "GET", Path(w.t1.id, "/qr.png"), "", w.org1.token, 200},
      {"another attendee", "GET", Path(w.t1.id, "/qr.svg"), "", w.other.token, 404, {"not_found"}},
      {"another organizer", "GET", Path(w.t1.id, "/qr.png"), "", w.org2.token, 404},
      {"anonymous", "GET", Path(w.t1.id, "/qr.svg"), "", "", 401},
      {"no such ticket", "GET", Path(424242, "/qr.svg"), "", w.holder.token, 404},
  });
}

TEST_CASE("tickets: the owner changes the holder before check-in") {
  TestServer s;
  World w = MakeWorld(s);
  const std::string t1 = Path(w.t1.id);
  auto void_ticket = MakeTickets(s, w.e1, MakeTicketType(s, w.e1, "Void"), w.holder.id)[0];
  VoidOrder(s, void_ticket.order_id);
  RunScenarios(s, {
      {"new holder", "PATCH", t1, R"({"holder_name":"  Budi Santoso ","holder_email":"budi@example.org"})",
       w.holder.token, 200, {"\"holder_name\":\"Budi Santoso\"", "\"holder_email\":\"budi@example.org\""},
       {}, nullptr,
       [&](TestServer& srv, const Reply&) {
         Reply again = srv.Get(Path(w.t1.id), w.holder.token);
         CHECK(again.Json()["holder_name"] == "Budi Santoso");
         CHECK(again.Json()["code"] == w.t1.code);  // the code does not change
       }},
      {"only the name", "PATCH", t1, R"({"holder_name":"Citra"})", w.holder.token, 200,
       {"\"holder_name\":\"Citra\"", "\"holder_email\":\"budi@example.org\""}},
      {"unknown and forbidden fields ignored", "PATCH", t1,
       R"({"status":"void","checked_in_at":"2026-01-01T00:00:00Z","code":"X","extra":1})",
       w.holder.token, 200, {"\"status\":\"valid\"", "\"checked_in_at\":null", w.t1.code}},
      {"bad email", "PATCH", t1, R"({"holder_email":"not-an-email"})", w.holder.token, 400,
       {"validation_failed", "\"holder_email\""}},
      {"empty name", "PATCH", t1, R"({"holder_name":"   "})", w.holder.token, 400,
       {"validation_failed", "\"holder_name\""}},
      {"name too long", "PATCH", t1, json{{"holder_name", std::string(201, 'a')}}.dump(),
       w.holder.token, 400, {"\"holder_name\""}},
      {"wrong type", "PATCH", t1, R"({"holder_name":5})", w.holder.token, 400, {"bad_request"}},
      {"malformed JSON", "PATCH", t1, R"({"holder_name":)", w.holder.token, 400, {"bad_request"}},
      {"staff may see but not change", "PATCH", t1, R"({"holder_name":"X"})", w.staff.token, 403,
       {"forbidden"}},
      {"event owner may not change", "PATCH", t1, R"({"holder_name":"X"})", w.org1.token, 403},
      {"another organizer", "PATCH", t1, R"({"holder_name":"X"})", w.org2.token, 404},
      {"another attendee", "PATCH", t1, R"({"holder_name":"X"})", w.other.token, 404},
      {"anonymous", "PATCH", t1, R"({"holder_name":"X"})", "", 401},
      {"no such ticket", "PATCH", Path(777777), R"({"holder_name":"X"})", w.holder.token, 404},
      {"void ticket", "PATCH", Path(void_ticket.id), R"({"holder_name":"X"})", w.holder.token,
       409, {"ticket_void"}},
      {"after check-in", "PATCH", t1, R"({"holder_name":"Late"})", w.holder.token, 409,
       {"already_checked_in", "first_checked_in_at"}, {},
       [&](TestServer& srv) {
         Reply in = srv.Post("/api/v1/checkin", {{"code", w.t1.code}}, w.staff.token);
         REQUIRE(in.status == 200);
       },
       [&](TestServer& srv, const Reply&) {
         CHECK(srv.Get(Path(w.t1.id), w.holder.token).Json()["holder_name"] == "Citra");
       }},
  });
}

TEST_CASE("attendees: list, filter, CSV with formula guard, by role") {
  TestServer s;
  World w = MakeWorld(s);
  const int64_t type = MakeTicketType(s, w.e1, "VIP, \"gold\"");
  auto budi = MakeTickets(s, w.e1, type, w.other.id, 2, "=HYPERLINK(\"x\")", "budi@example.org");
  auto gone = MakeTickets(s, w.e1, type, w.other.id, 1, "Refunded Person", "gone@example.org")[0];
  VoidOrder(s, gone.order_id);
  const std::string order_code = OrderCode(s, budi[0].order_id);
  const std::string base = "/api/v1/events/" + std::to_string(w.e1) + "/attendees";
  REQUIRE(s.Post("/api/v1/checkin", {{"code", w.t1.code}}, w.staff.token).status == 200);

  RunScenarios(s, {
      {"event owner", "GET", base, "", w.org1.token, 200,
       {"\"total\":3", "\"holder_name\":\"Rani Putri\"", "\"order_code\":\"" + order_code + "\"",
        "\"ticket_type\":\"Regular\"", "\"ticket_id\":" + std::to_string(w.t1.id),
        "\"holder_email\":\"budi@example.org\""},
       {"Refunded Person", w.t1.code}},
      {"staff, paged", "GET", base + "?limit=1&offset=1", "", w.staff.token, 200,
       {"\"total\":3", "\"limit\":1", "\"offset\":1"}},
      {"q by name", "GET", base + "?q=rani", "", w.admin.token, 200, {"\"total\":1", "Rani Putri"}},
      {"q by email", "GET", base + "?q=budi%40example", "", w.admin.token, 200, {"\"total\":2"}},
      {"q by order code", "GET", base + "?q=" + order_code, "", w.admin.token, 200,
       {"\"total\":2"}, {"Rani Putri"}},
      {"q matching nobody", "GET", base + "?q=zzzz", "", w.admin.token, 200, {"\"total\":0"}},
      {"checked_in_at shown", "GET", base + "?q=rani", "", w.admin.token, 200, {},
       {"\"checked_in_at\":null"}},
      {"bad format", "GET", base + "?format=xml", "", w.admin.token, 400, {"validation_failed"}},
      {"bad limit", "GET", base + "?limit=500", "", w.admin.token, 400, {"validation_failed"}},
      {"attendee", "GET", base, "", w.holder.token, 403, {"forbidden"}},
      {"another organizer, published event", "GET", base, "", w.org2.token, 403},
      {"another organizer, draft event", "GET",
       "/api/v1/events/" + std::to_string(w.e2) + "/attendees", "", w.org1.token, 404},
      {"no such event", "GET", "/api/v1/events/999999/attendees", "", w.admin.token, 404},
      {"anonymous", "GET", base, "", "", 401},
  });

  Reply csv = s.Get(base + "?format=csv", w.org1.token);
  REQUIRE(csv.status == 200);
  CHECK(csv.Header("Content-Type").rfind("text/csv", 0) == 0);
  CHECK(csv.Header("Content-Disposition").find("attachment") != std::string::npos);
  CHECK(csv.body.rfind("ticket_id,holder_name,holder_email,ticket_type,order_code,status,checked_in_at,"
                       "ticket_ref,checked_in_local,time_zone\r\n", 0) == 0);
  // Formula cells are defused with a leading quote, then CSV-quoted for the inner quotes.
  CHECK(csv.body.find("\"'=HYPERLINK(\"\"x\"\")\"") != std::string::npos);
  CHECK(csv.body.find("\"VIP, \"\"gold\"\"\"") != std::string::npos);
  CHECK(csv.body.find("Refunded Person") == std::string::npos);
  CHECK(csv.body.find("Rani Putri") != std::string::npos);
  int lines = 0;
  for (size_t at = 0; (at = csv.body.find("\r\n", at)) != std::string::npos; at += 2) ++lines;
  CHECK(lines == 4);  // header + 3
  Reply filtered = s.Get(base + "?format=csv&q=rani", w.staff.token);
  CHECK(filtered.body.find("HYPERLINK") == std::string::npos);
  CHECK(s.Get(base + "?format=csv", w.holder.token).status == 403);
  CHECK(s.Get("/api/v1/events/" + std::to_string(w.e2) + "/attendees?format=csv", w.org1.token)
            .status == 404);
}

TEST_CASE("attendees: CSV has the door's ticket reference and the check-in in the event's zone") {
  TestServer s;
  World w = MakeWorld(s);
  // A WITA event on a site whose zone is another: the local column follows the event.
  REQUIRE(s.Patch("/api/v1/settings", {{"timezone", "Asia/Jakarta"}}, w.admin.token).status == 200);
  s.app().db().Write([&](storage::Conn& c) {
    storage::Exec(c, "UPDATE events SET time_zone = ? WHERE id = ?", "Asia/Makassar", w.e1);
    storage::Exec(c, "UPDATE tickets SET checked_in_at = ? WHERE id = ?", "2026-12-20T01:05:09Z",
                  w.t1.id);
    return true;
  });
  const std::string base = "/api/v1/events/" + std::to_string(w.e1) + "/attendees";
  const json rows = s.Get(base, w.admin.token).Json()["items"];
  std::string ref;
  for (const json& row : rows) {
    if (row["ticket_id"] == w.t1.id) ref = row["ref"].get<std::string>();
  }
  REQUIRE_FALSE(ref.empty());
  Reply csv = s.Get(base + "?format=csv", w.org1.token);
  REQUIRE(csv.status == 200);
  // The existing columns keep their places; the new ones come after checked_in_at.
  const std::string row_of_t1 = std::to_string(w.t1.id) + ",";
  const size_t at = csv.body.find("\r\n" + row_of_t1);
  REQUIRE(at != std::string::npos);
  const std::string line = csv.body.substr(at + 2, csv.body.find("\r\n", at + 2) - at - 2);
  const std::string tail = ",2026-12-20T01:05:09Z," + ref + ",2026-12-20 09:05:09,Asia/Makassar";
  CHECK_MESSAGE(line.size() > tail.size(), line);
  CHECK_MESSAGE(line.compare(line.size() - tail.size(), tail.size(), tail) == 0, line);
  // Not checked in: both times empty, the reference and the zone still there.
  CHECK(csv.body.find(",," + ref) == std::string::npos);
  size_t unchecked = 0;
  for (const json& row : rows) {
    if (!row["checked_in_at"].is_null()) continue;
    const std::string expect = ",," + row["ref"].get<std::string>() + ",,Asia/Makassar\r\n";
    if (csv.body.find(expect) != std::string::npos) ++unchecked;
  }
  CHECK(unchecked == rows.size() - 1);
  // Without its own zone the event reads in the deployment's.
  s.app().db().Write([&](storage::Conn& c) {
    storage::Exec(c, "UPDATE events SET time_zone = '' WHERE id = ?", w.e1);
    return true;
  });
  CHECK(s.Get(base + "?format=csv", w.org1.token).body.find(",2026-12-20 08:05:09,Asia/Jakarta\r\n") !=
        std::string::npos);
}

TEST_CASE("attendees: CSV cells") {
  CHECK(attendees::CsvCell("plain") == "plain");
  CHECK(attendees::CsvCell("") == "");
  CHECK(attendees::CsvCell("a,b") == "\"a,b\"");
  CHECK(attendees::CsvCell("say \"hi\"") == "\"say \"\"hi\"\"\"");
  CHECK(attendees::CsvCell("two\nlines") == "\"two\nlines\"");
  CHECK(attendees::CsvCell("=1+2") == "'=1+2");
  CHECK(attendees::CsvCell("+62 811") == "'+62 811");
  CHECK(attendees::CsvCell("-5") == "'-5");
  CHECK(attendees::CsvCell("@SUM(A1)") == "'@SUM(A1)");
  CHECK(attendees::CsvCell("\t=x") == "'\t=x");
  CHECK(attendees::CsvCell("=a,b") == "\"'=a,b\"");
}

namespace {

// Runs the built binary; returns its exit status and fills `out` with its stdout.
int RunLanyard(const std::string& args, std::string* out) {
  const std::string command = std::string(LANYARD_BINARY) + " " + args + " 2>/dev/null";
  FILE* pipe = popen(command.c_str(), "r");
  if (!pipe) return -1;
  char buffer[4096];
  size_t n = 0;
  out->clear();
  while ((n = fread(buffer, 1, sizeof buffer, pipe)) > 0) out->append(buffer, n);
  const int status = pclose(pipe);
  return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

}  // namespace

TEST_CASE("attendees: lanyard export attendees prints what the route gives") {
  TestServer s;
  World w = MakeWorld(s);
  MakeTickets(s, w.e1, MakeTicketType(s, w.e1, "VIP"), w.other.id, 2, "@Budi", "budi@example.org");
  // On PostgreSQL the command reads the server's database (--db), as an operator runs it.
  const std::string data = "--data '" + s.data_dir() + "/data'" +
                           (s.db_url().empty() ? "" : " --db '" + s.db_url() + "'");
  const std::string event = std::to_string(w.e1);

  std::string csv;
  REQUIRE(RunLanyard("export attendees --event " + event + " " + data, &csv) == 0);
  Reply route = s.Get("/api/v1/events/" + event + "/attendees?format=csv", w.admin.token);
  CHECK(csv == route.body);
  CHECK(csv.find("'@Budi") != std::string::npos);

  std::string text;
  REQUIRE(RunLanyard("export attendees --event " + event + " --format json " + data, &text) == 0);
  json rows = json::parse(text, nullptr, false);
  REQUIRE(rows.is_array());
  CHECK(rows.size() == 3);
  CHECK(rows == s.Get("/api/v1/events/" + event + "/attendees", w.admin.token).Json()["items"]);

  CHECK(RunLanyard("export attendees --event 999999 " + data, &text) != 0);
  CHECK(RunLanyard("export attendees --event " + event + " --format xml " + data, &text) != 0);
  CHECK(RunLanyard("export attendees " + data, &text) != 0);
  CHECK(RunLanyard("export attendees --event 1 --data /nonexistent/lanyard", &text) != 0);
}
