#pragma once
// Keys shared by every instance of one database (table shared_secrets, migration 0033).
// Values are text (base64 or PEM); the caller encodes. KeepSharedSecret runs inside a
// Database::Write unit; FindSharedSecret on any connection.
#include <optional>
#include <string>

#include "storage/conn.h"

namespace lanyard::storage {

// Keeps `candidate` under `name` unless a value is there already, and returns the value kept:
// instances starting together all end with the first writer's value (a losing insert does
// nothing; on PostgreSQL a serialization failure reruns the unit, which then reads it).
std::string KeepSharedSecret(Conn& c, const std::string& name, const std::string& candidate);

// The value kept under `name`, if any.
std::optional<std::string> FindSharedSecret(Conn& c, const std::string& name);

}  // namespace lanyard::storage
