// RFC 3339 UTC text and Unix seconds, both ways.
#include <doctest/doctest.h>

#include "core/common/time_util.h"

using namespace lanyard;

TEST_CASE("time: formats Unix seconds as RFC 3339 UTC") {
  CHECK(FormatRfc3339(0) == "1970-01-01T00:00:00Z");
  CHECK(FormatRfc3339(951782400) == "2000-02-29T00:00:00Z");
  CHECK(FormatRfc3339(1780304400) == "2026-06-01T09:00:00Z");
  CHECK(FormatRfc3339(1798761599) == "2026-12-31T23:59:59Z");
  CHECK(FormatRfc3339(4102444800) == "2100-01-01T00:00:00Z");
  CHECK(FormatRfc3339(-1) == "1969-12-31T23:59:59Z");
  CHECK(NowRfc3339().size() == 20);
}

TEST_CASE("time: parses RFC 3339 with Z, offsets and fractions") {
  CHECK(ParseRfc3339("2026-06-01T09:00:00Z") == 1780304400);
  CHECK(ParseRfc3339("2026-06-01t09:00:00z") == 1780304400);
  CHECK(ParseRfc3339("2026-06-01T09:00:00.123Z") == 1780304400);
  CHECK(ParseRfc3339("2026-06-01T16:00:00+07:00") == 1780304400);
  CHECK(ParseRfc3339("2026-06-01T04:30:00-04:30") == 1780304400);
  CHECK(ParseRfc3339("2000-02-29T00:00:00Z") == 951782400);
  // Round trip over a range of instants.
  for (int64_t t = 0; t < 4102444800; t += 7654321) {
    INFO("t = ", t);
    CHECK(ParseRfc3339(FormatRfc3339(t)) == t);
  }
}

TEST_CASE("time: refuses malformed and impossible timestamps") {
  for (const char* bad : {"", "2026-06-01", "2026-06-01T09:00:00", "2026-06-01 09:00:00Z",
                          "2026-6-01T09:00:00Z", "2026-06-01T09:00Z", "2026-13-01T00:00:00Z",
                          "2026-00-10T00:00:00Z", "2026-02-29T00:00:00Z", "2026-04-31T00:00:00Z",
                          "2026-06-01T24:00:00Z", "2026-06-01T09:60:00Z", "2026-06-01T09:00:00.Z",
                          "2026-06-01T09:00:00+0700", "2026-06-01T09:00:00+07", "2026-06-01T09:00:00+25:00",
                          "2026-06-01T09:00:00Zjunk", "1969-12-31T23:59:59Z", "abcd-ef-ghTij:kl:mnZ",
                          "2026-06-01T09:00:00+07:00x"}) {
    INFO("input: ", bad);
    CHECK_FALSE(ParseRfc3339(bad).has_value());
  }
}

TEST_CASE("time: dates and civil times") {
  CHECK(ParseDate("2026-06-01") == 1780272000);
  CHECK(ParseDate("1970-01-01") == 0);
  CHECK(ParseDate("2024-02-29") == 1709164800);
  for (const char* bad : {"", "2026-6-1", "2026-06-01T00:00:00Z", "2025-02-29", "2026/06/01",
                          "2026-06-32", "20260601", "2026-06-0a"}) {
    INFO("input: ", bad);
    CHECK_FALSE(ParseDate(bad).has_value());
  }
  CHECK(CivilToUnix(2026, 6, 1, 9, 0, 0) == 1780304400);
  CHECK_FALSE(CivilToUnix(2026, 2, 29).has_value());
  CHECK(CivilToUnix(2028, 2, 29).has_value());
  CHECK(CivilToUnix(2000, 2, 29).has_value());
  CHECK_FALSE(CivilToUnix(1900, 2, 29).has_value());
  CHECK_FALSE(CivilToUnix(10000, 1, 1).has_value());
  CHECK_FALSE(CivilToUnix(2026, 1, 1, -1).has_value());
}

TEST_CASE("time: now is close to the system clock") {
  const int64_t now = NowSeconds();
  CHECK(now > 1700000000);
  CHECK(ParseRfc3339(NowRfc3339()).value() - now <= 2);
}
