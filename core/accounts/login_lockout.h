#pragma once
// The login lockout policy (SPEC §3): an account that collected `max_failures` wrong passwords
// within a 15-minute window refuses further sign-ins until the window ends.
//
// Counted atomically: Begin() reserves one failure before the password is checked, so parallel
// wrong guesses can never pass the limit before they are counted; Finish() keeps the
// reservation for a wrong password and gives it back for any other outcome. Keys are opaque
// strings (today the normalized e-mail address; a key may as well combine account and client
// address). Kept in memory: a restart forgets the counts.
//
// Thread-safe: one mutex guards the windows.
#include <cstdint>
#include <mutex>
#include <string>
#include <unordered_map>

#include "core/common/result.h"

namespace lanyard::accounts {

class LoginLockout {
 public:
  static constexpr int64_t kWindowSeconds = 15 * 60;

  // A reserved attempt; pass it to Finish exactly once.
  struct Attempt {
    std::string key;
    int64_t window_start = 0;
  };

  // Reserves one failure for `key` at `now` (Unix seconds): rate_limited (with the seconds until
  // the window ends in *retry_after) when `max_failures` are counted or reserved already.
  Result<Attempt> Begin(const std::string& key, int max_failures, int64_t now, int* retry_after);
  // Ends an attempt: a wrong password (`failed`) stays counted, anything else is given back.
  void Finish(const Attempt& attempt, bool failed);

  // Tests and servers started without rate limits switch the policy off (Begin always admits).
  void set_enabled(bool on);

 private:
  struct Window {
    int64_t start = 0;
    int count = 0;  // failures counted plus attempts reserved, in this window
  };
  void Purge(int64_t now);

  std::mutex mutex_;
  bool enabled_ = true;                              // GUARDED_BY(mutex_)
  std::unordered_map<std::string, Window> windows_;  // GUARDED_BY(mutex_)
};

}  // namespace lanyard::accounts
