#pragma once
// A cache of whole API replies for the public reads every visitor repeats (GET /events with any
// filters, an event, its ticket types, /checkin/keys): the routes marked `cached` in the route
// table (router.h). A reply is kept under its request key (ReplyCacheKey) and the database's
// commit generation; the first lookup or store with a newer generation empties the cache, so a
// reply is never served after a commit that could have changed it. Only replies that are the
// same for every caller are kept: the router bypasses the cache for signed-in callers of routes
// whose reply depends on the caller.
//
// Some replies also depend on the clock (GET /events lists events that have not ended), so a
// reply is kept at most `max_age` (5 s by default): an event that ends drops off a cached
// listing up to that late. Nothing a commit changes is ever served stale.
//
// Each reply carries a strong ETag (RFC 9110 §8.8.3) derived from its bytes: the same bytes keep
// the same tag across generations, so a browser revalidating after an unrelated commit still
// gets 304 Not Modified.
//
// Memory: bounded by `max_bytes` (bodies plus keys plus a fixed overhead per entry); the least
// recently used entries go first; a reply larger than an eighth of the cap is never kept.
// Thread safety: every public member may be called from any thread at once; one mutex guards
// the index and is held only for the lookup or the insertion (never while a reply is built or
// sent). Entries are immutable and shared: a reply found stays valid after it is evicted.
#include <chrono>
#include <cstdint>
#include <list>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <unordered_map>

#include <httplib.h>

namespace lanyard::web {

// One kept reply: a 200 with a JSON body.
struct CachedReply {
  std::string body;  // the JSON text sent
  std::string etag;  // strong validator, quoted: "\"3f2a…\"" (RFC 9110 §8.8.3)
};

class ReplyCache {
 public:
  static constexpr size_t kDefaultMaxBytes = 32 * 1024 * 1024;  // 32 MiB
  static constexpr size_t kEntryOverhead = 160;  // bytes counted per entry beside key and body
  static constexpr std::chrono::milliseconds kDefaultMaxAge{5000};

  explicit ReplyCache(size_t max_bytes = kDefaultMaxBytes,
                      std::chrono::milliseconds max_age = kDefaultMaxAge)
      : max_bytes_(max_bytes), max_age_(max_age) {}
  ReplyCache(const ReplyCache&) = delete;
  ReplyCache& operator=(const ReplyCache&) = delete;

  // The reply kept under `key` for `generation` and younger than max_age, or nullptr. A
  // generation newer than the cache's empties the cache first.
  std::shared_ptr<const CachedReply> Find(const std::string& key, uint64_t generation);
  // Keeps `body` under `key` and returns the entry (with its ETag) — also when it is not kept:
  // a generation older than the cache's (a commit landed while the reply was built), or a body
  // too large for the cap. `generation` must be read before the reply's data was read.
  std::shared_ptr<const CachedReply> Store(const std::string& key, uint64_t generation,
                                           std::string body);

  size_t bytes() const;    // bytes counted against the cap now
  size_t entries() const;  // replies kept now

 private:
  struct Slot {
    std::shared_ptr<const CachedReply> reply;
    std::list<std::string>::iterator lru;  // position in lru_ (front = most recently used)
    size_t cost = 0;
    std::chrono::steady_clock::time_point kept;
  };
  void ClearIfOlderLocked(uint64_t generation);
  void EvictLocked(const std::string& key);

  const size_t max_bytes_;
  const std::chrono::milliseconds max_age_;
  mutable std::mutex mutex_;
  uint64_t generation_ = 0;                          // GUARDED_BY(mutex_)
  std::unordered_map<std::string, Slot> slots_;      // GUARDED_BY(mutex_)
  std::list<std::string> lru_;                       // GUARDED_BY(mutex_)
  size_t bytes_ = 0;                                 // GUARDED_BY(mutex_)
};

// The strong ETag of a reply body: a quoted hex SHA-256 prefix (128 bits) of the bytes.
std::string StrongEtag(std::string_view body);

// RFC 9110 §13.1.2: true when an If-None-Match field value names `etag` (weak comparison: a W/
// prefix is ignored) or is "*". Lists are comma-separated; an empty header never matches.
bool IfNoneMatchHits(std::string_view header, std::string_view etag);

// The routes answered through the cache (OpenAPI paths under /api/v1): GET /events (any
// filters), /events/{id}, /events/{id}/ticket-types (public, or per caller when signed in:
// signed-in callers bypass the cache) and /checkin/keys (public). Their OpenAPI entries say so
// (x-reply-cache, a 304 response).
bool IsCachedRoute(const std::string& method, const std::string& path);

// The cache key of a request: method, path and the query parameters in a normal order (sorted
// by name; repeated names keep their order), each part length-prefixed so that no two
// different requests share a key. HEAD is keyed as GET (it answers the same headers). No
// cached route's reply depends on the caller's language, so the language is not part of it.
std::string ReplyCacheKey(const httplib::Request& req);

}  // namespace lanyard::web
