#pragma once
// A bounded pool of PostgreSQL sessions (storage/ only). Sessions open on first need, up to
// `size`; a caller that finds none free waits. Thread-safe.
#include <condition_variable>
#include <cstddef>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "storage/postgres/pg_session.h"

namespace lanyard::storage::postgres {

class PgPool {
 public:
  PgPool(std::string url, size_t size) : url_(std::move(url)), size_(size) {}

  // A borrowed session, given back when the lease ends.
  class Lease {
   public:
    Lease(PgPool& pool, PgSession* session) : pool_(&pool), session_(session) {}
    Lease(Lease&& other) noexcept : pool_(other.pool_), session_(other.session_) {
      other.session_ = nullptr;
    }
    Lease(const Lease&) = delete;
    Lease& operator=(const Lease&) = delete;
    Lease& operator=(Lease&&) = delete;
    ~Lease() {
      if (session_) pool_->GiveBack(session_);
    }
    PgSession& session() { return *session_; }

   private:
    PgPool* pool_;
    PgSession* session_;
  };

  // Waits for a free session (opening one while fewer than `size` exist) and reconnects it if
  // its connection was lost. Throws DbError when a connection cannot be opened.
  Lease Acquire();
  // Callers waiting in Acquire now.
  size_t Waiting();

 private:
  void GiveBack(PgSession* session);

  const std::string url_;
  const size_t size_;
  std::mutex mutex_;
  std::condition_variable freed_;
  std::vector<std::unique_ptr<PgSession>> all_;  // GUARDED_BY(mutex_)
  std::vector<PgSession*> idle_;                 // GUARDED_BY(mutex_)
  size_t opening_ = 0;                           // GUARDED_BY(mutex_)
  size_t waiting_ = 0;                           // GUARDED_BY(mutex_)
};

}  // namespace lanyard::storage::postgres
