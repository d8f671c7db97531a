#include "core/common/local_time.h"

#include <date/date.h>
#include <date/tz.h>

#include <chrono>
#include <cstdio>
#include <exception>

#include "core/common/time_util.h"

namespace lanyard {

namespace {

// How one language writes a date and a time. Adding a language is one more entry.
struct TimeWords {
  std::string_view locale;
  std::string_view weekdays[7];  // Sunday first, as date::weekday counts
  std::string_view months[12];
  std::string_view short_months[12];
  std::string_view weekday_separator;  // between the weekday and the day of the month
  std::string_view date_time_separator;
  char hour_minute_separator;
};

constexpr TimeWords kWords[] = {
    {"en",
     {"Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"},
     {"January", "February", "March", "April", "May", "June", "July", "August", "September",
      "October", "November", "December"},
     {"Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"},
     " ",
     ", ",
     ':'},
    {"id",
     {"Minggu", "Senin", "Selasa", "Rabu", "Kamis", "Jumat", "Sabtu"},
     {"Januari", "Februari", "Maret", "April", "Mei", "Juni", "Juli", "Agustus", "September",
      "Oktober", "November", "Desember"},
     {"Jan", "Feb", "Mar", "Apr", "Mei", "Jun", "Jul", "Agu", "Sep", "Okt", "Nov", "Des"},
     ", ",
     " ",
     '.'},
};

const TimeWords& WordsFor(std::string_view locale) {
  for (const TimeWords& w : kWords) {
    if (w.locale == locale) return w;
  }
  return kWords[0];
}

// nullptr for an unknown zone (locate_zone throws; an empty name is never a zone).
const date::time_zone* FindZone(std::string_view tz) {
  if (tz.empty()) return nullptr;
  try {
    return date::locate_zone(tz);
  } catch (const std::exception&) {
    return nullptr;
  }
}

const date::time_zone* ZoneOrUtc(std::string_view tz) {
  const date::time_zone* zone = FindZone(tz);
  return zone ? zone : date::locate_zone("UTC");
}

// Wall-clock parts of an instant in a zone.
struct LocalParts {
  date::year_month_day ymd;
  date::weekday weekday;
  int hour = 0;
  int minute = 0;
  int second = 0;
  std::chrono::seconds offset{0};
  std::string abbrev;
};

LocalParts PartsOf(int64_t utc_seconds, const date::time_zone* zone) {
  const date::sys_seconds instant{std::chrono::seconds(utc_seconds)};
  const date::sys_info info = zone->get_info(instant);
  const auto local = instant + info.offset;  // wall clock, as a sys_seconds value
  const auto day = date::floor<date::days>(local);
  const date::hh_mm_ss<std::chrono::seconds> hms{local - day};
  LocalParts p;
  p.ymd = date::year_month_day{day};
  p.weekday = date::weekday{day};
  p.hour = static_cast<int>(hms.hours().count());
  p.minute = static_cast<int>(hms.minutes().count());
  p.second = static_cast<int>(hms.seconds().count());
  p.offset = info.offset;
  p.abbrev = info.abbrev;
  return p;
}

// "WIB" as it is; a numeric abbreviation ("+07", "+0530", "-03") as "UTC+7", "UTC+5:30".
std::string ZoneLabel(const LocalParts& p) {
  if (!p.abbrev.empty() && p.abbrev[0] != '+' && p.abbrev[0] != '-') return p.abbrev;
  const int64_t total = p.offset.count();
  const int64_t mag = total < 0 ? -total : total;
  std::string label = "UTC";
  label += total < 0 ? '-' : '+';
  label += std::to_string(mag / 3600);
  if (mag % 3600 != 0) {
    char minutes[8];
    std::snprintf(minutes, sizeof minutes, ":%02d", static_cast<int>((mag % 3600) / 60));
    label += minutes;
  }
  return label;
}

std::string TimeText(const LocalParts& p, const TimeWords& w) {
  char buf[16];
  std::snprintf(buf, sizeof buf, "%02d%c%02d", p.hour, w.hour_minute_separator, p.minute);
  return std::string(buf) + " " + ZoneLabel(p);
}

std::string DateText(const LocalParts& p, const TimeWords& w) {
  std::string out(w.weekdays[p.weekday.c_encoding()]);
  out += w.weekday_separator;
  out += std::to_string(static_cast<unsigned>(p.ymd.day()));
  out += ' ';
  out += w.months[static_cast<unsigned>(p.ymd.month()) - 1];
  out += ' ';
  out += std::to_string(static_cast<int>(p.ymd.year()));
  return out;
}

std::string ShortDateText(const LocalParts& p, const TimeWords& w) {
  return std::to_string(static_cast<unsigned>(p.ymd.day())) + " " +
         std::string(w.short_months[static_cast<unsigned>(p.ymd.month()) - 1]) + " " +
         std::to_string(static_cast<int>(p.ymd.year()));
}

}  // namespace

std::string FormatLocalTime(int64_t utc_seconds, std::string_view tz, std::string_view locale,
                            TimeStyle style, std::string_view also_tz) {
  const TimeWords& w = WordsFor(locale);
  const LocalParts p = PartsOf(utc_seconds, ZoneOrUtc(tz));
  std::string out;
  switch (style) {
    case TimeStyle::kDateTime:
      out = DateText(p, w) + std::string(w.date_time_separator) + TimeText(p, w);
      break;
    case TimeStyle::kDate:
      out = DateText(p, w);
      break;
    case TimeStyle::kTime:
      out = TimeText(p, w);
      break;
    case TimeStyle::kShortDate:
      return ShortDateText(p, w);
  }
  if (const date::time_zone* other = FindZone(also_tz)) {
    const LocalParts q = PartsOf(utc_seconds, other);
    if (q.offset != p.offset) {
      // The other zone's day when it differs from the main one's, else only its time.
      const bool same_day = q.ymd == p.ymd;
      out += " (" + (same_day || style == TimeStyle::kTime ? TimeText(q, w)
                                                            : DateText(q, w) +
                                                                  std::string(
                                                                      w.date_time_separator) +
                                                                  TimeText(q, w)) +
             ")";
    }
  }
  return out;
}

std::string FormatLocalTime(std::string_view rfc3339, std::string_view tz, std::string_view locale,
                            TimeStyle style, std::string_view also_tz) {
  const std::optional<int64_t> t = ParseRfc3339(rfc3339);
  if (!t) return std::string(rfc3339);
  return FormatLocalTime(*t, tz, locale, style, also_tz);
}

bool IsTimeZone(std::string_view tz) { return FindZone(tz) != nullptr; }

std::optional<int64_t> LocalWallToUtc(int year, int month, int day, int hour, int minute,
                                      std::string_view tz) {
  const date::time_zone* zone = FindZone(tz);
  if (!zone || hour < 0 || hour > 23 || minute < 0 || minute > 59) return std::nullopt;
  const date::year_month_day ymd{date::year{year}, date::month{static_cast<unsigned>(month)},
                                 date::day{static_cast<unsigned>(day)}};
  if (!ymd.ok()) return std::nullopt;
  const date::local_seconds local =
      date::local_days{ymd} + std::chrono::hours(hour) + std::chrono::minutes(minute);
  try {
    const date::local_info info = zone->get_info(local);
    if (info.result == date::local_info::nonexistent) {
      // Read with the offset before the gap: 02:30 CET on the spring change is 03:30 CEST.
      return (local.time_since_epoch() - info.first.offset).count();
    }
    // `earliest` picks the first of two occurrences in a fold.
    const auto sys = zone->to_sys(local, date::choose::earliest);
    return date::floor<std::chrono::seconds>(sys).time_since_epoch().count();
  } catch (const std::exception&) {
    return std::nullopt;
  }
}

std::optional<int64_t> SameWallTimeIn(int64_t utc_seconds, std::string_view from_tz,
                                      std::string_view to_tz) {
  const date::time_zone* from = FindZone(from_tz);
  if (!from || !FindZone(to_tz)) return std::nullopt;
  const date::local_seconds local =
      from->to_local(date::sys_seconds{std::chrono::seconds(utc_seconds)});
  const date::local_days day = date::floor<date::days>(local);
  const date::year_month_day ymd{day};
  const auto since_midnight = local - day;
  const auto hms = date::hh_mm_ss<std::chrono::seconds>{since_midnight};
  const std::optional<int64_t> minute_start = LocalWallToUtc(
      static_cast<int>(ymd.year()), static_cast<int>(static_cast<unsigned>(ymd.month())),
      static_cast<int>(static_cast<unsigned>(ymd.day())), static_cast<int>(hms.hours().count()),
      static_cast<int>(hms.minutes().count()), to_tz);
  if (!minute_start) return std::nullopt;
  return *minute_start + hms.seconds().count();
}

std::optional<int64_t> LocalDayStart(int year, int month, int day, std::string_view tz) {
  // A midnight inside a DST gap is answered by the end of the gap, the day's first instant.
  return LocalWallToUtc(year, month, day, 0, 0, tz);
}

std::string LocalDateKey(int64_t utc_seconds, std::string_view tz) {
  const LocalParts p = PartsOf(utc_seconds, ZoneOrUtc(tz));
  char buf[16];
  std::snprintf(buf, sizeof buf, "%04d-%02u-%02u", static_cast<int>(p.ymd.year()),
                static_cast<unsigned>(p.ymd.month()), static_cast<unsigned>(p.ymd.day()));
  return buf;
}

std::string LocalWallText(int64_t utc_seconds, std::string_view tz) {
  const LocalParts p = PartsOf(utc_seconds, ZoneOrUtc(tz));
  char buf[32];
  std::snprintf(buf, sizeof buf, "%s %02d:%02d:%02d", LocalDateKey(utc_seconds, tz).c_str(), p.hour,
                p.minute, p.second);
  return buf;
}

}  // namespace lanyard
