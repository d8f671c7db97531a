// SPEC §6 "Bank statements and partial payments", over real HTTP: uploading an export, every
// match kind, applying (once, whatever is uploaded again), the money that matched nothing and
// its assignment by hand, partial payments at the desk, overpayment, expiry with money on the
// order, and every refused caller. State is checked in the database and the outbox too.
#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "core/orders/orders.h"
#include "core/common/time_util.h"
#include "storage/query.h"
#include "tests/support/test_server.h"

using namespace lanyard;
using namespace lanyard::testing;
using nlohmann::json;

namespace {

std::string Api(const std::string& tail) { return "/api/v1" + tail; }
std::string EventPath(int64_t id, const std::string& tail = "") { return Api("/events/" + std::to_string(id) + tail); }
std::string StatementPath(int64_t id, const std::string& tail = "") {
  return Api("/bank-statements/" + std::to_string(id) + tail);
}

int64_t PublishedEvent(TestServer& s, const TestUser& organizer, const std::string& title, int64_t* type,
                       int64_t quota = 10) {
  const int64_t start = NowSeconds() + 30 * 86400;
  Reply e = s.Post(Api("/events"), {{"title", title}, {"venue", "Aula"}, {"starts_at", FormatRfc3339(start)},
                                    {"ends_at", FormatRfc3339(start + 3600)}}, organizer.token);
  REQUIRE_MESSAGE(e.status == 201, e.body);
  const int64_t id = e.Json()["id"].get<int64_t>();
  Reply t = s.Post(EventPath(id, "/ticket-types"),
                   {{"name", "Regular"}, {"kind", "paid"}, {"price", 150000}, {"quota", quota}}, organizer.token);
  REQUIRE_MESSAGE(t.status == 201, t.body);
  *type = t.Json()["id"].get<int64_t>();
  REQUIRE(s.Post(EventPath(id, "/submit"), json::object(), organizer.token).status == 200);
  return id;
}

json Order(TestServer& s, const TestUser& buyer, int64_t event, int64_t type, int64_t quantity = 1) {
  Reply r = s.Post(Api("/orders"), {{"event_id", event}, {"items", {{{"ticket_type_id", type}, {"quantity", quantity}}}}},
                   buyer.token);
  REQUIRE_MESSAGE(r.status == 201, r.body);
  return r.Json();
}

json GetOrder(TestServer& s, const TestUser& who, int64_t id) {
  Reply r = s.Get(Api("/orders/" + std::to_string(id)), who.token);
  REQUIRE_MESSAGE(r.status == 200, r.body);
  return r.Json();
}

Reply UploadCsv(TestServer& s, const TestUser& who, int64_t event, const std::string& csv,
                const std::string& columns = "") {
  httplib::MultipartFormDataItems extra;
  if (!columns.empty()) extra.push_back({"columns", columns, "", ""});
  return s.Upload(EventPath(event, "/bank-statements"), csv, "mutasi.csv", who.token, extra);
}

json MustUpload(TestServer& s, const TestUser& who, int64_t event, const std::string& csv) {
  Reply r = UploadCsv(s, who, event, csv);
  REQUIRE_MESSAGE(r.status == 201, r.body);
  return r.Json();
}

const json& Line(const json& statement, int n) { return statement["lines"][static_cast<size_t>(n - 1)]; }

int64_t Scalar(TestServer& s, const char* sql, int64_t id) {
  return storage::ScalarInt(s.app().db().Reader(), sql, id).value_or(-1);
}

// A BCA-style export line: date, description, amount with a CR/DB column.
std::string BcaLine(const std::string& date, const std::string& description, const std::string& amount,
                    const char* marker = "CR") {
  return "'" + date + ",'" + description + ",'0000,\"" + amount + "\"," + marker + ",\"1,000,000.00\"\n";
}
const std::string kBcaHeader =
    "Informasi Rekening - Mutasi Rekening\nNo. rekening : 1234567890\n\n"
    "Tanggal Transaksi,Keterangan,Cabang,Jumlah,,Saldo\n";

// Who is who: `org` owns `event` (Regular, 150.000) and `other_event`; three buyers.
struct Desk {
  TestUser admin, staff, org, other_org, buyer, buyer2, buyer3;
  int64_t event = 0, type = 0, other_event = 0, other_type = 0;
};

Desk MakeDesk(TestServer& s) {
  Desk d;
  d.admin = s.MakeUser("admin");
  d.staff = s.MakeUser("staff", "Desk Staff");
  d.org = s.MakeUser("organizer", "Olivia Organizer");
  d.other_org = s.MakeUser("organizer", "Another Organizer");
  d.buyer = s.MakeUser("attendee", "Rani Putri");
  d.buyer2 = s.MakeUser("attendee", "Budi Santoso");
  d.buyer3 = s.MakeUser("attendee", "Siti Aminah");
  d.event = PublishedEvent(s, d.org, "Seminar Nasional", &d.type);
  d.other_event = PublishedEvent(s, d.org, "Workshop", &d.other_type);
  return d;
}

}  // namespace

TEST_CASE("bank statements: every match kind, then apply pays orders once and mails tickets") {
  TestServer s;
  Desk d = MakeDesk(s);
  const json exact = Order(s, d.buyer, d.event, d.type);
  const json partial = Order(s, d.buyer2, d.event, d.type, 2);  // 300.000
  const json over = Order(s, d.buyer3, d.event, d.type);
  const json elsewhere = Order(s, d.buyer, d.other_event, d.other_type);
  const std::string lower = [&] {
    std::string c = partial["code"];
    for (char& ch : c) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
    return c;
  }();
  const std::string exact_code = exact["code"], over_code = over["code"], other_code = elsewhere["code"];
  const std::string csv = kBcaHeader +
      BcaLine("05/11", "TRSF E-BANKING CR 0511/FTSCY/WS95031 150000.00 " + exact_code + " RANI", "150,000.00") +
      BcaLine("05/11", "BIAYA ADM", "10,000.00", "DB") +
      BcaLine("06/11", "cicilan " + lower.substr(0, 4) + " " + lower.substr(4) + " budi", "100,000.00") +
      BcaLine("06/11", "BAYAR" + over_code + "SITI", "200,000.00") +
      BcaLine("07/11", "dua tiket " + exact_code + " " + over_code, "300,000.00") +
      BcaLine("07/11", "workshop " + other_code, "150,000.00") +
      BcaLine("08/11", "TRANSFER DARI HENDRA", "150,000.00") +
      BcaLine("08/11", "tanpa jumlah " + exact_code, "abc");
  const json st = MustUpload(s, d.staff, d.event, csv);
  const int64_t id = st["id"].get<int64_t>();
  CHECK(st["debits_ignored"] == 1);
  CHECK(st["columns"]["amount"] == "Jumlah");
  REQUIRE(st["lines"].size() == 7);
  CHECK(Line(st, 1)["match"]["kind"] == "exact");
  CHECK(Line(st, 1)["match"]["order_id"] == exact["id"]);
  CHECK(Line(st, 1)["match"]["amount_due"] == 150000);
  CHECK(Line(st, 1)["order"]["buyer"] == "Rani Putri");
  CHECK(Line(st, 2)["match"]["kind"] == "partial");
  CHECK(Line(st, 2)["match"]["code"] == partial["code"]);
  CHECK(Line(st, 3)["match"]["kind"] == "overpaid");
  CHECK(Line(st, 4)["match"]["kind"] == "ambiguous");
  CHECK(Line(st, 4)["match"]["reason"] == "several_codes");
  CHECK(Line(st, 5)["match"]["kind"] == "ambiguous");
  CHECK(Line(st, 5)["match"]["reason"] == "other_event");
  CHECK(Line(st, 6)["match"]["kind"] == "unmatched");
  CHECK(Line(st, 6)["match"]["reason"] == "no_order_code");
  CHECK(Line(st, 7)["match"]["kind"] == "unmatched");
  CHECK(Line(st, 7)["match"]["reason"] == "amount_unreadable");
  CHECK(st["counts"]["exact"] == 1);
  // Nothing is applied before a person looks.
  CHECK(Scalar(s, "SELECT COUNT(*) FROM order_payments WHERE order_id = ?", exact["id"].get<int64_t>()) == 0);
  CHECK(GetOrder(s, d.buyer, exact["id"])["status"] == "pending");

  Reply applied = s.Post(StatementPath(id, "/apply"), json::object(), d.staff.token);
  REQUIRE_MESSAGE(applied.status == 200, applied.body);
  CHECK(applied.Json()["applied"].size() == 3);
  const json paid = GetOrder(s, d.buyer, exact["id"]);
  CHECK(paid["status"] == "paid");
  CHECK(paid["amount_paid"] == 150000);
  CHECK(paid["amount_due"] == 0);
  CHECK(paid["tickets"].size() == 1);
  REQUIRE(paid["payment"]["received"].size() == 1);
  CHECK(paid["payment"]["received"][0]["via"] == "bank_statement");
  CHECK(paid["payment"]["received"][0]["amount"] == 150000);
  CHECK(paid["payment"]["received"][0]["recorded_by"] == d.staff.id);
  CHECK(s.Mails("tickets", d.buyer.email).size() == 1);
  CHECK(s.Mails("payment_received", d.buyer.email).size() == 1);
  const json half = GetOrder(s, d.buyer2, partial["id"]);
  CHECK(half["status"] == "pending");
  CHECK(half["amount_paid"] == 100000);
  CHECK(half["amount_due"] == 200000);
  CHECK(half["tickets"].empty());
  CHECK(s.Mails("tickets", d.buyer2.email).empty());
  const json overpaid = GetOrder(s, d.buyer3, over["id"]);
  CHECK(overpaid["status"] == "paid");
  CHECK(overpaid["amount_paid"] == 200000);
  CHECK(overpaid["amount_overpaid"] == 50000);
  CHECK(Scalar(s, "SELECT COUNT(*) FROM audit_log WHERE action = 'payment.bank_statement' AND target_id = ?",
               exact["id"].get<int64_t>()) == 1);
  CHECK(GetOrder(s, d.buyer, elsewhere["id"])["status"] == "pending");

  // Applying again, or uploading the same export again, pays nobody twice.
  Reply again = s.Post(StatementPath(id, "/apply"), json::object(), d.staff.token);
  REQUIRE(again.status == 200);
  CHECK(again.Json()["applied"].empty());
  const json second = MustUpload(s, d.staff, d.event, csv);
  CHECK(Line(second, 1)["match"]["kind"] == "already_applied");
  CHECK(Line(second, 2)["match"]["kind"] == "already_applied");
  Reply forced = s.Post(StatementPath(second["id"], "/apply"), {{"lines", {1, 2, 3}}}, d.staff.token);
  REQUIRE(forced.status == 200);
  CHECK(forced.Json()["applied"].empty());
  CHECK(forced.Json()["skipped"].size() == 3);
  CHECK(GetOrder(s, d.buyer, exact["id"])["amount_paid"] == 150000);
  CHECK(s.Mails("tickets", d.buyer.email).size() == 1);

  // An overlapping export: the old line again plus the second half of the partial order.
  const std::string overlap = kBcaHeader +
      BcaLine("06/11", "cicilan " + lower.substr(0, 4) + " " + lower.substr(4) + " budi", "100,000.00") +
      BcaLine("09/11", "pelunasan " + partial["code"].get<std::string>(), "200.000");
  const json third = MustUpload(s, d.staff, d.event, overlap);
  CHECK(Line(third, 1)["match"]["kind"] == "already_applied");
  CHECK(Line(third, 2)["match"]["kind"] == "exact");
  CHECK(Line(third, 2)["match"]["amount_due"] == 200000);
  REQUIRE(s.Post(StatementPath(third["id"], "/apply"), json::object(), d.staff.token).status == 200);
  const json full = GetOrder(s, d.buyer2, partial["id"]);
  CHECK(full["status"] == "paid");
  CHECK(full["amount_paid"] == 300000);
  CHECK(full["payment"]["received"].size() == 2);
  CHECK(full["tickets"].size() == 2);
  CHECK(s.Mails("tickets", d.buyer2.email).size() == 1);

  // The statement now shows its lines as recorded.
  Reply fresh = s.Get(StatementPath(id), d.org.token);
  REQUIRE(fresh.status == 200);
  CHECK(Line(fresh.Json(), 1)["match"]["kind"] == "already_applied");
}

TEST_CASE("bank statements: unmatched money is listed and assigned by hand, once") {
  TestServer s;
  Desk d = MakeDesk(s);
  const json order = Order(s, d.buyer2, d.event, d.type);
  const json elsewhere = Order(s, d.buyer, d.other_event, d.other_type);
  const std::string csv = kBcaHeader + BcaLine("08/11", "TRANSFER DARI BUDI SANTOSO", "150,000.00") +
                          BcaLine("'PEND", "TRSF PENDING", "50,000.00");
  const json st = MustUpload(s, d.staff, d.event, csv);
  const int64_t id = st["id"].get<int64_t>();
  CHECK(Line(st, 2)["match"]["reason"] == "date_unreadable");
  REQUIRE(s.Post(StatementPath(id, "/apply"), json::object(), d.staff.token).status == 200);
  Reply list = s.Get(EventPath(d.event, "/unmatched-credits"), d.staff.token);
  REQUIRE(list.status == 200);
  CHECK(list.Json()["total"] == 2);
  CHECK(list.Json()["items"][0]["description"] == "TRANSFER DARI BUDI SANTOSO");
  CHECK(list.Json()["items"][0]["statement_id"] == id);

  const std::string assign = StatementPath(id, "/lines/1/assign");
  RunScenarios(s, {
      {"another event's order", "POST", assign, json({{"order_id", elsewhere["id"]}}).dump(), d.staff.token, 400,
       {"validation_failed", "order_id"}},
      {"no order_id", "POST", assign, "{}", d.staff.token, 400, {"validation_failed", "order_id"}},
      {"order_id as text", "POST", assign, R"({"order_id":"x"})", d.staff.token, 400, {"bad_request"}},
      {"a line without a date", "POST", StatementPath(id, "/lines/2/assign"),
       json({{"order_id", order["id"]}}).dump(), d.staff.token, 400, {"validation_failed"}},
      {"no such line", "POST", StatementPath(id, "/lines/9/assign"), json({{"order_id", order["id"]}}).dump(),
       d.staff.token, 404, {"not_found"}},
      {"attendee", "POST", assign, json({{"order_id", order["id"]}}).dump(), d.buyer.token, 403, {"forbidden"}},
      {"assigned", "POST", assign, json({{"order_id", order["id"]}}).dump(), d.staff.token, 200, {"\"paid\":true"}},
      {"assigned twice", "POST", assign, json({{"order_id", order["id"]}}).dump(), d.staff.token, 409,
       {"already_applied"}},
  });
  CHECK(GetOrder(s, d.buyer2, order["id"])["status"] == "paid");
  CHECK(s.Mails("tickets", d.buyer2.email).size() == 1);
  CHECK(Scalar(s, "SELECT COUNT(*) FROM audit_log WHERE action = 'payment.bank_assign' AND target_id = ?",
               order["id"].get<int64_t>()) == 1);
  Reply after = s.Get(EventPath(d.event, "/unmatched-credits"), d.staff.token);
  CHECK(after.Json()["total"] == 1);  // the pending line stays until a dated export shows it
}

TEST_CASE("bank statements: partial payments at the desk, completed on purpose, and overpayment") {
  TestServer s;
  Desk d = MakeDesk(s);
  const json order = Order(s, d.buyer, d.event, d.type);
  const std::string confirm = Api("/orders/" + std::to_string(order["id"].get<int64_t>()) + "/confirm-payment");
  Reply part = s.Post(confirm, {{"amount_received", 50000}, {"note", "cash, first half"}}, d.staff.token);
  REQUIRE_MESSAGE(part.status == 200, part.body);
  CHECK(part.Json()["status"] == "pending");
  CHECK(part.Json()["amount_paid"] == 50000);
  CHECK(part.Json()["amount_due"] == 100000);
  CHECK(part.Json()["payment"]["received"][0]["via"] == "desk");
  CHECK(part.Json()["payment"]["received"][0]["reference"] == "cash, first half");
  CHECK(s.Mails("tickets", d.buyer.email).empty());
  Reply done = s.Post(confirm, {{"amount_received", 50000}, {"complete", true}}, d.staff.token);
  REQUIRE_MESSAGE(done.status == 200, done.body);
  CHECK(done.Json()["status"] == "paid");
  CHECK(done.Json()["amount_paid"] == 100000);
  CHECK(done.Json()["tickets"].size() == 1);
  CHECK(s.Mails("tickets", d.buyer.email).size() == 1);
  CHECK(Scalar(s, "SELECT COUNT(*) FROM audit_log WHERE action = 'payment.confirm' AND target_id = ? "
                  "AND details LIKE '%\"complete\":true%'", order["id"].get<int64_t>()) == 1);
  CHECK(s.Post(confirm, {{"complete", "yes"}}, d.staff.token).status == 400);

  const json plain = Order(s, d.buyer2, d.event, d.type);
  Reply full = s.Post(Api("/orders/" + std::to_string(plain["id"].get<int64_t>()) + "/confirm-payment"),
                      json::object(), d.staff.token);
  REQUIRE(full.status == 200);
  CHECK(full.Json()["status"] == "paid");
  CHECK(full.Json()["amount_paid"] == 150000);

  const json big = Order(s, d.buyer3, d.event, d.type);
  Reply over = s.Post(Api("/orders/" + std::to_string(big["id"].get<int64_t>()) + "/confirm-payment"),
                      {{"amount_received", 175000}}, d.staff.token);
  REQUIRE(over.status == 200);
  CHECK(over.Json()["status"] == "paid");
  CHECK(over.Json()["amount_overpaid"] == 25000);
}

TEST_CASE("bank statements: an order that expires with money on it stays for staff to resolve") {
  TestServer s;
  Desk d = MakeDesk(s);
  const json order = Order(s, d.buyer, d.event, d.type);
  const std::string csv = kBcaHeader + BcaLine("05/11", "DP " + order["code"].get<std::string>(), "50,000.00");
  const json st = MustUpload(s, d.staff, d.event, csv);
  REQUIRE(s.Post(StatementPath(st["id"], "/apply"), json::object(), d.staff.token).status == 200);
  CHECK(orders::ExpireOverdue(s.app(), NowSeconds() + 100 * 3600) >= 1);
  const json expired = GetOrder(s, d.buyer, order["id"]);
  CHECK(expired["status"] == "expired");
  CHECK(expired["amount_paid"] == 50000);
  CHECK(expired["payment"]["received"].size() == 1);
  Reply review = s.Get(EventPath(d.event, "/orders?awaiting_review=true"), d.staff.token);
  REQUIRE(review.status == 200);
  REQUIRE(review.Json()["total"] == 1);
  CHECK(review.Json()["items"][0]["id"] == order["id"]);
  // The rest arrives late: the order is accepted while the quota allows.
  const std::string rest = kBcaHeader + BcaLine("12/11", "pelunasan " + order["code"].get<std::string>(), "100,000.00");
  const json late = MustUpload(s, d.staff, d.event, rest);
  CHECK(Line(late, 1)["match"]["kind"] == "exact");
  REQUIRE(s.Post(StatementPath(late["id"], "/apply"), json::object(), d.staff.token).status == 200);
  CHECK(GetOrder(s, d.buyer, order["id"])["status"] == "paid");
  CHECK(s.Get(EventPath(d.event, "/orders?awaiting_review=true"), d.staff.token).Json()["total"] == 0);

  // Another order expires with part of its price paid: the organizer refunds that money by hand.
  const json second = Order(s, d.buyer2, d.event, d.type);
  const json unpaid = Order(s, d.buyer3, d.event, d.type);
  const std::string second_path = Api("/orders/" + std::to_string(second["id"].get<int64_t>()));
  REQUIRE(s.Post(second_path + "/confirm-payment", {{"amount_received", 20000}}, d.staff.token).status == 200);
  CHECK(orders::ExpireOverdue(s.app(), NowSeconds() + 100 * 3600) >= 2);
  CHECK(s.Get(EventPath(d.event, "/orders?awaiting_review=true"), d.staff.token).Json()["total"] == 1);
  CHECK(s.Post(Api("/orders/" + std::to_string(unpaid["id"].get<int64_t>()) + "/refund"), {{"reason", "x"}},
               d.org.token).Json()["code"] == "order_not_paid");
  Reply refunded = s.Post(second_path + "/refund", {{"reason", "Returned Rp 20.000 by transfer"}}, d.org.token);
  REQUIRE_MESSAGE(refunded.status == 200, refunded.body);
  CHECK(refunded.Json()["status"] == "refunded");
  CHECK(refunded.Json()["amount_paid"] == 20000);
  CHECK(s.Mails("order_refunded", d.buyer2.email).size() == 1);
  CHECK(s.Get(EventPath(d.event, "/orders?awaiting_review=true"), d.staff.token).Json()["total"] == 0);
}

TEST_CASE("bank statements: upload errors, mapped columns and refused callers") {
  TestServer s;
  Desk d = MakeDesk(s);
  const json order = Order(s, d.buyer, d.event, d.type);
  const std::string code = order["code"];
  const std::string odd = "Kapan;Siapa;Uang\n05/11/2026;Rani " + code + ";150.000\n";
  Reply unknown = UploadCsv(s, d.staff, d.event, odd);
  CHECK(unknown.status == 400);
  CHECK(unknown.body.find("\"columns\"") != std::string::npos);
  Reply mapped = UploadCsv(s, d.staff, d.event, odd, R"({"date":"Kapan","amount":2,"description":"Siapa"})");
  REQUIRE_MESSAGE(mapped.status == 201, mapped.body);
  CHECK(Line(mapped.Json(), 1)["match"]["kind"] == "exact");
  // The mapping is remembered for the event's next upload.
  Reply remembered = UploadCsv(s, d.staff, d.event, odd);
  REQUIRE_MESSAGE(remembered.status == 201, remembered.body);
  CHECK(remembered.Json()["columns"]["date"] == "Kapan");

  const std::string good = kBcaHeader + BcaLine("05/11", code, "150,000.00");
  CHECK(UploadCsv(s, d.staff, d.event, odd, R"({"amount":"Jumlah"})").status == 400);
  CHECK(UploadCsv(s, d.staff, d.event, odd, R"({"amount":-1})").status == 400);
  CHECK(UploadCsv(s, d.staff, d.event, odd, "not json").Json()["code"] == "bad_request");
  CHECK(UploadCsv(s, d.staff, d.event, std::string("\x89PNG\r\n\x1a\n\0\0\0", 11)).Json()["fields"].contains("file"));
  CHECK(UploadCsv(s, d.staff, d.event, std::string(6 * 1024 * 1024, 'a')).status == 413);
  CHECK(UploadCsv(s, d.buyer, d.event, good).status == 403);
  CHECK(UploadCsv(s, d.other_org, d.event, good).status == 403);
  CHECK(UploadCsv(s, d.org, d.event, good).status == 201);
  CHECK(UploadCsv(s, d.admin, d.event, good).status == 201);
  CHECK(UploadCsv(s, d.staff, 999999, good).status == 404);
  CHECK(s.Call("POST", EventPath(d.event, "/bank-statements"), "{}", d.staff.token).status == 415);

  const json st = MustUpload(s, d.staff, d.event, good);
  const std::string path = StatementPath(st["id"]);
  RunScenarios(s, {
      {"anonymous", "GET", path, "", "", 401, {"unauthorized"}},
      {"attendee", "GET", path, "", d.buyer.token, 403, {"forbidden"}},
      {"another organizer", "GET", path, "", d.other_org.token, 403, {"forbidden"}},
      {"the owner", "GET", path, "", d.org.token, 200, {"\"lines\""}},
      {"unknown statement", "GET", StatementPath(999999), "", d.staff.token, 404, {"not_found"}},
      {"list", "GET", EventPath(d.event, "/bank-statements"), "", d.staff.token, 200, {"mutasi.csv"}},
      {"list, attendee", "GET", EventPath(d.event, "/bank-statements"), "", d.buyer.token, 403, {"forbidden"}},
      {"apply a line it lacks", "POST", path + "/apply", R"({"lines":[99]})", d.staff.token, 400,
       {"validation_failed", "lines"}},
      {"apply with lines not a list", "POST", path + "/apply", R"({"lines":"all"})", d.staff.token, 400,
       {"bad_request"}},
      {"apply malformed", "POST", path + "/apply", "{", d.staff.token, 400, {"bad_request"}},
      {"apply, attendee", "POST", path + "/apply", "{}", d.buyer.token, 403, {"forbidden"}},
      {"apply, another organizer", "POST", path + "/apply", "{}", d.other_org.token, 403, {"forbidden"}},
      {"apply unknown", "POST", StatementPath(999999, "/apply"), "{}", d.staff.token, 404, {"not_found"}},
      {"unmatched, attendee", "GET", EventPath(d.event, "/unmatched-credits"), "", d.buyer.token, 403, {"forbidden"}},
      {"unmatched, unknown event", "GET", EventPath(999999, "/unmatched-credits"), "", d.staff.token, 404,
       {"not_found"}},
      {"apply", "POST", path + "/apply", R"({"lines":[1]})", d.staff.token, 200, {"\"paid\":true"}},
  });
}
