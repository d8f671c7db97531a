#pragma once
// The database's commit generation for layers that do not see storage/ (web/reply_cache.h):
// a number that grows after every commit, before the committed units are answered, so data
// read after reading it is at least that new. Thread-safe (an atomic load).
#include <cstdint>

namespace lanyard {

uint64_t CommitGeneration();

}  // namespace lanyard
