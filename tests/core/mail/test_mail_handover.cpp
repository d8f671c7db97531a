// The hand-over journal: a mail handed over before a crash is recorded as sent at the next
// start instead of being sent again; campaign mails keep their rate and come after others.
#include <doctest/doctest.h>

#include <chrono>
#include <thread>

#include "core/common/time_util.h"
#include "core/mail/mail_handover.h"
#include "core/mail/mail_outbox.h"
#include "core/mail/mail_sender.h"
#include "storage/database.h"
#include "storage/mail_repo.h"
#include "tests/core/mail/forward_transport.h"
#include "tests/support/temp_dir.h"

using namespace lanyard;

namespace {

// Counts what it is given; calls the hand-over hook like the real transports.
class CountingTransport : public MailTransport {
 public:
  SendResult Send(const OutgoingMail& mail) override {
    kinds.push_back(mail.subject);
    ids.push_back(mail.outbox_id);
    SendResult r;
    r.ok = !mail.before_commit || mail.before_commit();
    return r;
  }
  std::vector<std::string> kinds;
  std::vector<int64_t> ids;
};

int64_t Queue(storage::Database& db, const std::string& kind, const nlohmann::json& data) {
  int64_t id = 0;
  db.Write([&](storage::Conn& c) {
    id = QueueMail(c, kind, "ana@example.org", "Ana", "en", data);
    return true;
  });
  return id;
}

MailSettings Settings(const testing::TempDir& dir, int64_t rate) {
  MailSettings s;
  s.mail_dir = dir.File("mail");
  s.campaign_rate_per_minute = rate;
  return s;
}

const nlohmann::json kConfirm = {{"confirm_url", "https://x.example/c?token=T"}, {"token", "T"}};
const nlohmann::json kCampaign = {{"subject", "News"}, {"body", "Hi"}, {"body_text", "Hi"},
                                  {"body_html", "<p>Hi</p>"}, {"unsubscribe_token", "TOK"}};

}  // namespace

TEST_CASE("mail handover: the journal names the row being handed over, once") {
  testing::TempDir dir;
  MailHandoverJournal off("");
  CHECK(off.Begin(5));
  CHECK_FALSE(off.Pending().has_value());
  {
    MailHandoverJournal j(dir.File("handover"));
    CHECK_FALSE(j.Pending().has_value());
    CHECK(j.Begin(41));
    CHECK(j.Begin(42));
    CHECK(j.Pending() == 42);
  }
  MailHandoverJournal again(dir.File("handover"));  // a new process sees it
  CHECK(again.Pending() == 42);
  again.Clear();
  CHECK_FALSE(again.Pending().has_value());
}

TEST_CASE("mail handover: a row handed over before a crash is recorded, not sent again") {
  testing::TempDir dir;
  storage::Database db(storage::DatabaseOptions{dir.File("db.sqlite")});
  const int64_t handed = Queue(db, "account_confirm", kConfirm);
  const int64_t waiting = Queue(db, "account_confirm", kConfirm);
  // The previous process died right after handing `handed` over.
  MailHandoverJournal(dir.File("handover")).Begin(handed);

  CountingTransport transport;
  MailSenderOptions o;
  o.handover_journal = dir.File("handover");
  o.transport_factory = [&](const MailSettings&, const std::atomic<bool>*) {
    return std::make_unique<testing::ForwardTransport>(&transport);
  };
  o.idle_poll = std::chrono::milliseconds(50);
  MailSender sender(db, [&] { return Settings(dir, 0); }, o);
  sender.Start();
  for (int i = 0; i < 100 && storage::FindMail(db.Reader(), waiting)->status != "sent"; ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  sender.Stop();
  CHECK(storage::FindMail(db.Reader(), handed)->status == "sent");
  CHECK(storage::FindMail(db.Reader(), waiting)->status == "sent");
  CHECK(transport.ids == std::vector<int64_t>{waiting});  // `handed` was not sent again
  CHECK_FALSE(MailHandoverJournal(dir.File("handover")).Pending().has_value());
}

TEST_CASE("mail sender: campaign mails come after the others and keep their rate") {
  testing::TempDir dir;
  storage::Database db(storage::DatabaseOptions{dir.File("db.sqlite")});
  for (int i = 0; i < 3; ++i) Queue(db, "campaign", kCampaign);
  Queue(db, "account_confirm", kConfirm);
  CountingTransport transport;
  MailSenderOptions o;
  o.transport_factory = [&](const MailSettings&, const std::atomic<bool>*) {
    return std::make_unique<testing::ForwardTransport>(&transport);
  };
  MailSender sender(db, [&] { return Settings(dir, 600); }, o);  // 600/min: 100 ms apart
  const auto start = std::chrono::steady_clock::now();
  CHECK(sender.RunOnce() == 4);
  const auto took = std::chrono::steady_clock::now() - start;
  REQUIRE(transport.kinds.size() == 4);
  CHECK(transport.kinds[0].find("News") == std::string::npos);  // the confirmation went first
  CHECK(took >= std::chrono::milliseconds(200));  // three campaign mails, two gaps
}
