#include <dirent.h>
#include <doctest/doctest.h>
#include <sys/stat.h>

#include <atomic>
#include <chrono>
#include <fstream>
#include <memory>
#include <mutex>
#include <regex>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "core/mail/mail_outbox.h"
#include "core/mail/mail_sender.h"
#include "core/common/time_util.h"
#include "storage/database.h"
#include "storage/mail_repo.h"
#include "tests/core/mail/forward_transport.h"
#include "tests/support/temp_dir.h"

using namespace lanyard;
using nlohmann::json;

namespace {

constexpr int64_t kStart = 1780304400;  // 2026-06-01T09:00:00Z

std::vector<std::string> ListDir(const std::string& dir) {
  std::vector<std::string> out;
  DIR* d = opendir(dir.c_str());
  if (!d) return out;
  while (dirent* e = readdir(d)) {
    std::string name = e->d_name;
    if (name != "." && name != "..") out.push_back(name);
  }
  closedir(d);
  std::sort(out.begin(), out.end());
  return out;
}

std::string ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

// A transport that fails (or succeeds) as told and remembers what it was given.
class FakeTransport : public MailTransport {
 public:
  SendResult Send(const OutgoingMail& mail) override {
    std::lock_guard<std::mutex> lock(mutex);
    mails.push_back(mail);
    SendResult r;
    if (failures_left > 0) {
      --failures_left;
      r.error = "connection refused (fake)";
      r.permanent = permanent;
      return r;
    }
    r.ok = true;
    return r;
  }
  std::mutex mutex;
  std::vector<OutgoingMail> mails;
  int failures_left = 0;
  bool permanent = false;
};

struct Fixture {
  testing::TempDir dir;
  std::unique_ptr<storage::Database> db;
  std::atomic<int64_t> now{kStart};
  FakeTransport fake;

  Fixture() { Open(); }
  void Open() {
    db = std::make_unique<storage::Database>(storage::DatabaseOptions{dir.File("db.sqlite")});
  }

  MailSettings Settings() const {
    MailSettings s;
    s.site_name = "Test Fest";
    s.base_url = "https://fest.example.org";
    s.mail_from = "Test Fest <mail@fest.example.org>";
    s.transport = "file";
    s.mail_dir = dir.File("mail");
    return s;
  }

  MailSenderOptions FakeOptions() {
    MailSenderOptions o;
    o.clock = [this] { return now.load(); };
    o.transport_factory = [this](const MailSettings&, const std::atomic<bool>*) {
      return std::make_unique<testing::ForwardTransport>(&fake);
    };
    return o;
  }

  int64_t Queue(const std::string& kind = "account_confirm", json data = nullptr,
                const std::string& locale = "en") {
    if (data.is_null()) {
      data = {{"confirm_url", "https://fest.example.org/account/confirm?token=T1"},
              {"token", "T1"}};
    }
    int64_t id = 0;
    db->Write([&](storage::Conn& c) {
      id = QueueMailAt(c, kind, "ana@example.org", "Ana Łukasz", locale, data,
                       FormatRfc3339(now.load()));
      return true;
    });
    return id;
  }

  storage::OutboxRow Row(int64_t id) {
    auto row = storage::FindMail(db->Reader(), id);
    REQUIRE(row.has_value());
    return *row;
  }
};

}  // namespace

TEST_CASE("mail sender: the file transport writes one .eml per mail, atomically and private") {
  Fixture f;
  const int64_t id = f.Queue();
  MailSenderOptions options;
  options.clock = [&] { return f.now.load(); };
  MailSender sender(
      *f.db, [&] { return f.Settings(); }, options);
  CHECK(sender.RunOnce() == 1);

  const storage::OutboxRow row = f.Row(id);
  CHECK(row.status == "sent");
  CHECK(row.attempts == 1);
  CHECK(row.sent_at.value_or("") == "2026-06-01T09:00:00Z");
  REQUIRE(row.message_id.has_value());
  CHECK(row.message_id->find("@fest.example.org") != std::string::npos);

  const std::vector<std::string> files = ListDir(f.dir.File("mail"));
  REQUIRE(files.size() == 1);
  CHECK(std::regex_match(files[0],
                         std::regex(R"(\d{8}T\d{6}\.\d{3}Z-)" + std::to_string(id) + R"(\.eml)")));
  struct stat st {};
  REQUIRE(stat((f.dir.File("mail") + "/" + files[0]).c_str(), &st) == 0);
  CHECK((st.st_mode & 0777) == 0600);
  const std::string eml = ReadFile(f.dir.File("mail") + "/" + files[0]);
  // Header names are case-insensitive (GMime writes Message-Id, Content-Id).
  CHECK(std::regex_search(eml, std::regex("\r\nMessage-I[Dd]: <" + *row.message_id + ">\r\n")));
  CHECK(std::regex_search(eml, std::regex("\r\nTo: [^\r]*=\\?UTF-8\\?[Bb]\\?", std::regex::icase)));  // "Ana Łukasz" is encoded
  CHECK(eml.find("Subject: Confirm your email address for Test Fest\r\n") != std::string::npos);
  CHECK(eml.find("https://fest.example.org/account/confirm?token=3DT1") !=
        std::string::npos);  // QP

  // Nothing left to do.
  CHECK(sender.RunOnce() == 0);
  CHECK(ListDir(f.dir.File("mail")).size() == 1);
}

TEST_CASE("mail sender: failures back off 1m, 5m, 30m, 2h, 6h, 12h, then the row fails") {
  Fixture f;
  f.fake.failures_left = 1000;
  const int64_t id = f.Queue();
  MailSender sender(
      *f.db, [&] { return f.Settings(); }, f.FakeOptions());

  const int64_t delays[] = {60, 300, 1800, 7200, 21600, 43200};
  for (int attempt = 1; attempt <= 6; ++attempt) {
    CAPTURE(attempt);
    CHECK(sender.RunOnce() == 1);
    storage::OutboxRow row = f.Row(id);
    CHECK(row.status == "queued");
    CHECK(row.attempts == attempt);
    CHECK(row.last_error.value_or("") == "connection refused (fake)");
    const int64_t next = f.now + delays[attempt - 1];
    CHECK(row.next_attempt_at == FormatRfc3339(next));
    // Not due a second earlier.
    f.now = next - 1;
    CHECK(sender.RunOnce() == 0);
    f.now = next;
  }
  CHECK(sender.RunOnce() == 1);
  storage::OutboxRow row = f.Row(id);
  CHECK(row.status == "failed");
  CHECK(row.attempts == 7);
  CHECK(row.last_error.value_or("") == "connection refused (fake)");
  CHECK(f.fake.mails.size() == 7);
  // The spread covers hours: about 21 hours between the first and the last try.
  CHECK(f.now - kStart == 60 + 300 + 1800 + 7200 + 21600 + 43200);
  f.now += 100000;
  CHECK(sender.RunOnce() == 0);
  CHECK(sender.stats().failed == 1);
  CHECK(sender.stats().retried == 6);
}

TEST_CASE("mail sender: a transient failure is retried and then delivered") {
  Fixture f;
  f.fake.failures_left = 2;
  const int64_t id = f.Queue();
  MailSender sender(
      *f.db, [&] { return f.Settings(); }, f.FakeOptions());
  CHECK(sender.RunOnce() == 1);
  f.now += 60;
  CHECK(sender.RunOnce() == 1);
  f.now += 300;
  CHECK(sender.RunOnce() == 1);
  storage::OutboxRow row = f.Row(id);
  CHECK(row.status == "sent");
  CHECK(row.attempts == 3);
  REQUIRE(f.fake.mails.size() == 3);
  // Every attempt carries the same Message-ID.
  CHECK(f.fake.mails[0].message_id == f.fake.mails[2].message_id);
  CHECK(f.fake.mails[2].envelope_from == "mail@fest.example.org");
  CHECK(f.fake.mails[2].recipients == std::vector<std::string>{"ana@example.org"});
}

TEST_CASE("mail sender: permanent refusals and unusable rows fail at once") {
  Fixture f;
  f.fake.failures_left = 1;
  f.fake.permanent = true;
  const int64_t refused = f.Queue();
  MailSender sender(
      *f.db, [&] { return f.Settings(); }, f.FakeOptions());
  CHECK(sender.RunOnce() == 1);
  CHECK(f.Row(refused).status == "failed");
  CHECK(f.Row(refused).attempts == 1);

  int64_t unknown_kind = 0;
  int64_t bad_address = 0;
  f.db->Write([&](storage::Conn& c) {
    storage::OutboxInsert bad;
    bad.kind = "no_such_kind";
    bad.to_email = "x@example.org";
    bad.send_after = FormatRfc3339(kStart);
    unknown_kind = storage::EnqueueMail(c, bad);
    bad.kind = "account_confirm";
    bad.to_email = "not-an-address";
    bad_address = storage::EnqueueMail(c, bad);
    return true;
  });
  CHECK(sender.RunOnce() == 2);
  CHECK(f.Row(unknown_kind).status == "failed");
  CHECK(f.Row(unknown_kind).last_error.value_or("").find("no_such_kind") != std::string::npos);
  CHECK(f.Row(bad_address).status == "failed");
  CHECK(f.fake.mails.size() == 1);  // neither reached the transport
}

TEST_CASE("mail sender: a mail queued in a unit of work that rolled back is never sent") {
  Fixture f;
  f.db->Write([&](storage::Conn& c) {
    QueueMail(c, "account_confirm", "ghost@example.org", "", "en", json::object());
    return false;  // the business change failed
  });
  MailSender sender(
      *f.db, [&] { return f.Settings(); }, f.FakeOptions());
  CHECK(sender.RunOnce() == 0);
  CHECK(f.fake.mails.empty());
}

TEST_CASE("mail sender: scheduled mails wait for their time") {
  Fixture f;
  int64_t id = 0;
  f.db->Write([&](storage::Conn& c) {
    id = QueueMailAt(c, "campaign", "a@example.org", "A", "en",
                     {{"subject", "Hi"}, {"body", "Body"}, {"unsubscribe_token", "U"}},
                     FormatRfc3339(kStart + 3600));
    return true;
  });
  MailSender sender(
      *f.db, [&] { return f.Settings(); }, f.FakeOptions());
  CHECK(sender.RunOnce() == 0);
  f.now = kStart + 3600;
  CHECK(sender.RunOnce() == 1);
  CHECK(f.Row(id).status == "sent");
  REQUIRE(f.fake.mails.size() == 1);
  CHECK(f.fake.mails[0].mime.find(
            "List-Unsubscribe: <https://fest.example.org/api/v1/unsubscribe/U>") !=
        std::string::npos);
}

TEST_CASE("mail sender: the sender renders with the admin's current template") {
  Fixture f;
  f.db->Write([&](storage::Conn& c) {
    storage::UpsertTemplateOverride(
        c, {"account_confirm", "id", "Konfirmasi untuk {{recipient_name}}", "Buka {{confirm_url}}",
            "<p>{{confirm_url}}</p>", std::nullopt, ""});
    return true;
  });
  f.Queue("account_confirm", nullptr, "id");
  f.Queue("account_confirm", nullptr, "en");
  MailSender sender(
      *f.db, [&] { return f.Settings(); }, f.FakeOptions());
  CHECK(sender.RunOnce() == 2);
  REQUIRE(f.fake.mails.size() == 2);
  CHECK(f.fake.mails[0].subject == "Konfirmasi untuk Ana Łukasz");
  CHECK(f.fake.mails[0].text == "Buka https://fest.example.org/account/confirm?token=T1");
  CHECK(f.fake.mails[1].subject == "Confirm your email address for Test Fest");
}

TEST_CASE("mail sender: tickets mails carry the QR codes inline") {
  Fixture f;
  f.Queue("tickets", {{"event_title", "Fest"},
                      {"order_code", "LNY-9"},
                      {"tickets", json::array({{{"id", 7},
                                                {"code", "LNY1.X.Y"},
                                                {"holder_name", "Ana"},
                                                {"ticket_type", "Regular"}}})}});
  MailSender sender(
      *f.db, [&] { return f.Settings(); }, f.FakeOptions());
  CHECK(sender.RunOnce() == 1);
  REQUIRE(f.fake.mails.size() == 1);
  const std::string& mime = f.fake.mails[0].mime;
  CHECK(mime.find("Content-Type: multipart/related") != std::string::npos);
  CHECK(std::regex_search(mime, std::regex("Content-I[Dd]: <ticket-7@lanyard>")));
  CHECK(mime.find("cid:ticket-7@lanyard") != std::string::npos);
  CHECK(f.fake.mails[0].text.find("https://fest.example.org/account/tickets/7") !=
        std::string::npos);
}

TEST_CASE("mail sender: queued mails survive a restart and the thread delivers them") {
  Fixture f;
  std::vector<int64_t> ids;
  for (int i = 0; i < 5; ++i) ids.push_back(f.Queue());
  f.db.reset();  // the process "dies" with five queued mails
  f.Open();

  MailSenderOptions options;  // real clock: the rows were queued "now" in fake time (2026)...
  options.clock = [] { return kStart + 10; };
  options.idle_poll = std::chrono::hours(1);  // only the start-up pass and the commit hook
  MailSender sender(
      *f.db, [&] { return f.Settings(); }, options);
  sender.Start();
  auto wait_sent = [&](int64_t id) {
    for (int i = 0; i < 500; ++i) {
      if (f.Row(id).status == "sent") return true;
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    return false;
  };
  for (int64_t id : ids) CHECK(wait_sent(id));

  // A mail committed while the sender sleeps is picked up by the commit hook, not the timer.
  const int64_t late = f.Queue();
  CHECK(wait_sent(late));
  sender.Stop();
  CHECK(ListDir(f.dir.File("mail")).size() == 6);
}

TEST_CASE("mail sender: Stop aborts a transfer in progress without counting the attempt") {
  Fixture f;
  const int64_t id = f.Queue();

  class Blocking : public MailTransport {
   public:
    Blocking(const std::atomic<bool>* cancel, std::atomic<bool>* entered)
        : cancel_(cancel), entered_(entered) {}
    SendResult Send(const OutgoingMail&) override {
      *entered_ = true;
      while (!cancel_->load()) std::this_thread::sleep_for(std::chrono::milliseconds(5));
      SendResult r;
      r.error = "aborted";
      return r;
    }

   private:
    const std::atomic<bool>* cancel_;
    std::atomic<bool>* entered_;
  };
  std::atomic<bool> entered{false};
  MailSenderOptions options = f.FakeOptions();
  options.transport_factory = [&](const MailSettings&, const std::atomic<bool>* cancel) {
    return std::make_unique<Blocking>(cancel, &entered);
  };
  MailSender sender(
      *f.db, [&] { return f.Settings(); }, options);
  sender.Start();
  for (int i = 0; i < 500 && !entered; ++i)
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  REQUIRE(entered);
  const auto t0 = std::chrono::steady_clock::now();
  sender.Stop();
  CHECK(std::chrono::steady_clock::now() - t0 < std::chrono::seconds(2));
  storage::OutboxRow row = f.Row(id);
  CHECK(row.status == "queued");
  CHECK(row.attempts == 0);
  sender.Stop();  // idempotent
}
