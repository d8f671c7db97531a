// The mail sender with leases (several instances over one outbox, storage/mail_lease_repo.h):
// a transfer that outlived its lease is aborted before the end of DATA and the instance that
// took the row over sends it once; a row a dead instance had handed over is recorded as sent by
// the one that takes it over, not sent again. One shared fake clock moves time past the lease.
// Four senders over one PostgreSQL outbox at once deliver each mail once; two keep one campaign
// pace between them. (Real processes and a kill -9: tests/web/test_mail_lease_binary.cpp.)
#include <doctest/doctest.h>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <functional>
#include <exception>
#include <memory>
#include <mutex>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "core/common/time_util.h"
#include "core/mail/mail_compose.h"
#include "core/mail/mail_outbox.h"
#include "core/mail/mail_sender.h"
#include "storage/database.h"
#include "storage/mail_repo.h"
#include "tests/support/pg_cluster.h"
#include "tests/core/mail/forward_transport.h"
#include "tests/support/temp_dir.h"

using namespace lanyard;

namespace {

constexpr int64_t kStart = 1780304400;  // 2026-06-01T09:00:00Z
constexpr int64_t kLease = 60;

// Runs `on_send` for each mail, then answers as a server that accepted it — if the hand-over
// hook (the end of DATA) agrees — after running `after_handover`.
class ScriptedTransport : public MailTransport {
 public:
  explicit ScriptedTransport(std::function<void(const OutgoingMail&)> on_send = {},
                             std::function<void()> after_handover = {})
      : on_send_(std::move(on_send)), after_handover_(std::move(after_handover)) {}
  SendResult Send(const OutgoingMail& mail) override {
    if (on_send_) on_send_(mail);
    SendResult r;
    if (mail.before_commit && !mail.before_commit()) {
      r.error = "aborted before the end of DATA";
      aborted.push_back(mail.outbox_id);
      return r;
    }
    delivered.push_back(mail.outbox_id);
    if (after_handover_) after_handover_();
    r.ok = true;
    return r;
  }
  std::vector<int64_t> delivered;
  std::vector<int64_t> aborted;

 private:
  std::function<void(const OutgoingMail&)> on_send_;
  std::function<void()> after_handover_;
};

struct Cluster {
  testing::TempDir dir;
  storage::Database db{storage::DatabaseOptions{dir.File("db.sqlite")}};
  std::atomic<int64_t> now{kStart};

  MailSettings Settings() const {
    MailSettings s;
    s.mail_from = "Fest <mail@fest.example.org>";
    s.mail_dir = dir.File("mail");
    return s;
  }
  // A sender of instance `id` over the shared outbox, sending through `transport`.
  std::unique_ptr<MailSender> Instance(const std::string& id, MailTransport* transport) {
    MailSenderOptions o;
    o.instance_id = id;
    o.lease_seconds = kLease;
    o.clock = [this] { return now.load(); };
    o.transport_factory = [transport](const MailSettings&, const std::atomic<bool>*) {
      return std::make_unique<testing::ForwardTransport>(transport);
    };
    return std::make_unique<MailSender>(db, [this] { return Settings(); }, std::move(o));
  }
  int64_t Queue(const std::string& to) {
    int64_t id = 0;
    db.Write([&](storage::Conn& c) {
      id = QueueMailAt(c, "account_confirm", to, "Ana", "en",
                       {{"confirm_url", "https://x.example/c?token=T"}, {"token", "T"}},
                       FormatRfc3339(now.load()));
      return true;
    });
    return id;
  }
  storage::OutboxRow Row(int64_t id) {
    auto row = storage::FindMail(db.Reader(), id);
    REQUIRE(row.has_value());
    return *row;
  }
};

}  // namespace

TEST_CASE("mail sender with leases: a transfer that outlived its lease is aborted, the taker sends it once") {
  Cluster cluster;
  const int64_t first = cluster.Queue("ana@example.org");
  const int64_t second = cluster.Queue("budi@example.org");
  ScriptedTransport b_transport;
  std::unique_ptr<MailSender> b = cluster.Instance("B", &b_transport);
  int b_tried = -1;
  // A's first transfer stalls past its lease; meanwhile B claims and sends both rows.
  ScriptedTransport a_transport([&](const OutgoingMail& mail) {
    if (mail.outbox_id != first || b_tried >= 0) return;
    cluster.now += kLease + 1;
    b_tried = b->RunOnce();
  });
  std::unique_ptr<MailSender> a = cluster.Instance("A", &a_transport);
  a->RunOnce();

  CHECK(b_tried == 2);
  CHECK(b_transport.delivered == std::vector<int64_t>{first, second});
  CHECK(a_transport.aborted == std::vector<int64_t>{first});  // its lease was gone at the end
  CHECK(a_transport.delivered.empty());
  CHECK(a->stats().sent == 0);
  CHECK(a->stats().retried == 0);  // A's failure is not recorded: B's outcome stands
  CHECK(b->stats().sent == 2);
  for (int64_t id : {first, second}) {
    const storage::OutboxRow row = cluster.Row(id);
    CHECK(row.status == "sent");
    CHECK(row.attempts == 1);
    CHECK_FALSE(row.lease_owner.has_value());
  }
}

TEST_CASE("mail sender with leases: a row a dead instance handed over is recorded, not sent again") {
  Cluster cluster;
  const int64_t id = cluster.Queue("ana@example.org");
  // A hands the mail over (the end of DATA passed) and is gone before it records it: the
  // clock jumps past its lease and A stops there (a killed instance renews nothing).
  std::unique_ptr<MailSender> a;
  ScriptedTransport a_transport({}, [&] {
    cluster.now += kLease + 1;
    a->Stop();
  });
  a = cluster.Instance("A", &a_transport);
  CHECK(a->RunOnce() == 1);
  CHECK(a_transport.delivered == std::vector<int64_t>{id});
  storage::OutboxRow row = cluster.Row(id);
  CHECK(row.status == "queued");  // A could not record it without its lease
  CHECK(row.handing_over);

  ScriptedTransport b_transport;
  std::unique_ptr<MailSender> b = cluster.Instance("B", &b_transport);
  b->RunOnce();
  CHECK(b_transport.delivered.empty());  // not sent again
  row = cluster.Row(id);
  CHECK(row.status == "sent");
  CHECK(row.message_id == OutboxMessageId(id, row.created_at, row.to_email,
                                          cluster.Settings().mail_from));
  CHECK_FALSE(row.handing_over);
}

TEST_CASE("mail sender with leases: four instances over one PostgreSQL outbox deliver each mail once") {
  testing::PgCluster* pg = testing::PgCluster::Shared();
  REQUIRE_MESSAGE(pg != nullptr, "PostgreSQL server binaries are not installed");
  storage::DatabaseOptions options;
  options.url = pg->NewDatabase();
  storage::Database db(options);
  constexpr int kMails = 300;
  db.Write([&](storage::Conn& c) {
    for (int i = 0; i < kMails; ++i) {
      QueueMailAt(c, "account_confirm", "p" + std::to_string(i) + "@example.org", "P", "en",
                  {{"confirm_url", "https://x.example/c?token=T"}, {"token", "T"}},
                  FormatRfc3339(kStart));
    }
    return true;
  });
  // Each instance its own database handle (sessions), sender and transport; all at once.
  struct Instance {
    std::unique_ptr<storage::Database> db;
    ScriptedTransport transport;
    std::unique_ptr<MailSender> sender;
    std::string error;
  };
  std::vector<std::unique_ptr<Instance>> instances;
  for (int i = 0; i < 4; ++i) {
    auto instance = std::make_unique<Instance>();
    instance->db = std::make_unique<storage::Database>(options);
    MailSenderOptions o;
    o.instance_id = "I" + std::to_string(i);
    o.batch_size = 10;
    o.clock = [] { return kStart + 1; };
    o.transport_factory = [t = &instance->transport](const MailSettings&, const std::atomic<bool>*) {
      return std::make_unique<testing::ForwardTransport>(t);
    };
    instance->sender = std::make_unique<MailSender>(*instance->db, [] { return MailSettings{}; }, o);
    instances.push_back(std::move(instance));
  }
  std::vector<std::thread> threads;
  for (auto& instance : instances) {
    threads.emplace_back([&instance] {
      try {
        instance->sender->RunOnce();
      } catch (const std::exception& e) {
        instance->error = e.what();
      }
    });
  }
  for (std::thread& t : threads) t.join();
  std::multiset<int64_t> delivered;
  for (auto& instance : instances) {
    CHECK_MESSAGE(instance->error.empty(), instance->error);
    delivered.insert(instance->transport.delivered.begin(), instance->transport.delivered.end());
  }
  CHECK(delivered.size() == static_cast<size_t>(kMails));
  CHECK(std::set<int64_t>(delivered.begin(), delivered.end()).size() == static_cast<size_t>(kMails));
  const storage::OutboxPage page = storage::ListMails(db.Reader(), "sent", kMails, 0);
  CHECK(page.total == kMails);
}

TEST_CASE("mail sender with leases: two instances keep one campaign pace together") {
  testing::PgCluster* pg = testing::PgCluster::Shared();
  REQUIRE_MESSAGE(pg != nullptr, "PostgreSQL server binaries are not installed");
  storage::DatabaseOptions options;
  options.url = pg->NewDatabase();
  storage::Database db(options);
  constexpr int kMails = 6;
  db.Write([&](storage::Conn& c) {
    for (int i = 0; i < kMails; ++i) {
      QueueMailAt(c, "campaign", "p" + std::to_string(i) + "@example.org", "P", "en",
                  {{"subject", "News"}, {"body", "Hi"}, {"body_text", "Hi"},
                   {"body_html", "<p>Hi</p>"}, {"unsubscribe_token", "TOK"}},
                  FormatRfc3339(kStart));
    }
    return true;
  });
  MailSettings settings;
  settings.campaign_rate_per_minute = 300;  // 200 ms apart, whichever instance sends
  // Each instance's first transfer waits until the other one is sending too, so both hold
  // rows: on their own paces they would send in parallel, three mails each.
  std::mutex mutex;
  std::condition_variable changed;
  int sending = 0;
  auto meet = [&](const OutgoingMail&) {
    std::unique_lock<std::mutex> lock(mutex);
    ++sending;
    changed.notify_all();
    changed.wait_for(lock, std::chrono::seconds(10), [&] { return sending >= 2; });
  };
  struct Instance {
    std::unique_ptr<storage::Database> db;
    std::unique_ptr<ScriptedTransport> transport;
    std::unique_ptr<MailSender> sender;
  };
  std::vector<Instance> instances(2);
  for (int i = 0; i < 2; ++i) {
    Instance& instance = instances[i];
    instance.db = std::make_unique<storage::Database>(options);
    bool met = false;
    instance.transport = std::make_unique<ScriptedTransport>([&, met](const OutgoingMail& m) mutable {
      if (!met) meet(m);
      met = true;
    });
    MailSenderOptions o;
    o.instance_id = "P" + std::to_string(i);
    o.batch_size = kMails / 2;
    o.clock = [] { return kStart + 1; };
    o.transport_factory = [t = instance.transport.get()](const MailSettings&, const std::atomic<bool>*) {
      return std::make_unique<testing::ForwardTransport>(t);
    };
    instance.sender = std::make_unique<MailSender>(*instance.db, [&] { return settings; }, o);
  }
  const auto start = std::chrono::steady_clock::now();
  std::vector<std::thread> threads;
  for (Instance& instance : instances) threads.emplace_back([&instance] { instance.sender->RunOnce(); });
  for (std::thread& t : threads) t.join();
  const auto took = std::chrono::steady_clock::now() - start;

  std::set<int64_t> delivered;
  for (Instance& instance : instances) {
    CHECK_FALSE(instance.transport->delivered.empty());  // both sent some
    delivered.insert(instance.transport->delivered.begin(), instance.transport->delivered.end());
  }
  CHECK(delivered.size() == static_cast<size_t>(kMails));
  // Six mails on one pace: five gaps of 200 ms at least (apart, each instance alone would take
  // two gaps).
  CHECK(took >= std::chrono::milliseconds(1000));
}
