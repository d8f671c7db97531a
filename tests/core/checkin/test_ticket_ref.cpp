// Short ticket references typed at the door: K7QX2M9A-2.
#include <doctest/doctest.h>

#include "core/checkin/ticket_ref.h"

using namespace lanyard;

TEST_CASE("ticket ref: formats and reads back") {
  CHECK(FormatTicketRef("K7QX2M9A", 2) == "K7QX2M9A-2");
  auto ref = ParseTicketRef("K7QX2M9A-2");
  REQUIRE(ref.has_value());
  CHECK(ref->order_code == "K7QX2M9A");
  CHECK(ref->number == 2);
}

TEST_CASE("ticket ref: forgiving about case, separator and spaces around") {
  for (const char* typed : {"k7qx2m9a-12", " K7QX2M9A 12 ", "K7QX2M9A#12", "\tk7Qx2m9A-12"}) {
    CAPTURE(typed);
    auto ref = ParseTicketRef(typed);
    REQUIRE(ref.has_value());
    CHECK(ref->order_code == "K7QX2M9A");
    CHECK(ref->number == 12);
  }
}

TEST_CASE("ticket ref: refuses what is not one") {
  for (const char* typed : {"", "K7QX2M9A", "K7QX2M9A-", "K7QX2M9A-0", "K7QX2M9A-02",
                            "K7QX2M9A-12345", "K7QX2M9A--2", "K7QX2M9A_2", "K7QX2M9O-2",
                            "K7QX2M91-2", "K7QX2M9-2", "K7QX2M9AB-2", "K7QX2M9A-2a",
                            "L1abcdefghijklmnop"}) {
    CAPTURE(typed);
    CHECK_FALSE(ParseTicketRef(typed).has_value());
  }
}

TEST_CASE("ticket ref: order codes alone") {
  CHECK(ParseOrderCode(" k7qx2m9a ") == "K7QX2M9A");
  CHECK_FALSE(ParseOrderCode("K7QX2M9A-1").has_value());
  CHECK_FALSE(ParseOrderCode("K7QX2M9").has_value());
  CHECK_FALSE(ParseOrderCode("K7QX2M90").has_value());  // 0 is not in the alphabet
}
