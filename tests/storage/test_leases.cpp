// Leases of the mail outbox and of periodic jobs (migration 0031) on both engines: a claim takes
// due free rows once, a running lease keeps others out, an expired one is taken over, renewal
// keeps rows, an outcome or a hand-over mark needs the lease, a taken-over row shows its mark;
// on PostgreSQL two instances claiming at once take different rows (FOR UPDATE SKIP LOCKED).
#include <doctest/doctest.h>

#include <algorithm>
#include <exception>
#include <memory>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "storage/database.h"
#include "storage/job_leases_repo.h"
#include "storage/mail_lease_repo.h"
#include "storage/mail_repo.h"
#include "storage/query.h"
#include "tests/storage/engines.h"

using lanyard::storage::Conn;
using lanyard::storage::Database;
using lanyard::storage::MailLease;
using lanyard::storage::OutboxRow;
namespace st = lanyard::storage;

namespace {

constexpr const char* kDue = "2026-01-01T00:00:00Z";  // the rows' due time and the claims' "now"

std::vector<int64_t> Enqueue(Database& db, int n, const std::string& send_after = "") {
  std::vector<int64_t> ids;
  db.Write([&](Conn& c) {
    ids.clear();  // set afresh: the unit may run more than once
    for (int i = 0; i < n; ++i) {
      st::OutboxInsert m;
      m.kind = "account_confirm";
      m.to_email = "p" + std::to_string(i) + "@example.org";
      m.created_at = kDue;
      m.send_after = send_after;
      ids.push_back(st::EnqueueMail(c, m));
    }
    return true;
  });
  return ids;
}

std::vector<int64_t> Ids(const std::vector<OutboxRow>& rows) {
  std::vector<int64_t> ids;
  for (const OutboxRow& r : rows) ids.push_back(r.id);
  return ids;
}

std::vector<OutboxRow> Claim(Database& db, const std::string& owner, int64_t now, int64_t until,
                             int limit = 10) {
  std::vector<OutboxRow> rows;
  db.Write([&](Conn& c) {
    rows = st::ClaimDueMails(c, owner, kDue, now, until, limit);
    return true;
  });
  return rows;
}

template <typename F>
bool WriteBool(Database& db, F f) {
  bool result = false;
  db.Write([&](Conn& c) {
    result = f(c);
    return true;
  });
  return result;
}

}  // namespace

TEST_CASE("leases: a claim takes due free rows once and an expired lease is taken over") {
  lanyard::testing::TempDir dir;
  auto db = lanyard::testing::OpenEachEngine(dir);
  CHECK_FALSE(st::AnyMailClaimable(db->Reader(), kDue, 1000));
  const std::vector<int64_t> due = Enqueue(*db, 3);
  Enqueue(*db, 1, "2026-02-01T00:00:00Z");  // not due yet
  CHECK(st::AnyMailClaimable(db->Reader(), kDue, 1000));

  const std::vector<OutboxRow> a = Claim(*db, "A", 1000, 1060, 2);
  CHECK(Ids(a) == std::vector<int64_t>{due[0], due[1]});  // oldest first, the limit kept
  for (const OutboxRow& r : a) {
    CHECK(r.lease_owner == "A");
    CHECK(r.lease_until == 1060);
    CHECK_FALSE(r.handing_over);
  }
  CHECK(Ids(Claim(*db, "B", 1000, 1060)) == std::vector<int64_t>{due[2]});  // the rest only
  CHECK_FALSE(st::AnyMailClaimable(db->Reader(), kDue, 1059));
  CHECK(Claim(*db, "C", 1059, 1119).empty());  // every due row is held
  CHECK(st::AnyMailClaimable(db->Reader(), kDue, 1060));
  // A's lease ran out at 1060 (B's too): C takes them all over; the future row stays.
  CHECK(Ids(Claim(*db, "C", 1060, 1120)) == due);
  CHECK(st::FindMail(db->Reader(), due[0])->lease_owner == "C");
}

TEST_CASE("leases: renewal keeps rows, outcomes and the hand-over mark need the lease") {
  lanyard::testing::TempDir dir;
  auto db = lanyard::testing::OpenEachEngine(dir);
  const std::vector<int64_t> ids = Enqueue(*db, 2);
  REQUIRE(Claim(*db, "A", 1000, 1060).size() == 2);

  CHECK(WriteBool(*db, [](Conn& c) { return st::RenewMailLeases(c, "A", 1040, 1100) == 2; }));
  CHECK(WriteBool(*db, [](Conn& c) { return st::RenewMailLeases(c, "B", 1040, 1100) == 0; }));
  CHECK(Claim(*db, "B", 1070, 1130).empty());  // renewed: still A's at 1070

  // A records the first row while it holds the lease: the lease goes with the outcome.
  CHECK(WriteBool(*db, [&](Conn& c) {
    return st::MarkMailSent(c, ids[0], "<m0@x>", "2026-01-01T00:01:00Z", MailLease{"A", 1080});
  }));
  const OutboxRow sent = *st::FindMail(db->Reader(), ids[0]);
  CHECK(sent.status == "sent");
  CHECK_FALSE(sent.lease_owner.has_value());

  // A's lease on the second row runs out at 1100; B takes it over.
  CHECK(Ids(Claim(*db, "B", 1100, 1160)) == std::vector<int64_t>{ids[1]});
  // A no longer holds it: no outcome, no mark; the row is as B claimed it.
  CHECK_FALSE(WriteBool(*db, [&](Conn& c) {
    return st::MarkMailRetry(c, ids[1], "timeout", "2026-01-01T00:05:00Z", MailLease{"A", 1101});
  }));
  CHECK_FALSE(WriteBool(*db, [&](Conn& c) {
    return st::MarkMailFailed(c, ids[1], "refused", MailLease{"A", 1101});
  }));
  CHECK_FALSE(WriteBool(*db, [&](Conn& c) { return st::MarkMailHandingOver(c, ids[1], "A", 1101); }));
  // Nor does B once its own lease ran out.
  CHECK_FALSE(WriteBool(*db, [&](Conn& c) { return st::MarkMailHandingOver(c, ids[1], "B", 1160); }));
  OutboxRow row = *st::FindMail(db->Reader(), ids[1]);
  CHECK(row.status == "queued");
  CHECK(row.attempts == 0);
  CHECK(row.lease_owner == "B");
  CHECK_FALSE(row.handing_over);

  // B marks the hand-over, then dies: a release leaves a marked row held, and whoever claims it
  // after the lease sees the mark (and records it as sent instead of sending it again).
  CHECK(WriteBool(*db, [&](Conn& c) { return st::MarkMailHandingOver(c, ids[1], "B", 1101); }));
  CHECK(WriteBool(*db, [](Conn& c) { return st::ReleaseMailLeases(c, "B") == 0; }));
  const st::MailWakeTimes wake = st::NextMailWake(db->Reader(), 1101);
  CHECK_FALSE(wake.next_due.has_value());  // nothing free is queued
  CHECK(wake.lease_ends == 1160);
  const std::vector<OutboxRow> taken = Claim(*db, "C", 1160, 1220);
  REQUIRE(taken.size() == 1);
  CHECK(taken[0].handing_over);
  CHECK(WriteBool(*db, [&](Conn& c) {
    return st::MarkMailSent(c, ids[1], "<m1@x>", "2026-01-01T00:02:00Z", MailLease{"C", 1161});
  }));
  row = *st::FindMail(db->Reader(), ids[1]);
  CHECK(row.status == "sent");
  CHECK(row.attempts == 1);
  CHECK_FALSE(row.handing_over);
}

TEST_CASE("leases: a stopping sender gives back unmarked rows, and no lease means no check") {
  lanyard::testing::TempDir dir;
  auto db = lanyard::testing::OpenEachEngine(dir);
  const std::vector<int64_t> ids = Enqueue(*db, 2);
  REQUIRE(Claim(*db, "A", 1000, 1060).size() == 2);
  CHECK(WriteBool(*db, [](Conn& c) { return st::ReleaseMailLeases(c, "A") == 2; }));
  CHECK(st::NextMailWake(db->Reader(), 1001).next_due == std::string(kDue));
  CHECK(Claim(*db, "B", 1001, 1061).size() == 2);  // at once, not after A's lease
  // SQLite's single sender records without a lease (an empty owner), whoever holds the row.
  CHECK(WriteBool(*db, [&](Conn& c) { return st::MarkMailFailed(c, ids[0], "refused"); }));
  CHECK(st::FindMail(db->Reader(), ids[0])->status == "failed");
}

TEST_CASE("leases: one instance at a time holds a job, a lapsed one is taken over") {
  lanyard::testing::TempDir dir;
  auto db = lanyard::testing::OpenEachEngine(dir);
  auto take = [&](const char* owner, int64_t now, int64_t until) {
    return WriteBool(*db, [&](Conn& c) { return st::TakeJobLease(c, "orders", owner, now, until); });
  };
  CHECK_FALSE(st::FindJobLease(db->Reader(), "orders").has_value());
  CHECK(take("A", 1000, 1090));
  CHECK_FALSE(take("B", 1030, 1120));  // A holds it
  CHECK(take("A", 1045, 1135));        // the holder renews
  CHECK_FALSE(take("B", 1134, 1224));
  CHECK(take("B", 1135, 1225));  // lapsed: taken over
  const std::optional<st::JobLease> lease = st::FindJobLease(db->Reader(), "orders");
  REQUIRE(lease.has_value());
  CHECK(lease->owner == "B");
  CHECK(lease->lease_until == 1225);
  CHECK_FALSE(take("A", 1136, 1226));
  // Jobs are independent.
  CHECK(WriteBool(*db, [](Conn& c) { return st::TakeJobLease(c, "campaigns", "A", 1136, 1200); }));
}

TEST_CASE("leases: on PostgreSQL two instances claiming at once take different rows") {
  lanyard::testing::PgCluster* cluster = lanyard::testing::PgCluster::Shared();
  REQUIRE_MESSAGE(cluster != nullptr, "PostgreSQL server binaries are not installed");
  st::DatabaseOptions options;
  options.url = cluster->NewDatabase();
  Database a(options);
  Database b(options);
  const std::vector<int64_t> ids = Enqueue(a, 6);

  // A claims 3 rows and, before its transaction ends (its rows locked), B claims: B must skip
  // A's locked rows instead of waiting for them (a wait would end in lock_timeout's error).
  std::vector<int64_t> a_first;
  std::vector<int64_t> b_rows;
  bool first_run = true;
  std::vector<int64_t> a_rows;
  std::string b_error;
  a.Write([&](Conn& c) {
    a_rows = Ids(st::ClaimDueMails(c, "A", kDue, 1000, 1060, 3));
    if (first_run) {  // a serialization failure may run this unit again: B claims once
      first_run = false;
      a_first = a_rows;
      std::thread other([&] {
        try {
          b.Write([&](Conn& cb) {
            st::Exec(cb, "SET LOCAL lock_timeout = '10s'");
            b_rows = Ids(st::ClaimDueMails(cb, "B", kDue, 1000, 1060, 3));
            return true;
          });
        } catch (const std::exception& e) {
          b_error = e.what();
        }
      });
      other.join();
    }
    return true;
  });
  REQUIRE(a_first.size() == 3);
  REQUIRE_MESSAGE(b_error.empty(), b_error);
  CHECK(b_rows.size() == 3);
  for (int64_t id : b_rows) {
    INFO("row ", id);
    CHECK(std::find(a_first.begin(), a_first.end(), id) == a_first.end());
  }
  // Every row has exactly one owner, and the owners' rows are what their claims returned.
  std::set<int64_t> seen;
  for (int64_t id : ids) {
    const OutboxRow row = *st::FindMail(a.Reader(), id);
    REQUIRE(row.lease_owner.has_value());
    const std::vector<int64_t>& mine = *row.lease_owner == "A" ? a_rows : b_rows;
    CHECK(std::find(mine.begin(), mine.end(), id) != mine.end());
    seen.insert(id);
  }
  CHECK(seen.size() == ids.size());
  CHECK(a_rows.size() + b_rows.size() == ids.size());
}
