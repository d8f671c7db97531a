// The buyer's payment_received mail over real HTTP and the real outbox (SPEC §6 partial payments,
// §8): a partial payment recorded at the desk or from a bank statement line tells the buyer what
// came, what is still due, how to pay it and until when (in the event's zone), in en and id, text
// and HTML; the proof the desk acted on is no longer awaiting review, so the desk's list drops
// the order until a new proof comes. The payment that completes the order announces the tickets;
// one beyond the total says so and that the extra is returned, and a refund names what was paid.
#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "core/common/time_util.h"
#include "core/mail/mail_compose.h"
#include "tests/support/test_server.h"

using namespace lanyard;
using namespace lanyard::testing;  // NOLINT: the fixture helpers
using nlohmann::json;

namespace {

std::string Api(const std::string& tail) { return "/api/v1" + tail; }
std::string OrderPath(int64_t id, const std::string& tail = "") { return Api("/orders/" + std::to_string(id) + tail); }

// An event in Makassar (WITA) with one Rp 150.000 type, bank instructions set.
struct Shop {
  TestUser admin, staff, buyer, buyer2;
  int64_t event = 0, type = 0;
};

Shop MakeShop(TestServer& s) {
  Shop w;
  w.admin = s.MakeUser("admin");
  const TestUser& admin = w.admin;
  w.staff = s.MakeUser("staff", "Desk Staff");
  w.buyer = s.MakeUser("attendee", "Rina Wulandari");
  w.buyer2 = s.MakeUser("attendee", "Bayu Saputra");
  REQUIRE(s.Patch(Api("/settings"), {{"bank_instructions", "BCA 123-456-7890 a.n. Panitia"}}, admin.token).status == 200);
  const int64_t start = NowSeconds() + 30 * 86400;
  Reply e = s.Post(Api("/events"), {{"title", "Temu Komunitas"}, {"venue", "Aula"}, {"time_zone", "Asia/Makassar"},
                                    {"starts_at", FormatRfc3339(start)}, {"ends_at", FormatRfc3339(start + 3600)}},
                   admin.token);
  REQUIRE_MESSAGE(e.status == 201, e.body);
  w.event = e.Json()["id"].get<int64_t>();
  Reply t = s.Post(Api("/events/" + std::to_string(w.event) + "/ticket-types"),
                   {{"name", "Regular"}, {"kind", "paid"}, {"price", 150000}, {"quota", 10}}, admin.token);
  REQUIRE_MESSAGE(t.status == 201, t.body);
  w.type = t.Json()["id"].get<int64_t>();
  REQUIRE(s.Post(Api("/events/" + std::to_string(w.event) + "/submit"), json::object(), admin.token).status == 200);
  return w;
}

json MustOrder(TestServer& s, const TestUser& buyer, const Shop& w) {
  Reply r = s.Post(Api("/orders"), {{"event_id", w.event}, {"items", {{{"ticket_type_id", w.type}, {"quantity", 1}}}}},
                   buyer.token);
  REQUIRE_MESSAGE(r.status == 201, r.body);
  return r.Json();
}

void MustUploadProof(TestServer& s, const TestUser& buyer, int64_t order) {
  std::string png("\x89PNG\r\n\x1a\n", 8);
  png.resize(64, '\0');
  Reply r = s.Upload(OrderPath(order, "/payment-proofs"), png, "transfer.png", buyer.token);
  REQUIRE_MESSAGE(r.status == 201, r.body);
}

int64_t AwaitingReview(TestServer& s, const Shop& w) {
  Reply r = s.Get(Api("/events/" + std::to_string(w.event) + "/orders?awaiting_review=true"), w.staff.token);
  REQUIRE_MESSAGE(r.status == 200, r.body);
  return r.Json()["total"].get<int64_t>();
}

// The outbox row as the sender builds it, in `locale` (deployment zone Jakarta, event Makassar).
RenderedMail Compose(const json& data, const std::string& to, const std::string& locale,
                     const std::string& kind = "payment_received") {
  MailRequest request;
  request.id = 1;
  request.kind = kind;
  request.to_email = to;
  request.to_name = "Rina";
  request.locale = locale;
  request.data = data;
  request.created_at = NowRfc3339();
  MailSettings settings;
  settings.timezone = "Asia/Jakarta";
  auto composed = ComposeMail(request, DefaultMailTemplate(kind, locale), settings, NowSeconds());
  REQUIRE(composed.ok());
  return composed->rendered;
}

bool Has(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

// A partial payment's mail, in both languages: received, still due, how to pay, the deadline.
void CheckPartialMail(const json& data, const std::string& to, const std::string& received) {
  struct Words {
    const char* locale;
    const char* received;
    const char* due;
    const char* exactly;
    const char* deadline;
  };
  for (const Words& w : {Words{"en", "We have received your payment of ", "Still to pay: Rp 100.000",
                               "Transfer exactly Rp 100.000", "Pay before: "},
                         Words{"id", "Kami telah menerima pembayaran Anda sebesar ", "Sisa yang harus dibayar: Rp 100.000",
                               "Transfer tepat Rp 100.000", "Bayar sebelum: "}}) {
    const RenderedMail m = Compose(data, to, w.locale);
    CAPTURE(w.locale);
    CAPTURE(m.text);
    CHECK(Has(m.subject, "Rp 100.000"));
    CHECK(Has(m.text, std::string(w.received) + received));
    CHECK(Has(m.text, w.due));
    CHECK(Has(m.text, w.exactly));
    CHECK(Has(m.text, "BCA 123-456-7890 a.n. Panitia"));
    // The deadline leads with the event's zone (Makassar), the deployment's in brackets.
    const size_t at = m.text.find(w.deadline);
    REQUIRE(at != std::string::npos);
    CHECK(Has(m.text.substr(at, m.text.find('\n', at) - at), "WITA"));
    CHECK_FALSE(Has(m.text, "Your tickets follow"));
    CHECK_FALSE(Has(m.text, "Tiket Anda dikirim"));
    CHECK(Has(m.html, "<strong>" + received + "</strong>"));
    CHECK(Has(m.html, "<strong>Rp 100.000</strong>"));
    CHECK(Has(m.html, "WITA"));
    CHECK(Has(m.html, "BCA 123-456-7890 a.n. Panitia"));
  }
}

}  // namespace

TEST_CASE("payment_received: a partial payment at the desk mails what came and what is still due") {
  TestServer s;
  Shop w = MakeShop(s);
  const json order = MustOrder(s, w.buyer, w);
  const int64_t id = order["id"].get<int64_t>();
  MustUploadProof(s, w.buyer, id);
  CHECK(AwaitingReview(s, w) == 1);

  Reply part = s.Post(OrderPath(id, "/confirm-payment"), {{"amount_received", 50000}}, w.staff.token);
  REQUIRE_MESSAGE(part.status == 200, part.body);
  CHECK(part.Json()["status"] == "pending");  // SPEC: a partial payment keeps it pending
  CHECK(part.Json()["payment"]["proofs"][0]["status"] == "accepted");
  CHECK(AwaitingReview(s, w) == 0);
  auto mails = s.Mails("payment_received", w.buyer.email);
  REQUIRE(mails.size() == 1);
  CheckPartialMail(mails[0], w.buyer.email, "Rp 50.000");

  // A new proof for the rest is waiting for review again; the desk completes the order.
  MustUploadProof(s, w.buyer, id);
  CHECK(AwaitingReview(s, w) == 1);
  Reply rest = s.Post(OrderPath(id, "/confirm-payment"), {{"amount_received", 100000}}, w.staff.token);
  REQUIRE_MESSAGE(rest.status == 200, rest.body);
  CHECK(rest.Json()["status"] == "paid");
  CHECK(rest.Json()["payment"]["proofs"][1]["status"] == "accepted");
  mails = s.Mails("payment_received", w.buyer.email);
  REQUIRE(mails.size() == 2);
  for (const char* locale : {"en", "id"}) {
    const RenderedMail m = Compose(mails[1], w.buyer.email, locale);
    CAPTURE(m.text);
    CHECK(Has(m.text, std::string(locale) == "en" ? "your payment of Rp 100.000" : "sebesar Rp 100.000"));
    CHECK(Has(m.text, std::string(locale) == "en" ? "Your tickets follow" : "Tiket Anda dikirim"));
    CHECK_FALSE(Has(m.subject, "Rp"));
    CHECK_FALSE(Has(m.text, "BCA 123"));
  }
}

TEST_CASE("payment_received: a bank statement's partial line mails the buyer what is still due") {
  TestServer s;
  Shop w = MakeShop(s);
  const json order = MustOrder(s, w.buyer2, w);
  const std::string csv =
      "Informasi Rekening - Mutasi Rekening\nNo. rekening : 1234567890\n\n"
      "Tanggal Transaksi,Keterangan,Cabang,Jumlah,,Saldo\n"
      "'05/11,'DP " + order["code"].get<std::string>() + ",'0000,\"50,000.00\",CR,\"1,000,000.00\"\n";
  Reply st = s.Upload(Api("/events/" + std::to_string(w.event) + "/bank-statements"), csv, "mutasi.csv", w.staff.token);
  REQUIRE_MESSAGE(st.status == 201, st.body);
  CHECK(st.Json()["lines"][0]["match"]["kind"] == "partial");
  Reply applied = s.Post(Api("/bank-statements/" + std::to_string(st.Json()["id"].get<int64_t>()) + "/apply"),
                         json::object(), w.staff.token);
  REQUIRE_MESSAGE(applied.status == 200, applied.body);
  auto mails = s.Mails("payment_received", w.buyer2.email);
  REQUIRE(mails.size() == 1);
  CheckPartialMail(mails[0], w.buyer2.email, "Rp 50.000");
}

TEST_CASE("payment_received: an overpayment names the amount received and the extra, a refund what was paid") {
  TestServer s;
  Shop w = MakeShop(s);
  const int64_t id = MustOrder(s, w.buyer, w)["id"].get<int64_t>();
  Reply over = s.Post(OrderPath(id, "/confirm-payment"), {{"amount_received", 200000}}, w.staff.token);
  REQUIRE_MESSAGE(over.status == 200, over.body);
  CHECK(over.Json()["status"] == "paid");
  CHECK(over.Json()["amount_overpaid"] == 50000);
  auto mails = s.Mails("payment_received", w.buyer.email);
  REQUIRE(mails.size() == 1);
  struct Words {
    const char* locale;
    const char* received;
    const char* extra;
  };
  for (const Words& x : {Words{"en", "your payment of Rp 200.000",
                               "Rp 50.000 more than the order's total of Rp 150.000: the committee will return the extra"},
                         Words{"id", "sebesar Rp 200.000",
                               "Rp 50.000 lebih dari total pesanan Rp 150.000: panitia akan mengembalikan kelebihan"}}) {
    const RenderedMail m = Compose(mails[0], w.buyer.email, x.locale);
    CAPTURE(m.text);
    CHECK(Has(m.text, x.received));
    CHECK_FALSE(Has(m.text, "of Rp 150.000 for"));
    CHECK_FALSE(Has(m.text, "sebesar Rp 150.000"));
    CHECK(Has(m.text, x.extra));
    CHECK(Has(m.html, "<strong>Rp 200.000</strong>"));
    CHECK(Has(m.html, "<strong>Rp 50.000</strong>"));
  }

  Reply refunded = s.Post(OrderPath(id, "/refund"), {{"reason", "Acara ditunda"}}, w.admin.token);
  REQUIRE_MESSAGE(refunded.status == 200, refunded.body);
  auto refunds = s.Mails("order_refunded", w.buyer.email);
  REQUIRE(refunds.size() == 1);
  for (const char* locale : {"en", "id"}) {
    const RenderedMail m = Compose(refunds[0], w.buyer.email, locale, "order_refunded");
    CAPTURE(m.text);
    CHECK(Has(m.text, std::string(locale) == "en" ? "has been refunded (Rp 200.000)" : "telah dikembalikan (Rp 200.000)"));
    CHECK_FALSE(Has(m.text, "Rp 150.000"));
    CHECK(Has(m.html, "<strong>Rp 200.000</strong>"));
  }
}
