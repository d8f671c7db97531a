#include "web/reply_cache.h"

#include "core/common/crypto.h"

namespace lanyard::web {

std::shared_ptr<const CachedReply> ReplyCache::Find(const std::string& key, uint64_t generation) {
  std::lock_guard<std::mutex> lock(mutex_);
  ClearIfOlderLocked(generation);
  if (generation != generation_) return nullptr;
  auto it = slots_.find(key);
  if (it == slots_.end()) return nullptr;
  if (std::chrono::steady_clock::now() - it->second.kept >= max_age_) {
    EvictLocked(key);
    return nullptr;
  }
  lru_.splice(lru_.begin(), lru_, it->second.lru);
  return it->second.reply;
}

std::shared_ptr<const CachedReply> ReplyCache::Store(const std::string& key, uint64_t generation,
                                                     std::string body) {
  auto reply = std::make_shared<CachedReply>();
  reply->etag = StrongEtag(body);
  reply->body = std::move(body);
  const size_t cost = key.size() + reply->body.size() + kEntryOverhead;
  if (cost > max_bytes_ / 8) return reply;
  std::lock_guard<std::mutex> lock(mutex_);
  ClearIfOlderLocked(generation);
  if (generation != generation_) return reply;  // built before a commit the cache has seen
  EvictLocked(key);
  while (bytes_ + cost > max_bytes_ && !lru_.empty()) EvictLocked(lru_.back());
  lru_.push_front(key);
  slots_.emplace(key, Slot{reply, lru_.begin(), cost, std::chrono::steady_clock::now()});
  bytes_ += cost;
  return reply;
}

size_t ReplyCache::bytes() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return bytes_;
}

size_t ReplyCache::entries() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return slots_.size();
}

void ReplyCache::ClearIfOlderLocked(uint64_t generation) {
  if (generation <= generation_) return;
  slots_.clear();
  lru_.clear();
  bytes_ = 0;
  generation_ = generation;
}

void ReplyCache::EvictLocked(const std::string& key) {
  auto it = slots_.find(key);
  if (it == slots_.end()) return;
  bytes_ -= it->second.cost;
  lru_.erase(it->second.lru);  // `key` may be the list's own string: erase the map entry last
  slots_.erase(it);
}

bool IsCachedRoute(const std::string& method, const std::string& path) {
  static const char* const kPaths[] = {"/events", "/events/{id}", "/events/{id}/ticket-types",
                                       "/checkin/keys"};
  if (method != "GET") return false;
  for (const char* p : kPaths) {
    if (path == p) return true;
  }
  return false;
}

std::string StrongEtag(std::string_view body) {
  return "\"" + crypto::HexEncode(crypto::Sha256(body).substr(0, 16)) + "\"";
}

bool IfNoneMatchHits(std::string_view header, std::string_view etag) {
  size_t pos = 0;
  while (pos < header.size()) {
    size_t comma = header.find(',', pos);
    if (comma == std::string_view::npos) comma = header.size();
    std::string_view item = header.substr(pos, comma - pos);
    while (!item.empty() && (item.front() == ' ' || item.front() == '\t')) item.remove_prefix(1);
    while (!item.empty() && (item.back() == ' ' || item.back() == '\t')) item.remove_suffix(1);
    if (item == "*") return true;
    if (item.size() > 2 && item.substr(0, 2) == "W/") item.remove_prefix(2);
    if (!item.empty() && item == etag) return true;
    pos = comma + 1;
  }
  return false;
}

std::string ReplyCacheKey(const httplib::Request& req) {
  std::string key;
  auto part = [&key](std::string_view s) {
    key += std::to_string(s.size());
    key += ':';
    key += s;
  };
  part(req.method == "HEAD" ? std::string_view("GET") : std::string_view(req.method));
  part(req.path);
  // std::multimap: sorted by name, equal names in the order they came.
  for (const auto& [name, value] : req.params) {
    part(name);
    part(value);
  }
  return key;
}

}  // namespace lanyard::web
