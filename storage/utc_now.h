#pragma once
// The current time as the repositories store it, computed here rather than by the engine's own
// clock function (SQLite's strftime, PostgreSQL's now() differ in text and in transaction
// semantics), so both engines write the same text.
#include <string>

namespace lanyard::storage {

// "YYYY-MM-DDTHH:MM:SSZ" (UTC, whole seconds), the form of every *_at column. Thread-safe.
std::string UtcNowText();

// `text` unless empty, else UtcNowText().
std::string TextOrNow(const std::string& text);

}  // namespace lanyard::storage
