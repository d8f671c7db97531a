#pragma once
// The one way Lanyard shows a time to a person: an instant (Unix seconds, UTC) as wall-clock time
// in an IANA time zone, in the reader's language. Every mail and every server-made text uses
// FormatLocalTime; the pages' i18n.js dateTime() follows the same rules.
//
//   FormatLocalTime(1800064800, "Asia/Jakarta", "en") → "Saturday 16 January 2027, 09:00 WIB"
//   FormatLocalTime(1800064800, "Asia/Jakarta", "id") → "Sabtu, 16 Januari 2027 09.00 WIB"
//
// Zones come from the system's tz database (/usr/share/zoneinfo, Debian's tzdata) through
// Howard Hinnant's date library (libdate-tz, the reference implementation of C++20's chrono
// zones, which g++ 12 lacks). The zone abbreviation is the database's (WIB, WITA, WIT, CET);
// zones whose abbreviation is only a number print it as "UTC+7", "UTC+5:30".
//
// Thread safety: every function may be called from any thread (the database is loaded once).
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace lanyard {

enum class TimeStyle {
  kDateTime,  // en "Saturday 16 January 2027, 09:00 WIB"   id "Sabtu, 16 Januari 2027 09.00 WIB"
  kDate,      // en "Saturday 16 January 2027"              id "Sabtu, 16 Januari 2027"
  kTime,      // en "09:00 WIB"                             id "09.00 WIB"
  kShortDate, // en "16 Jan 2027"                           id "16 Jan 2027" (charts, lists)
};

// `tz`: an IANA name; an unknown or empty one falls back to UTC (settings validate the name, so
// this only happens with a hand-edited database). `locale`: "en" or "id"; others → "en".
// `also_tz`: a second zone; when its UTC offset at that instant differs from `tz`'s, its time is
// added in brackets. For an event-bound time `tz` is the event's zone (what people at the venue
// need) and `also_tz` the deployment's: "Saturday 16 January 2027, 09:00 WITA (08:00 WIB)".
std::string FormatLocalTime(int64_t utc_seconds, std::string_view tz, std::string_view locale,
                            TimeStyle style = TimeStyle::kDateTime, std::string_view also_tz = {});

// The same for an RFC 3339 text (as stored in the database and the API); text that does not
// parse is returned unchanged, so a caller never loses what it had.
std::string FormatLocalTime(std::string_view rfc3339, std::string_view tz, std::string_view locale,
                            TimeStyle style = TimeStyle::kDateTime, std::string_view also_tz = {});

// True for a zone name the tz database knows ("Asia/Jakarta", "UTC"); the settings picker's
// validation.
bool IsTimeZone(std::string_view tz);

// The Unix second of the wall-clock time year-month-day hour:minute in `tz` (what an organizer
// types into a form for a venue in that zone). A time inside a DST gap (02:30 on the spring
// change in Europe/Berlin) moves forward by the gap (03:30 CEST), as browsers do; a time that
// occurs twice (the autumn change) is its first occurrence. nullopt for an invalid date, time or
// zone.
std::optional<int64_t> LocalWallToUtc(int year, int month, int day, int hour, int minute,
                                      std::string_view tz);

// The instant that shows the same wall-clock time in `to_tz` as `utc_seconds` shows in
// `from_tz` (seconds kept): 09:00 WIB → 09:00 WITA, one hour earlier. What "keep the wall-clock
// times" means when an event's zone changes; DST rules of both zones apply, and a wall time
// that does not exist in `to_tz` moves forward by the gap as in LocalWallToUtc. nullopt when
// either zone is unknown.
std::optional<int64_t> SameWallTimeIn(int64_t utc_seconds, std::string_view from_tz,
                                      std::string_view to_tz);

// The Unix second at which the civil day year-month-day begins in `tz` (00:00 local, or the
// first existing instant of that day across a DST gap). nullopt for an invalid date or zone.
// Used by filters such as the events' `date=2026-12-01`, which means that day where the
// deployment is.
std::optional<int64_t> LocalDayStart(int year, int month, int day, std::string_view tz);

// The civil date "YYYY-MM-DD" of an instant in `tz` (UTC for an unknown zone): per-day charts.
std::string LocalDateKey(int64_t utc_seconds, std::string_view tz);

// "YYYY-MM-DD HH:MM:SS", the wall-clock time of an instant in `tz` (UTC for an unknown zone),
// for exports a spreadsheet reads as a date and time (the attendee CSV's checked_in_local).
std::string LocalWallText(int64_t utc_seconds, std::string_view tz);

}  // namespace lanyard
