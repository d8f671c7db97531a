// core/payments: order codes in the messy descriptions people and banks write.
#include <doctest/doctest.h>

#include <set>

#include "core/payments/order_code_finder.h"

using lanyard::payments::CodeCandidates;
using lanyard::payments::FindOrderCodes;

namespace {
const std::set<std::string> kKnown = {"K7QX2M9A", "HN4P8RTW", "ZX9K3M2Q"};
std::vector<std::string> Find(const char* description) {
  return FindOrderCodes(description, [](const std::string& c) { return kKnown.count(c) > 0; });
}
using V = std::vector<std::string>;
}  // namespace

TEST_CASE("payments: a code is found however it is written") {
  CHECK(Find("K7QX2M9A") == V{"K7QX2M9A"});
  CHECK(Find("bayar tiket k7qx2m9a terima kasih") == V{"K7QX2M9A"});
  CHECK(Find("K7QX 2M9A") == V{"K7QX2M9A"});
  CHECK(Find("k7qx-2m9a") == V{"K7QX2M9A"});
  CHECK(Find("PEMBAYARANK7QX2M9ABUDI") == V{"K7QX2M9A"});
  CHECK(Find("TRSF E-BANKING CR 0111/FTSCY/WS95031 150000.00 K7QX2M9A BUDI SANTOSO") == V{"K7QX2M9A"});
  CHECK(Find("'SWITCHING CR TRF DARI BRI hn4p 8rtw SITI") == V{"HN4P8RTW"});
  CHECK(Find("order #K7QX2M9A.") == V{"K7QX2M9A"});
}

TEST_CASE("payments: several codes, repeated codes and no code") {
  CHECK(Find("HN4P8RTW dan ZX9K3M2Q") == V{"HN4P8RTW", "ZX9K3M2Q"});
  CHECK(Find("K7QX2M9A K7QX2M9A") == V{"K7QX2M9A"});
  CHECK(Find("BIAYA ADM").empty());
  CHECK(Find("K7QX2M9").empty());         // one character short
  CHECK(Find("K7QX2M0A").empty());        // 0 is not in the alphabet
  CHECK(Find("").empty());
}

TEST_CASE("payments: candidates use only the code alphabet") {
  const auto c = CodeCandidates("ab1CDEFGHJK");
  // "1" breaks the run: only windows of CDEFGHJK qualify.
  CHECK(c == V{"CDEFGHJK"});
  CHECK(CodeCandidates("OOOOOOOO IIIIIIII 00000000 11111111").empty());
  CHECK(CodeCandidates("ABCDEFGHJ") == V{"ABCDEFGH", "BCDEFGHJ"});
}
