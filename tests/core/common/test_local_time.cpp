// FormatLocalTime and friends: one test per formatting rule, in both languages.
#include <doctest/doctest.h>

#include <algorithm>

#include "core/common/local_time.h"
#include "core/common/time_zone_list.h"

using namespace lanyard;

namespace {
constexpr int64_t kSat16Jan2027_0200Z = 1800064800;  // 09:00 in Jakarta
constexpr int64_t kMon30Nov2026_1730Z = 1796059800;  // 00:30 on Tuesday 1 December in Jakarta
}  // namespace

TEST_CASE("local time: date and time in the deployment's zone, English") {
  CHECK(FormatLocalTime(kSat16Jan2027_0200Z, "Asia/Jakarta", "en") ==
        "Saturday 16 January 2027, 09:00 WIB");
}

TEST_CASE("local time: date and time in the deployment's zone, Indonesian") {
  CHECK(FormatLocalTime(kSat16Jan2027_0200Z, "Asia/Jakarta", "id") ==
        "Sabtu, 16 Januari 2027 09.00 WIB");
}

TEST_CASE("local time: a UTC evening is the next day in WIB, in both languages") {
  CHECK(FormatLocalTime(kMon30Nov2026_1730Z, "Asia/Jakarta", "en") ==
        "Tuesday 1 December 2026, 00:30 WIB");
  CHECK(FormatLocalTime(kMon30Nov2026_1730Z, "Asia/Jakarta", "id") ==
        "Selasa, 1 Desember 2026 00.30 WIB");
  CHECK(FormatLocalTime(kMon30Nov2026_1730Z, "UTC", "en") ==
        "Monday 30 November 2026, 17:30 UTC");
  CHECK(LocalDateKey(kMon30Nov2026_1730Z, "Asia/Jakarta") == "2026-12-01");
  CHECK(LocalDateKey(kMon30Nov2026_1730Z, "UTC") == "2026-11-30");
}

TEST_CASE("local time: the other Indonesian zones keep their own names") {
  CHECK(FormatLocalTime(kSat16Jan2027_0200Z, "Asia/Makassar", "id") ==
        "Sabtu, 16 Januari 2027 10.00 WITA");
  CHECK(FormatLocalTime(kSat16Jan2027_0200Z, "Asia/Jayapura", "en") ==
        "Saturday 16 January 2027, 11:00 WIT");
}

TEST_CASE("local time: a zone with only a numeric abbreviation shows its UTC offset") {
  CHECK(FormatLocalTime(kSat16Jan2027_0200Z, "Asia/Ho_Chi_Minh", "en", TimeStyle::kTime) ==
        "09:00 UTC+7");
  CHECK(FormatLocalTime(kSat16Jan2027_0200Z, "Asia/Kathmandu", "id", TimeStyle::kTime) ==
        "07.45 UTC+5:45");
  CHECK(FormatLocalTime(kSat16Jan2027_0200Z, "America/Sao_Paulo", "en", TimeStyle::kTime) ==
        "23:00 UTC-3");
}

TEST_CASE("local time: summer time follows the tz database") {
  // 1 July 2027 10:00 UTC: Berlin is on CEST (+2), in January on CET (+1).
  CHECK(FormatLocalTime(1814436000, "Europe/Berlin", "en") ==
        "Thursday 1 July 2027, 12:00 CEST");
  CHECK(FormatLocalTime(kSat16Jan2027_0200Z, "Europe/Berlin", "en") ==
        "Saturday 16 January 2027, 03:00 CET");
}

TEST_CASE("local time: the date, time and short date styles") {
  CHECK(FormatLocalTime(kSat16Jan2027_0200Z, "Asia/Jakarta", "en", TimeStyle::kDate) ==
        "Saturday 16 January 2027");
  CHECK(FormatLocalTime(kSat16Jan2027_0200Z, "Asia/Jakarta", "id", TimeStyle::kDate) ==
        "Sabtu, 16 Januari 2027");
  CHECK(FormatLocalTime(kSat16Jan2027_0200Z, "Asia/Jakarta", "en", TimeStyle::kTime) ==
        "09:00 WIB");
  CHECK(FormatLocalTime(kSat16Jan2027_0200Z, "Asia/Jakarta", "id", TimeStyle::kTime) ==
        "09.00 WIB");
  CHECK(FormatLocalTime(1786838400, "Asia/Jakarta", "en", TimeStyle::kShortDate) ==
        "16 Aug 2026");
  CHECK(FormatLocalTime(1786838400, "Asia/Jakarta", "id", TimeStyle::kShortDate) ==
        "16 Agu 2026");
}

TEST_CASE("local time: the event's zone is added when it differs from the deployment's") {
  CHECK(FormatLocalTime(kSat16Jan2027_0200Z, "Asia/Jakarta", "en", TimeStyle::kDateTime,
                        "Asia/Makassar") == "Saturday 16 January 2027, 09:00 WIB (10:00 WITA)");
  CHECK(FormatLocalTime(kSat16Jan2027_0200Z, "Asia/Jakarta", "id", TimeStyle::kDateTime,
                        "Asia/Makassar") == "Sabtu, 16 Januari 2027 09.00 WIB (10.00 WITA)");
  // Same offset: said once.
  CHECK(FormatLocalTime(kSat16Jan2027_0200Z, "Asia/Jakarta", "en", TimeStyle::kDateTime,
                        "Asia/Pontianak") == "Saturday 16 January 2027, 09:00 WIB");
  // A different day there: the day is named too.
  CHECK(FormatLocalTime(kMon30Nov2026_1730Z, "Asia/Jakarta", "en", TimeStyle::kDateTime,
                        "Europe/London") ==
        "Tuesday 1 December 2026, 00:30 WIB (Monday 30 November 2026, 17:30 GMT)");
}

TEST_CASE("local time: unknown zone falls back to UTC, unknown language to English") {
  CHECK(FormatLocalTime(kSat16Jan2027_0200Z, "Mars/Olympus", "en") ==
        "Saturday 16 January 2027, 02:00 UTC");
  CHECK(FormatLocalTime(kSat16Jan2027_0200Z, "", "fr") == "Saturday 16 January 2027, 02:00 UTC");
}

TEST_CASE("local time: RFC 3339 text is formatted, other text returned as it is") {
  CHECK(FormatLocalTime(std::string_view("2027-01-16T02:00:00Z"), "Asia/Jakarta", "id") ==
        "Sabtu, 16 Januari 2027 09.00 WIB");
  CHECK(FormatLocalTime(std::string_view("next Tuesday"), "Asia/Jakarta", "id") ==
        "next Tuesday");
}

TEST_CASE("local time: zone names for the settings picker") {
  CHECK(IsTimeZone("Asia/Jakarta"));
  CHECK(IsTimeZone("UTC"));
  CHECK(IsTimeZone("Asia/Calcutta"));  // an alias the picker hides is still accepted
  CHECK_FALSE(IsTimeZone("Asia/Atlantis"));
  CHECK_FALSE(IsTimeZone(""));
  CHECK_FALSE(IsTimeZone("../../etc/passwd"));
  const std::vector<std::string>& names = TimeZoneNames();
  CHECK(std::is_sorted(names.begin(), names.end()));
  CHECK(std::binary_search(names.begin(), names.end(), "Asia/Jakarta"));
  CHECK(std::binary_search(names.begin(), names.end(), "Asia/Makassar"));
  CHECK(std::binary_search(names.begin(), names.end(), "Asia/Kolkata"));
  // tzdata's backward links are not offered.
  for (const char* alias : {"Asia/Calcutta", "US/Eastern", "Asia/Ujung_Pandang", "Japan"}) {
    CHECK_MESSAGE(!std::binary_search(names.begin(), names.end(), alias), alias);
  }
  CHECK(std::none_of(names.begin(), names.end(),
                     [](const std::string& n) { return n.rfind("posix/", 0) == 0; }));
  for (const std::string& n : names) CHECK_MESSAGE(IsTimeZone(n), n);
}

TEST_CASE("local time: tzdata.zi zones are read, links and comments skipped") {
  const std::string zi =
      "# version 2025b\n"
      "Z Asia/Jakarta 7:7:12 - LMT 1867 Au 10\n"
      "1:0 - JST 1945 S 23\n"
      "Z Etc/UTC 0 - UTC\n"
      "L Asia/Jakarta Asia/Batavia\n"
      "Z Factory 0 - -00\n"
      "Z Asia/Jakarta 7 - WIB\n"
      "Z America/Argentina/Buenos_Aires -3:53:48 - LMT";
  CHECK(ParseTzdataZones(zi) ==
        std::vector<std::string>{"America/Argentina/Buenos_Aires", "Asia/Jakarta", "Etc/UTC"});
  CHECK(ParseTzdataZones("").empty());
}

TEST_CASE("local time: the picker puts Indonesia's zones first, the rest by region") {
  const nlohmann::json picker = TimeZonePickerJson();
  REQUIRE(picker["featured"].size() == 3);
  CHECK(picker["featured"][0] == nlohmann::json{{"name", "Asia/Jakarta"}, {"abbrev", "WIB"}});
  CHECK(picker["featured"][1] == nlohmann::json{{"name", "Asia/Makassar"}, {"abbrev", "WITA"}});
  CHECK(picker["featured"][2] == nlohmann::json{{"name", "Asia/Jayapura"}, {"abbrev", "WIT"}});
  size_t grouped = 0;
  std::vector<std::string> regions;
  for (const auto& g : picker["groups"]) {
    regions.push_back(g["region"]);
    for (const auto& z : g["zones"]) {
      const std::string name = z;
      if (g["region"] != "Other") CHECK(name.rfind(g["region"].get<std::string>() + "/", 0) == 0);
      CHECK(name != "Asia/Jakarta");  // not repeated under Asia
      ++grouped;
    }
  }
  CHECK(grouped + 3 == picker["items"].size());
  CHECK(std::find(regions.begin(), regions.end(), "Asia") != regions.end());
  CHECK(std::find(regions.begin(), regions.end(), "Europe") != regions.end());
  CHECK(std::is_sorted(regions.begin(), regions.end() - (regions.back() == "Other" ? 1 : 0)));
}

TEST_CASE("local time: a local day starts at local midnight") {
  // 1 December 2026 in Jakarta begins at 30 November 17:00 UTC.
  CHECK(LocalDayStart(2026, 12, 1, "Asia/Jakarta") == 1796058000);
  CHECK(LocalDayStart(2026, 12, 1, "UTC") == 1796083200);
  // Sao Paulo skipped midnight on 4 November 2018: the day began at 01:00 -02.
  CHECK(LocalDayStart(2018, 11, 4, "America/Sao_Paulo") == 1541300400);
  CHECK_FALSE(LocalDayStart(2026, 2, 30, "Asia/Jakarta").has_value());
  CHECK_FALSE(LocalDayStart(2026, 12, 1, "Nowhere/Else").has_value());
}

TEST_CASE("local time: a wall-clock time in a zone to UTC (what an organizer types)") {
  // 09:00 WITA (UTC+8) on 16 January 2027 is 01:00 UTC; the same wall time in WIB is 02:00 UTC.
  CHECK(LocalWallToUtc(2027, 1, 16, 9, 0, "Asia/Makassar") == 1800061200);
  CHECK(LocalWallToUtc(2027, 1, 16, 9, 0, "Asia/Jakarta") == 1800064800);
  CHECK(FormatLocalTime(*LocalWallToUtc(2027, 1, 16, 9, 0, "Asia/Makassar"), "Asia/Makassar", "id") ==
        "Sabtu, 16 Januari 2027 09.00 WITA");
  CHECK_FALSE(LocalWallToUtc(2027, 2, 29, 9, 0, "Asia/Makassar").has_value());
  CHECK_FALSE(LocalWallToUtc(2027, 1, 16, 24, 0, "Asia/Makassar").has_value());
  CHECK_FALSE(LocalWallToUtc(2027, 1, 16, 9, 60, "Asia/Makassar").has_value());
  CHECK_FALSE(LocalWallToUtc(2027, 1, 16, 9, 0, "Asia/Nowhere").has_value());
}

TEST_CASE("local time: wall-clock times around Europe/Berlin's DST changes") {
  // Spring, 28 March 2027: 02:00 CET jumps to 03:00 CEST (01:00 UTC).
  CHECK(LocalWallToUtc(2027, 3, 28, 1, 30, "Europe/Berlin") == 1806193800);  // 00:30 UTC, CET
  CHECK(LocalWallToUtc(2027, 3, 28, 3, 30, "Europe/Berlin") == 1806197400);  // 01:30 UTC, CEST
  // 02:30 does not exist: read with the offset before the gap, i.e. 03:30 CEST.
  CHECK(LocalWallToUtc(2027, 3, 28, 2, 30, "Europe/Berlin") == 1806197400);
  CHECK(FormatLocalTime(1806197400, "Europe/Berlin", "en", TimeStyle::kTime) == "03:30 CEST");
  // Autumn, 31 October 2027: 03:00 CEST falls back to 02:00 CET (01:00 UTC); 02:30 happens
  // twice and means the first time (CEST).
  CHECK(LocalWallToUtc(2027, 10, 31, 2, 30, "Europe/Berlin") == 1824942600);  // 00:30 UTC
  CHECK(FormatLocalTime(1824942600, "Europe/Berlin", "en", TimeStyle::kTime) == "02:30 CEST");
  CHECK(LocalWallToUtc(2027, 10, 31, 3, 30, "Europe/Berlin") == 1824949800);  // 02:30 UTC, CET
  // Summer and winter 09:00 differ by the hour the offset changes.
  CHECK(*LocalWallToUtc(2027, 7, 1, 9, 0, "Europe/Berlin") % 86400 == 7 * 3600);
  CHECK(*LocalWallToUtc(2027, 12, 1, 9, 0, "Europe/Berlin") % 86400 == 8 * 3600);
}

TEST_CASE("local time: an event zone first, the deployment's in brackets when it differs") {
  // 01:00 UTC = 09:00 WITA = 08:00 WIB.
  CHECK(FormatLocalTime(1800061200, "Asia/Makassar", "id", TimeStyle::kDateTime, "Asia/Jakarta") ==
        "Sabtu, 16 Januari 2027 09.00 WITA (08.00 WIB)");
  CHECK(FormatLocalTime(1800061200, "Asia/Makassar", "en", TimeStyle::kDateTime, "Asia/Jakarta") ==
        "Saturday 16 January 2027, 09:00 WITA (08:00 WIB)");
  CHECK(FormatLocalTime(1800061200, "Asia/Makassar", "en", TimeStyle::kDateTime, "Asia/Makassar") ==
        "Saturday 16 January 2027, 09:00 WITA");
}

TEST_CASE("local time: the same wall-clock time in another zone, across Berlin's DST") {
  // 09:00 WIB on 16 January 2027 → 09:00 WITA, an hour earlier as an instant.
  CHECK(SameWallTimeIn(1800064800, "Asia/Jakarta", "Asia/Makassar") == 1800061200);
  CHECK(SameWallTimeIn(1800064800 + 42, "Asia/Jakarta", "Asia/Makassar") == 1800061200 + 42);
  // From WIB to Europe/Berlin the shift is 6 hours in summer (CEST) and 7 in winter (CET).
  const int64_t july = *LocalWallToUtc(2027, 7, 1, 9, 0, "Asia/Jakarta");
  const int64_t december = *LocalWallToUtc(2027, 12, 1, 9, 0, "Asia/Jakarta");
  CHECK(SameWallTimeIn(july, "Asia/Jakarta", "Europe/Berlin") == july + 5 * 3600);
  CHECK(SameWallTimeIn(december, "Asia/Jakarta", "Europe/Berlin") == december + 6 * 3600);
  CHECK(SameWallTimeIn(july, "Asia/Jakarta", "Europe/Berlin") ==
        LocalWallToUtc(2027, 7, 1, 9, 0, "Europe/Berlin"));
  // 02:30 on Berlin's spring change does not exist there: it becomes 03:30 CEST.
  const int64_t gap = *LocalWallToUtc(2027, 3, 28, 2, 30, "Asia/Jakarta");
  CHECK(SameWallTimeIn(gap, "Asia/Jakarta", "Europe/Berlin") == 1806197400);
  // And back: a Berlin time read in WIB keeps its clock time.
  CHECK(SameWallTimeIn(1806197400, "Europe/Berlin", "Asia/Jakarta") ==
        LocalWallToUtc(2027, 3, 28, 3, 30, "Asia/Jakarta"));
  CHECK_FALSE(SameWallTimeIn(1800064800, "Asia/Nowhere", "Asia/Makassar").has_value());
  CHECK_FALSE(SameWallTimeIn(1800064800, "Asia/Jakarta", "").has_value());
}
