#include <doctest/doctest.h>

#include <algorithm>
#include <array>
#include <cstdlib>
#include <deque>
#include <filesystem>
#include <fstream>
#include <set>
#include <string>
#include <vector>

#include "core/common/crypto.h"
#include "core/draws/draw_algorithm.h"

namespace lanyard {
namespace {

using nlohmann::json;

// tests/fixtures/draw_vectors.json under the source tree (LANYARD_SOURCE_DIR is set by the build).
json LoadVectors() {
  const std::filesystem::path path =
      std::filesystem::path(LANYARD_SOURCE_DIR) / "tests" / "fixtures" / "draw_vectors.json";
  std::ifstream in(path);
  REQUIRE_MESSAGE(in.good(), "cannot open " << path.string());
  return json::parse(in);
}

std::string SeedFromHex(const std::string& hex) {
  std::string raw;
  REQUIRE(crypto::HexDecode(hex, &raw));
  return raw;
}

std::string Seed(const std::string& label) { return crypto::Sha256(label); }

const std::vector<int64_t> kEntrants = {3, 17, 42, 108, 256, 1024, 2500, 7777};
const std::vector<DrawPrize> kPrizes = {{"Tablet", 1}, {"Mug", 2}};

std::string WorkedSeed() {
  std::string seed;
  for (int i = 1; i <= 32; ++i) seed.push_back(static_cast<char>(i));
  return seed;
}

TEST_CASE("draw: commitment and entrants hash are as documented") {
  CHECK(EntrantsHash({}) == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  CHECK(EntrantsHash({3, 17, 42}) == crypto::Sha256Hex("3,17,42"));
  CHECK(EntrantsHash({9007199254740991}) == crypto::Sha256Hex("9007199254740991"));
  CHECK(DrawCommitment(std::string(32, '\0')) ==
        "66687aadf862bd776c8fc18b8e9f8e20089714856ee233b3902a591d0d5f2925");
}

TEST_CASE("draw: the shared vectors") {
  const json vectors = LoadVectors();
  CHECK(vectors["algorithm"] == kDrawAlgorithm);
  REQUIRE(vectors["sequences"].size() >= 5);
  for (const auto& v : vectors["sequences"]) {
    INFO(v["name"].get<std::string>());
    const std::string seed = SeedFromHex(v["seed"]);
    const auto entrants = v["entrants"].get<std::vector<int64_t>>();
    CHECK(DrawCommitment(seed) == v["commitment"].get<std::string>());
    CHECK(EntrantsHash(entrants) == v["entrants_hash"].get<std::string>());
    const auto sequence = DrawSequence(seed, entrants, v["count"].get<size_t>());
    CHECK(sequence == v["sequence"].get<std::vector<int64_t>>());
    // The full sequence is a permutation of the entrants.
    auto sorted = DrawSequence(seed, entrants, entrants.size() + 10);
    std::sort(sorted.begin(), sorted.end());
    CHECK(sorted == entrants);
    // Any prefix is the shorter draw.
    for (size_t k = 0; k <= std::min<size_t>(entrants.size(), 5); ++k) {
      const auto prefix = DrawSequence(seed, entrants, k);
      CHECK(std::equal(prefix.begin(), prefix.end(), sequence.begin()));
    }
  }
  REQUIRE(vectors["proofs"].size() >= 10);
  for (const auto& p : vectors["proofs"]) {
    INFO(p["name"].get<std::string>());
    const DrawVerification result = VerifyDrawProof(p["proof"]);
    CHECK(result.ok == p["ok"].get<bool>());
    CHECK(result.differences == p["differences"].get<std::vector<std::string>>());
  }
}

TEST_CASE("draw: the worked example of docs/draw-algorithm.md") {
  const std::string seed = WorkedSeed();
  CHECK(crypto::HexEncode(seed) == "0102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f20");
  CHECK(DrawSequence(seed, kEntrants, 8) == std::vector<int64_t>{108, 17, 3, 7777, 256, 2500, 42, 1024});
  const auto winners = PickDrawWinners(seed, kEntrants, kPrizes);
  REQUIRE(winners.size() == 3);
  CHECK(winners[0].prize == "Tablet");
  CHECK(winners[0].user_id == 108);
  CHECK(winners[1].prize == "Mug");
  CHECK(winners[1].user_id == 17);
  CHECK(winners[2].slot == 3);
  CHECK(winners[2].position == 3);
  CHECK(winners[2].user_id == 3);

  // Slot 1 unclaimed: position 4 takes it. Then slots 3 and 1 again (ascending order).
  const auto first = PickDrawRedraws(seed, kEntrants, kPrizes, {}, {1});
  REQUIRE(first.size() == 1);
  CHECK(first[0].slot == 1);
  CHECK(first[0].replaced_user_id == 108);
  CHECK(first[0].position == 4);
  CHECK(first[0].user_id == 7777);
  const auto second = PickDrawRedraws(seed, kEntrants, kPrizes, first, {3, 1, 3});
  REQUIRE(second.size() == 2);
  CHECK(second[0].slot == 1);
  CHECK(second[0].replaced_user_id == 7777);
  CHECK(second[0].position == 5);
  CHECK(second[0].user_id == 256);
  CHECK(second[1].slot == 3);
  CHECK(second[1].prize == "Mug");
  CHECK(second[1].replaced_user_id == 3);
  CHECK(second[1].user_id == 2500);

  std::vector<DrawRedraw> all = first;
  all.insert(all.end(), second.begin(), second.end());
  const json proof = DrawProofJson(seed, kEntrants, kPrizes, all);
  const auto result = VerifyDrawProof(proof);
  CHECK(result.ok);
  CHECK(result.differences.empty());
  // A proof survives its own text form.
  CHECK(VerifyDrawProof(json::parse(proof.dump())).ok);

  // Positions 7 and 8 remain; a third batch of three gets two, then the sequence is exhausted.
  const auto third = PickDrawRedraws(seed, kEntrants, kPrizes, all, {1, 2, 3});
  REQUIRE(third.size() == 2);
  CHECK(third[0].position == 7);
  CHECK(third[1].position == 8);
  all.insert(all.end(), third.begin(), third.end());
  CHECK(PickDrawRedraws(seed, kEntrants, kPrizes, all, {1}).empty());
  CHECK(VerifyDrawProof(DrawProofJson(seed, kEntrants, kPrizes, all)).ok);
}

TEST_CASE("draw: fewer entrants than prize units") {
  const std::string seed = Seed("few");
  const auto winners = PickDrawWinners(seed, {5, 6}, {{"A", 2}, {"B", 3}});
  REQUIRE(winners.size() == 2);
  CHECK(winners[0].prize == "A");
  CHECK(winners[1].prize == "A");
  CHECK(PickDrawRedraws(seed, {5, 6}, {{"A", 2}, {"B", 3}}, {}, {1}).empty());
  CHECK_THROWS_AS(PickDrawRedraws(seed, {5, 6}, {{"A", 2}, {"B", 3}}, {}, {3}), std::invalid_argument);
  CHECK(PickDrawWinners(seed, {}, {{"A", 1}}).empty());
}

TEST_CASE("draw: precondition violations throw") {
  CHECK_THROWS_AS(DrawSequence("short", {1, 2}, 1), std::invalid_argument);
  CHECK_THROWS_AS(DrawSequence(Seed("x"), {2, 1}, 1), std::invalid_argument);
  CHECK_THROWS_AS(DrawSequence(Seed("x"), {1, 1}, 1), std::invalid_argument);
  CHECK_THROWS_AS(DrawPrizeSlots({{"A", 0}}), std::invalid_argument);
  CHECK_THROWS_AS(DrawPrizeSlots({{"A", kDrawMaxPrizeUnits}, {"B", 1}}), std::invalid_argument);
  CHECK_THROWS_AS(DrawPrizeSlots({{"A", INT64_MAX}, {"B", INT64_MAX}}), std::invalid_argument);
  CHECK(DrawPrizeSlots({{"A", 2}, {"B", 1}}) == std::vector<std::string>{"A", "A", "B"});
}

TEST_CASE("draw: rejection sampling discards the incomplete last block") {
  auto feed = [](std::deque<uint64_t> words) {
    return [words]() mutable {
      const uint64_t v = words.front();
      words.pop_front();
      return v;
    };
  };
  const uint64_t m = (uint64_t{1} << 63) + 1;  // 2^64 mod m = 2^63 - 1: values above 2^63 rejected
  CHECK(draw_internal::UniformBelow(feed({UINT64_MAX, 5}), m) == 5);
  CHECK(draw_internal::UniformBelow(feed({(uint64_t{1} << 63) + 1, 7}), m) == 7);
  CHECK(draw_internal::UniformBelow(feed({uint64_t{1} << 63}), m) == uint64_t{1} << 63);
  CHECK(draw_internal::UniformBelow(feed({UINT64_MAX}), 1) == 0);
  CHECK(draw_internal::UniformBelow(feed({UINT64_MAX}), uint64_t{1} << 32) == (uint64_t{1} << 32) - 1);
  // m = 3: 2^64 mod 3 = 1, so only UINT64_MAX itself is rejected.
  CHECK(draw_internal::UniformBelow(feed({UINT64_MAX, UINT64_MAX - 1}), 3) == (UINT64_MAX - 1) % 3);
}

// Chi-square goodness of fit; the statistic must stay below the 99.9% critical value. The seeds
// are fixed, so the test is deterministic: it documents that the selection is not biased.
double ChiSquare(const std::vector<int>& counts, double expected) {
  double chi = 0;
  for (int c : counts) chi += (c - expected) * (c - expected) / expected;
  return chi;
}

TEST_CASE("draw: first pick is uniform over 20,000 seeds") {
  constexpr int kSeeds = 20000;
  const std::vector<int64_t> ten = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10};
  const std::vector<int64_t> seven = {11, 22, 33, 44, 55, 66, 77};
  std::vector<int> first(10, 0), second(10, 0), first_of_seven(7, 0);
  for (int i = 0; i < kSeeds; ++i) {
    const std::string seed = crypto::Sha256("seed" + std::to_string(i));
    const auto seq = DrawSequence(seed, ten, 2);
    ++first[seq[0] - 1];
    ++second[seq[1] - 1];
    ++first_of_seven[DrawSequence(seed, seven, 1)[0] / 11 - 1];
  }
  const double kCritical9 = 27.877;  // chi-square, 9 degrees of freedom, p = 0.001
  const double kCritical6 = 22.458;  // 6 degrees of freedom
  const double chi_first = ChiSquare(first, kSeeds / 10.0);
  const double chi_second = ChiSquare(second, kSeeds / 10.0);
  const double chi_seven = ChiSquare(first_of_seven, kSeeds / 7.0);
  MESSAGE("chi-square: first " << chi_first << ", second " << chi_second << ", of seven " << chi_seven);
  CHECK(chi_first < kCritical9);
  CHECK(chi_second < kCritical9);
  CHECK(chi_seven < kCritical6);
}

TEST_CASE("draw: tampered proofs are not ok and say why") {
  const std::string seed = WorkedSeed();
  const json valid = DrawProofJson(seed, kEntrants, kPrizes, {});
  REQUIRE(VerifyDrawProof(valid).ok);
  auto contains = [](const DrawVerification& v, const std::string& text) {
    return std::find(v.differences.begin(), v.differences.end(), text) != v.differences.end();
  };

  SUBCASE("changed seed") {
    json p = valid;
    p["seed"] = crypto::HexEncode(Seed("other"));
    const auto v = VerifyDrawProof(p);
    CHECK_FALSE(v.ok);
    REQUIRE(!v.differences.empty());
    CHECK(v.differences[0] == "commitment does not match the seed");
  }
  SUBCASE("seed and commitment both replaced: the winners give it away") {
    json p = valid;
    const std::string other = Seed("other");
    p["seed"] = crypto::HexEncode(other);
    p["commitment"] = DrawCommitment(other);
    const auto v = VerifyDrawProof(p);
    CHECK_FALSE(v.ok);
    CHECK_FALSE(contains(v, "commitment does not match the seed"));
    CHECK(v.differences[0].rfind("winner ", 0) == 0);
  }
  SUBCASE("entrant removed") {
    json p = valid;
    p["entrants"].erase(0);
    const auto v = VerifyDrawProof(p);
    CHECK_FALSE(v.ok);
    CHECK(v.differences[0] == "entrants_hash does not match the entrants");
  }
  SUBCASE("winners swapped") {
    json p = valid;
    std::swap(p["winners"][0]["user_id"], p["winners"][1]["user_id"]);
    const auto v = VerifyDrawProof(p);
    CHECK(v.differences == std::vector<std::string>{"winner 1 should be user 108, proof says 17",
                                                    "winner 2 should be user 17, proof says 108"});
  }
  SUBCASE("commitment altered") {
    json p = valid;
    p["commitment"] = std::string(64, 'f');
    const auto v = VerifyDrawProof(p);
    CHECK_FALSE(v.ok);
    CHECK(v.differences == std::vector<std::string>{"commitment does not match the seed"});
  }
  SUBCASE("a redraw that skips a position") {
    const auto redraws = PickDrawRedraws(seed, kEntrants, kPrizes, {}, {2, 3});
    json p = DrawProofJson(seed, kEntrants, kPrizes, redraws);
    REQUIRE(VerifyDrawProof(p).ok);
    p["redraws"].erase(0);
    const auto v = VerifyDrawProof(p);
    CHECK(contains(v, "redraw 1 should be at position 4, proof says 5"));
  }
}

TEST_CASE("draw: malformed proofs never crash the verifier") {
  const json valid = DrawProofJson(WorkedSeed(), kEntrants, kPrizes, {});
  std::vector<json> inputs = {
      json(),        json(1),        json("proof"),
      json::array(), json::object(), json::parse(R"({"winners": [1, 2], "entrants": "x", "prizes": {}})")};
  for (const char* key :
       {"algorithm", "seed", "commitment", "entrants", "entrants_hash", "prizes", "winners"}) {
    for (const json& replacement : {json(), json(-1), json(1.5), json("x"), json::array(), json::object(),
                                    json::array({json::object()}), json(1e308), json(UINT64_MAX)}) {
      json p = valid;
      p[key] = replacement;
      inputs.push_back(p);
    }
  }
  {
    json p = valid;
    p["redraws"] = json::array({json(), json::object(), json::array(), json(3)});
    inputs.push_back(p);
    p["redraws"] =
        json::array({{{"slot", -1}, {"position", "4"}}, {{"slot", UINT64_MAX}}, {{"slot", 1e300}}});
    inputs.push_back(p);
  }
  for (const auto& input : inputs) {
    INFO(input.dump());
    DrawVerification v;
    CHECK_NOTHROW(v = VerifyDrawProof(input));
    CHECK_FALSE(v.ok);
    CHECK_FALSE(v.differences.empty());
  }
  // A huge list of bad winners is summarised, not listed in full.
  json p = valid;
  p["prizes"] = json::array({{{"name", "Pen"}, {"quantity", 8}}});
  p["winners"] = json::array();
  for (int i = 0; i < 8; ++i) p["winners"].push_back({{"position", 0}, {"prize", "x"}, {"user_id", 0}});
  p["redraws"] = json::array();
  for (int i = 0; i < 200; ++i) p["redraws"].push_back(json::object({{"slot", 1}}));
  const auto v = VerifyDrawProof(p);
  CHECK(v.differences.size() == 101);
  CHECK(v.differences.back().rfind("and ", 0) == 0);
}

}  // namespace
}  // namespace lanyard
