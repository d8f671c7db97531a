#include "storage/postgres/pg_database.h"

#include <poll.h>
#include <sys/eventfd.h>
#include <unistd.h>

#include <chrono>
#include <iostream>
#include <random>
#include <stdexcept>
#include <unordered_map>

#include "storage/postgres/pg_conn.h"
#include "storage/postgres/pg_error.h"
#include "storage/postgres/pg_pool.h"

namespace lanyard::storage::postgres {

namespace {

std::atomic<uint64_t> next_instance_id{1};
std::atomic<uint64_t> retries{0};
thread_local bool inside_unit = false;

// The reader pool as a SessionSource: a session per execution.
class PooledSessions final : public SessionSource {
 public:
  explicit PooledSessions(PgPool& pool) : pool_(pool) {}
  ResultPtr Run(const char* key, const TranslatedSql& sql,
                const std::vector<const char*>& values) override {
    PgPool::Lease lease = pool_.Acquire();
    return lease.session().Run(key, sql, values);
  }
  void Exec(const std::string& sql) override {
    PgPool::Lease lease = pool_.Acquire();
    lease.session().Exec(sql);
  }

 private:
  PgPool& pool_;
};

// A writer session's Conn, kept with the session so its statements stay prepared.
struct WriterConn {
  explicit WriterConn(PgSession& session) : own(session), conn(own) {}
  OwnSession own;
  PgConn conn;
};

void RollbackQuietly(PgSession& session) {
  try {
    session.Exec("ROLLBACK");
  } catch (...) {
  }
}

// Liveness under contention (a flash sale's units all update one ticket type's row): a unit that
// lost its first kFreeAttempts runs queues behind the other such units of every instance — a
// session advisory lock taken before BEGIN, so its snapshot is taken after the wait — and then
// competes only with first runs; it keeps the lock until it ends, so a unit once at the head of
// the queue is not sent to its back by one more loss. SERIALIZABLE stays the guard of every rule;
// the lock only keeps the same units from losing every run in a row (a 500). Measured: bench/RESULTS.md.
constexpr int kFreeAttempts = 2;
constexpr const char* kQueueBehindRetries = "SELECT pg_advisory_lock(21202601)";

void LeaveRetryQueue(PgSession& session) {
  try {
    session.Exec("SELECT pg_advisory_unlock(21202601)");
  } catch (...) {
  }
}

void Backoff(int attempt) {
  thread_local std::minstd_rand random(std::random_device{}());
  const int ceiling_us = 200 << std::min(attempt, 6);
  std::uniform_int_distribution<int> pick(0, ceiling_us);
  std::this_thread::sleep_for(std::chrono::microseconds(pick(random)));
}

// Moves the database's commit counter after a commit, before the unit's caller is answered:
// the read caches of every instance read it first (storage/database.cpp CommitGeneration(Conn&)),
// so a client that got this instance's answer never gets another instance's older cached
// reply. Outside the transaction (nextval never conflicts). A connection broken right after
// the COMMIT is opened again for a second and third try; if all fail the commit still stands
// (the caller is answered), it is said on stderr, and the NOTIFY sent with the commit moves
// the other instances' generations when it reaches them.
void AnnounceCommit(PgSession& session) {
  constexpr int kAttempts = 3;
  for (int attempt = 1; attempt <= kAttempts; ++attempt) {
    try {
      if (!session.EnsureConnected()) throw DbError("postgres: connection lost", "");
      session.Exec("SELECT nextval('lanyard_commits')");
      return;
    } catch (const DbError& e) {
      if (attempt == kAttempts) {
        std::cerr << "postgres: a commit could not move the shared commit counter (" << e.what()
                  << "); other instances may answer from their caches until its notification "
                     "reaches them"
                  << std::endl;
      }
    }
  }
}

}  // namespace

struct PgDatabase::Impl {
  Impl(const PgOptions& o) : writers(o.url, o.writers), readers(o.url, o.readers), pooled(readers) {}
  PgPool writers;
  PgPool readers;
  PooledSessions pooled;
  std::mutex conns_mutex;
  std::unordered_map<PgSession*, std::unique_ptr<WriterConn>> writer_conns;  // GUARDED_BY(conns_mutex)
  std::vector<std::unique_ptr<PgConn>> reader_conns;                        // GUARDED_BY(conns_mutex)
};

uint64_t PgDatabase::Retries() { return retries.load(); }

PgDatabase::PgDatabase(PgOptions options)
    : options_(std::move(options)), instance_id_(next_instance_id++), impl_(new Impl(options_)) {
  schema_version_ = ApplyPostgresMigrations(options_.url);
  if (options_.listen) {
    stop_event_ = ::eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK);
    if (stop_event_ < 0) throw std::runtime_error("eventfd failed for the commit listener");
    listener_ = std::thread([this] { ListenLoop(); });
  }
}

PgDatabase::~PgDatabase() {
  stopping_ = true;
  if (stop_event_ >= 0) {
    const uint64_t one = 1;
    if (::write(stop_event_, &one, sizeof one) != sizeof one) {
      // The listener then notices stopping_ at its next poll timeout.
    }
  }
  if (listener_.joinable()) listener_.join();
  if (stop_event_ >= 0) ::close(stop_event_);
}

void PgDatabase::Write(const std::function<bool(Conn&)>& unit) {
  if (inside_unit) throw std::logic_error("Database::Write called from inside a unit of work");
  PgPool::Lease lease = impl_->writers.Acquire();
  PgSession& session = lease.session();
  WriterConn* writer = nullptr;
  {
    std::lock_guard<std::mutex> lock(impl_->conns_mutex);
    auto& slot = impl_->writer_conns[&session];
    if (!slot) slot = std::make_unique<WriterConn>(session);
    writer = slot.get();
  }
  bool kept = false;
  bool queued = false;  // holding the retry queue's lock: kept until the unit ends
  for (int attempt = 1;; ++attempt) {
    try {
      if (!queued && attempt > kFreeAttempts) {
        session.Exec(kQueueBehindRetries);  // before BEGIN: a fresh snapshot after the wait
        queued = true;
      }
      session.Exec("BEGIN ISOLATION LEVEL SERIALIZABLE");
      inside_unit = true;
      bool keep = false;
      try {
        keep = unit(writer->conn);
      } catch (...) {
        inside_unit = false;
        throw;
      }
      inside_unit = false;
      if (keep) {
        // One round trip: the notification is queued in the transaction and sent at its commit.
        session.Exec("NOTIFY lanyard_commit; COMMIT");
      } else {
        session.Exec("ROLLBACK");
      }
      kept = keep;
      if (queued) LeaveRetryQueue(session);
      break;
    } catch (const DbError& e) {
      RollbackQuietly(session);
      if (!e.Retryable() || attempt >= options_.max_attempts) {
        if (queued) LeaveRetryQueue(session);
        throw;
      }
      ++retries;
      Backoff(attempt);
    } catch (...) {
      RollbackQuietly(session);
      if (queued) LeaveRetryQueue(session);
      throw;
    }
  }
  if (!kept) return;
  AnnounceCommit(session);
  BumpCommitGeneration();
  BumpAuthGeneration();  // PostgreSQL does not say which tables a unit touched
  std::vector<std::function<void()>> hooks;
  {
    std::lock_guard<std::mutex> lock(hooks_mutex_);
    hooks = commit_hooks_;
  }
  for (auto& hook : hooks) hook();
}

Conn& PgDatabase::Reader() {
  thread_local std::unordered_map<uint64_t, Conn*> cache;
  auto found = cache.find(instance_id_);
  if (found != cache.end()) return *found->second;
  auto conn = std::make_unique<PgConn>(impl_->pooled);
  Conn* raw = conn.get();
  {
    std::lock_guard<std::mutex> lock(impl_->conns_mutex);
    impl_->reader_conns.push_back(std::move(conn));
  }
  cache[instance_id_] = raw;
  return *raw;
}

size_t PgDatabase::QueuedUnits() { return impl_->writers.Waiting(); }

void PgDatabase::OnCommit(std::function<void()> hook) {
  std::lock_guard<std::mutex> lock(hooks_mutex_);
  commit_hooks_.push_back(std::move(hook));
}

void PgDatabase::ListenLoop() {
  constexpr int kPollMs = 1000;       // stopping_ is also seen through stop_event_ at once
  constexpr int kReconnectMs = 1000;
  std::unique_ptr<PgSession> session;
  bool deaf = false;  // counted in CommitGenerationDeafListeners while true
  auto set_deaf = [&](bool value) {
    if (value != deaf) CountDeafListener(value ? +1 : -1);
    deaf = value;
  };
  while (!stopping_) {
    if (!session || PQstatus(session->handle()) != CONNECTION_OK) {
      set_deaf(true);
      try {
        session = std::make_unique<PgSession>(options_.url);
        session->Exec("LISTEN lanyard_commit");
        // Commits made while nobody listened are unknown: start a new generation.
        BumpCommitGeneration();
        BumpAuthGeneration();
        set_deaf(false);
      } catch (const std::exception&) {
        session.reset();
        pollfd stop{stop_event_, POLLIN, 0};
        ::poll(&stop, 1, kReconnectMs);  // the server may be restarting: try again later
        continue;
      }
    }
    pollfd fds[2] = {{PQsocket(session->handle()), POLLIN, 0}, {stop_event_, POLLIN, 0}};
    if (::poll(fds, 2, kPollMs) <= 0 || fds[0].revents == 0) continue;
    if (!PQconsumeInput(session->handle())) continue;  // lost: reconnect above
    bool any = false;
    while (PGnotify* note = PQnotifies(session->handle())) {
      any = true;
      PQfreemem(note);
    }
    if (any) {
      BumpCommitGeneration();
      BumpAuthGeneration();
    }
  }
  set_deaf(false);
}

}  // namespace lanyard::storage::postgres
