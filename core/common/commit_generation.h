#pragma once
// The database's commit generation for layers that do not see storage/ (web/reply_cache.h):
// a number that grows after every commit, before the committed units are answered, so data
// read after reading it is at least that new. On PostgreSQL it also follows the commits other
// instances answered (storage/query.h CommitGeneration(Conn&), storage/shared_counters.h).
#include <cstdint>
#include <memory>

namespace lanyard {

class App;

// Thread-safe; on PostgreSQL one round trip unless a RequestFreshness of the thread has read
// the counters already. Throws what a database read throws.
uint64_t CommitGeneration(App& app);

// For its lifetime, the calling thread's caches (reply cache, session check, listing totals,
// settings) start from what every instance sharing the database had answered when it was
// made: on PostgreSQL one round trip at construction, shared by all of them; nothing on
// SQLite. The router makes one per request, before anything is read. Never throws (an
// unreadable database leaves each cache to read, and fail, on its own). One thread's object.
class RequestFreshness {
 public:
  explicit RequestFreshness(App& app);
  ~RequestFreshness();
  RequestFreshness(const RequestFreshness&) = delete;
  RequestFreshness& operator=(const RequestFreshness&) = delete;

 private:
  struct Scope;
  std::unique_ptr<Scope> scope_;
};

}  // namespace lanyard
