// Jobs once across instances (issue 21): two real `lanyard serve --db postgres://…` processes
// send one outbox through a real SMTP server (tests/support/smtp_sink.h) that stalls one
// transfer; the instance holding that mail's lease is killed with SIGKILL while it waits, the
// other takes its rows over when the lease runs out, and every mail reaches the server exactly
// once (by Message-ID) — whether the transfer stalled before the end of DATA (not delivered:
// sent again by the survivor) or after it (delivered: the hand-over mark makes the survivor
// record it as sent instead of sending it again).
#include <doctest/doctest.h>
#include <signal.h>

#include <chrono>
#include <map>
#include <memory>
#include <nlohmann/json.hpp>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "storage/database.h"
#include "storage/mail_repo.h"
#include "tests/support/child_process.h"
#include "tests/support/pg_cluster.h"
#include "tests/support/smtp_sink.h"
#include "tests/support/temp_dir.h"

using lanyard::testing::Child;
using lanyard::testing::SmtpSink;
using lanyard::testing::TempDir;
namespace st = lanyard::storage;

namespace {

using Clock = std::chrono::steady_clock;
constexpr int kMails = 40;
constexpr const char* kStalled = "stalled@example.org";

// A `lanyard serve` over the PostgreSQL database `url` with its own data directory.
std::unique_ptr<Child> StartInstance(const TempDir& dir, const std::string& name,
                                     const std::string& url, int smtp_port) {
  auto child = std::make_unique<Child>(
      std::vector<std::string>{"serve", "--db", url, "--data", dir.File(name), "--listen",
                               "127.0.0.1:0", "--lease-seconds", "4"},
      std::map<std::string, std::string>{
          {"LANYARD_KDF", "fast"},
          {"LANYARD_MAIL", "smtp"},
          {"LANYARD_SMTP_URL", "smtp://127.0.0.1:" + std::to_string(smtp_port)}},
      dir.File(name + ".err"));
  REQUIRE_MESSAGE(child->ReadUntil("listening on http://", std::chrono::seconds(60)),
                  name << " did not start: " << child->out());
  return child;
}

// The pid in an instance id "<host>:<pid>:<random>" (core/common/instance.h).
pid_t PidOf(const std::string& instance_id) {
  const size_t last = instance_id.rfind(':');
  const size_t before = instance_id.rfind(':', last - 1);
  return static_cast<pid_t>(std::stol(instance_id.substr(before + 1, last - before - 1)));
}

std::vector<st::OutboxRow> AllMails(st::Database& db) {
  return st::ListMails(db.Reader(), "", kMails + 10, 0).items;
}

// Waits until every row is sent; false at the deadline.
bool WaitAllSent(st::Database& db, std::chrono::seconds timeout) {
  const auto deadline = Clock::now() + timeout;
  while (Clock::now() < deadline) {
    int sent = 0;
    for (const st::OutboxRow& row : AllMails(db)) sent += row.status == "sent" ? 1 : 0;
    if (sent == kMails) return true;
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  return false;
}

}  // namespace

TEST_CASE("mail leases: kill -9 the instance holding a stalled mail, every mail is delivered once") {
  lanyard::testing::PgCluster* cluster = lanyard::testing::PgCluster::Shared();
  REQUIRE_MESSAGE(cluster != nullptr, "PostgreSQL server binaries are not installed");
  SmtpSink::Stall where = SmtpSink::Stall::kAtData;
  SUBCASE("stalled before the end of DATA") { where = SmtpSink::Stall::kAtData; }
  SUBCASE("stalled after the end of DATA") { where = SmtpSink::Stall::kAfterDataEnd; }

  TempDir dir;
  SmtpSink sink;
  st::DatabaseOptions options;
  options.url = cluster->NewDatabase();
  st::Database db(options);  // creates the schema
  // The outbox is filled before the instances start: both find it at once.
  db.Write([](st::Conn& c) {
    for (int i = 0; i < kMails; ++i) {
      st::OutboxInsert m;
      m.kind = "account_confirm";
      m.to_email = i == kMails / 2 ? std::string(kStalled) : "p" + std::to_string(i) + "@example.org";
      m.to_name = "Person " + std::to_string(i);
      m.data = nlohmann::json{{"confirm_url", "http://127.0.0.1/account/confirm?token=t" +
                                                  std::to_string(i)},
                              {"token", "t" + std::to_string(i)}}
                   .dump();
      st::EnqueueMail(c, m);
    }
    return true;
  });
  int64_t stalled_id = 0;
  for (const st::OutboxRow& row : AllMails(db)) {
    if (row.to_email == kStalled) stalled_id = row.id;
  }
  REQUIRE(stalled_id > 0);
  sink.StallNext(kStalled, where);

  std::map<pid_t, std::unique_ptr<Child>> instances;
  for (const char* name : {"a", "b"}) {
    std::unique_ptr<Child> child = StartInstance(dir, name, options.url, sink.port());
    const pid_t pid = child->pid();
    instances.emplace(pid, std::move(child));
  }
  REQUIRE_MESSAGE(sink.WaitStalled(std::chrono::seconds(60)), "no instance sent the stalled mail");

  // The instance sending it holds its lease while the transfer waits: kill that one.
  const std::optional<st::OutboxRow> stalled = st::FindMail(db.Reader(), stalled_id);
  REQUIRE(stalled.has_value());
  REQUIRE(stalled->lease_owner.has_value());
  const pid_t holder = PidOf(*stalled->lease_owner);
  REQUIRE(instances.count(holder) == 1);
  CHECK(stalled->handing_over == (where == SmtpSink::Stall::kAfterDataEnd));
  const auto killed_at = Clock::now();
  instances[holder]->Signal(SIGKILL);
  CHECK(instances[holder]->Wait(std::chrono::seconds(30)) == 128 + SIGKILL);

  // The survivor takes the dead instance's rows over once their lease ran out.
  REQUIRE_MESSAGE(WaitAllSent(db, std::chrono::seconds(120)), "not every mail was recorded as sent");
  MESSAGE("every mail recorded as sent ",
          std::chrono::duration_cast<std::chrono::milliseconds>(Clock::now() - killed_at).count(),
          " ms after the kill (lease 4 s; a figure, not a check)");
  std::multiset<std::string> delivered;
  for (const SmtpSink::Message& m : sink.Messages()) delivered.insert(m.message_id);
  std::set<std::string> recorded;
  for (const st::OutboxRow& row : AllMails(db)) {
    REQUIRE(row.message_id.has_value());
    recorded.insert(*row.message_id);
  }
  CHECK(recorded.size() == static_cast<size_t>(kMails));
  CHECK(delivered.size() == static_cast<size_t>(kMails));
  for (const std::string& id : recorded) {
    INFO("Message-ID ", id);
    CHECK(delivered.count(id) == 1);
  }
  // The survivor stops cleanly and gives nothing back twice.
  for (auto& instance : instances) {
    if (instance.first == holder) continue;
    instance.second->Signal(SIGTERM);
    CHECK(instance.second->Wait(std::chrono::seconds(30)) == 0);
  }
  CHECK(sink.Messages().size() == static_cast<size_t>(kMails));
}
