#pragma once
// Generations beside CommitGeneration() (storage/query.h) for read caches that only care about
// some tables.
#include <cstdint>

#include "storage/conn.h"

namespace lanyard::storage {

// A number that grows after every commit of the writer that inserted, changed or deleted a row
// of `users` or `auth_sessions` (any column: role, active, e-mail, revoked_at...), before the
// units of that commit are answered, and whenever a Database opens (another file may hold other
// accounts); commits that touch neither table leave it alone. The session check keys its cache
// on it (core/accounts/session_cache.h): a flash sale's order commits do not empty that cache,
// a logout or a role change does. Thread-safe (an atomic).
uint64_t AuthGeneration();
// AuthGeneration as the database behind `c` knows it (see CommitGeneration(Conn&)): on
// PostgreSQL it also moves once any instance has answered a commit (PostgreSQL does not say
// which tables a unit touched, so every commit counts). SQLite: AuthGeneration().
uint64_t AuthGeneration(Conn& c);

}  // namespace lanyard::storage
