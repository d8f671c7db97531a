#pragma once
// Wall-clock time as Unix seconds, and its RFC 3339 UTC text form used in the API and the DB.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace lanyard {

int64_t NowSeconds();
std::string FormatRfc3339(int64_t unix_seconds);  // 2026-06-01T09:00:00Z
inline std::string NowRfc3339() { return FormatRfc3339(NowSeconds()); }
// Accepts YYYY-MM-DDTHH:MM:SS with an optional fraction and Z or +HH:MM / -HH:MM offset.
std::optional<int64_t> ParseRfc3339(std::string_view text);
// YYYY-MM-DD → the Unix second of its 00:00:00 UTC.
std::optional<int64_t> ParseDate(std::string_view text);
// Seconds since the epoch of the given civil UTC date-time; validates ranges.
std::optional<int64_t> CivilToUnix(int year, int month, int day, int hour = 0, int minute = 0,
                                   int second = 0);

}  // namespace lanyard
