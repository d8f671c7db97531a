// The payment reminder through the scheduler's pass (RunOrderJobs at an injected time) and the
// outbox: a buyer whose latest proof awaits review is reassured, not asked to pay again; a
// rejected proof or a partial payment keeps the reminder to pay, with the amount still due,
// until a proof for the rest comes.
#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "core/common/qr.h"
#include "core/common/time_util.h"
#include "core/mail/mail_templates.h"
#include "core/orders/order_scheduler.h"
#include "tests/support/test_server.h"

using namespace lanyard;
using namespace lanyard::testing;
using nlohmann::json;

namespace {

std::string OrderPath(int64_t id, const std::string& tail = "") {
  return "/api/v1/orders/" + std::to_string(id) + tail;
}

struct ReminderShop {
  TestUser admin, staff, org;
  int64_t event = 0, type = 0;
};

// A published event with one paid type of Rp 150.000 and bank instructions set.
ReminderShop MakeReminderShop(TestServer& s) {
  ReminderShop w;
  w.admin = s.MakeUser("admin");
  w.staff = s.MakeUser("staff", "Desk Staff");
  w.org = s.MakeUser("organizer", "Olivia Organizer");
  REQUIRE(s.Patch("/api/v1/settings", {{"bank_instructions", "Mandiri 987"}}, w.admin.token).status == 200);
  const std::string starts = FormatRfc3339(NowSeconds() + 30 * 86400);
  const std::string ends = FormatRfc3339(NowSeconds() + 30 * 86400 + 8 * 3600);
  Reply e = s.Post("/api/v1/events",
                   {{"title", "Bandung Tech Meetup"}, {"starts_at", starts}, {"ends_at", ends}, {"venue", "Bandung"}},
                   w.org.token);
  REQUIRE_MESSAGE(e.status == 201, e.body);
  w.event = e.Json()["id"].get<int64_t>();
  Reply t = s.Post("/api/v1/events/" + std::to_string(w.event) + "/ticket-types",
                   {{"name", "Regular"}, {"kind", "paid"}, {"price", 150000}, {"quota", 10}}, w.org.token);
  REQUIRE_MESSAGE(t.status == 201, t.body);
  w.type = t.Json()["id"].get<int64_t>();
  REQUIRE(s.Post("/api/v1/events/" + std::to_string(w.event) + "/submit", json::object(), w.org.token).status ==
          200);
  return w;
}

int64_t PlaceOrder(TestServer& s, const ReminderShop& w, const TestUser& buyer) {
  Reply r = s.Post("/api/v1/orders",
                   {{"event_id", w.event}, {"items", json::array({{{"ticket_type_id", w.type}, {"quantity", 1}}})}},
                   buyer.token);
  REQUIRE_MESSAGE(r.status == 201, r.body);
  return r.Json()["id"].get<int64_t>();
}

void SendProof(TestServer& s, const TestUser& buyer, int64_t order) {
  Reply r = s.Upload(OrderPath(order, "/payment-proofs"), QrPng("BCA transfer 150000"), "transfer.png", buyer.token);
  REQUIRE_MESSAGE(r.status == 201, r.body);
}

// A queued reminder's data rendered in `locale` from the default templates.
RenderedMail RenderedReminder(const json& data, const char* locale) {
  json values = data;
  values["recipient_name"] = "Buyer";
  AddDerivedMailValues("payment_reminder", values);
  return RenderMailTemplate(DefaultMailTemplate("payment_reminder", locale), values, locale);
}

bool Has(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

}  // namespace

TEST_CASE("payment reminder: a proof awaiting review is reassured, not asked to pay again") {
  TestServer s;
  ReminderShop w = MakeReminderShop(s);
  const TestUser waiting = s.MakeUser("attendee", "Rina Waiting");
  const TestUser rejected = s.MakeUser("attendee", "Dewi Rejected");
  const TestUser partial = s.MakeUser("attendee", "Fajar Partial");
  const TestUser silent = s.MakeUser("attendee", "Budi Silent");
  const TestUser rest = s.MakeUser("attendee", "Sari Rest");
  const int64_t t0 = NowSeconds();
  SendProof(s, waiting, PlaceOrder(s, w, waiting));
  const int64_t rejected_order = PlaceOrder(s, w, rejected);
  SendProof(s, rejected, rejected_order);
  REQUIRE(s.Post(OrderPath(rejected_order, "/reject-payment"), {{"reason", "unreadable"}}, w.staff.token).status ==
          200);
  const int64_t partial_order = PlaceOrder(s, w, partial);
  SendProof(s, partial, partial_order);
  Reply part = s.Post(OrderPath(partial_order, "/confirm-payment"), {{"amount_received", 50000}}, w.staff.token);
  REQUIRE_MESSAGE(part.status == 200, part.body);
  REQUIRE(part.Json()["status"] == "pending");
  PlaceOrder(s, w, silent);
  // A partial payment, then a proof for the rest: that proof awaits review (phone test, session 9).
  const int64_t rest_order = PlaceOrder(s, w, rest);
  SendProof(s, rest, rest_order);
  REQUIRE(s.Post(OrderPath(rest_order, "/confirm-payment"), {{"amount_received", 50000}}, w.staff.token).status ==
          200);
  SendProof(s, rest, rest_order);

  // The scheduler's pass 49 h after the orders (72 h window, reminder 24 h before).
  RunOrderJobs(s.app(), t0 + 49 * 3600);

  // The proof awaiting review: told it is being checked and what the deadline means; so is the
  // buyer whose proof for the rest of a partly paid order awaits review.
  auto rest_mails = s.Mails("payment_reminder", rest.email);
  REQUIRE(rest_mails.size() == 1);
  CHECK(rest_mails[0]["proof_in_review"] == true);
  auto mails = s.Mails("payment_reminder", waiting.email);
  REQUIRE(mails.size() == 1);
  CHECK(mails[0]["proof_in_review"] == true);
  for (const char* locale : {"en", "id"}) {
    const RenderedMail m = RenderedReminder(mails[0], locale);
    CAPTURE(locale);
    CAPTURE(m.subject);
    CAPTURE(m.text);
    const bool en = std::string(locale) == "en";
    CHECK(Has(m.subject, en ? "being checked" : "sedang diperiksa"));
    CHECK(Has(m.text, en ? "You do not need to pay again" : "Anda tidak perlu membayar lagi"));
    CHECK(Has(m.text, en ? "the order expires" : "pesanan kedaluwarsa"));
    CHECK_FALSE(Has(m.text, en ? "has not been paid" : "belum dibayar"));
    CHECK_FALSE(Has(m.text, en ? "Upload the proof" : "Unggah bukti"));
    CHECK_FALSE(Has(m.html, en ? "Upload proof" : "Unggah bukti"));
    CHECK_FALSE(Has(m.text, "Mandiri 987"));  // no invitation to transfer again
  }

  // A rejected proof, a partial payment, no proof: asked to pay, with what is still due.
  struct Expect {
    const TestUser* who;
    const char* due;
  };
  for (const Expect& e : {Expect{&rejected, "Rp 150.000"}, Expect{&partial, "Rp 100.000"},
                          Expect{&silent, "Rp 150.000"}}) {
    auto pay = s.Mails("payment_reminder", e.who->email);
    REQUIRE(pay.size() == 1);
    CHECK(pay[0]["proof_in_review"] == false);
    for (const char* locale : {"en", "id"}) {
      const RenderedMail m = RenderedReminder(pay[0], locale);
      CAPTURE(locale);
      CAPTURE(m.text);
      const bool en = std::string(locale) == "en";
      CHECK(Has(m.text, en ? "has not been paid" : "belum dibayar"));
      CHECK(Has(m.text, std::string(en ? "Amount to pay: " : "Jumlah yang harus dibayar: ") + e.due));
      CHECK(Has(m.text, "Mandiri 987"));
      CHECK(Has(m.text, en ? "Upload the proof" : "Unggah bukti"));
    }
  }
  const RenderedMail partial_en = RenderedReminder(s.Mails("payment_reminder", partial.email)[0], "en");
  CHECK(Has(partial_en.text, "Already received: Rp 50.000 of Rp 150.000"));

  // Never a second reminder on a later pass.
  RunOrderJobs(s.app(), t0 + 60 * 3600);
  CHECK(s.Mails("payment_reminder", waiting.email).size() == 1);
}
