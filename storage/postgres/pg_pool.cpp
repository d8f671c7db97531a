#include "storage/postgres/pg_pool.h"

#include "storage/postgres/pg_error.h"

namespace lanyard::storage::postgres {

PgPool::Lease PgPool::Acquire() {
  std::unique_lock<std::mutex> lock(mutex_);
  ++waiting_;
  freed_.wait(lock, [this] { return !idle_.empty() || all_.size() + opening_ < size_; });
  --waiting_;
  if (!idle_.empty()) {
    PgSession* session = idle_.back();
    idle_.pop_back();
    lock.unlock();
    Lease lease(*this, session);
    if (!session->EnsureConnected()) throw DbError("postgres: connection lost", "");
    return lease;
  }
  ++opening_;
  lock.unlock();
  std::unique_ptr<PgSession> session;
  try {
    session = std::make_unique<PgSession>(url_);
  } catch (...) {
    lock.lock();
    --opening_;
    freed_.notify_one();
    throw;
  }
  PgSession* raw = session.get();
  lock.lock();
  --opening_;
  all_.push_back(std::move(session));
  return Lease(*this, raw);
}

size_t PgPool::Waiting() {
  std::lock_guard<std::mutex> lock(mutex_);
  return waiting_;
}

void PgPool::GiveBack(PgSession* session) {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    idle_.push_back(session);
  }
  freed_.notify_one();
}

}  // namespace lanyard::storage::postgres
