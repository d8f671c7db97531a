#pragma once
// The prize draw algorithm "lanyard-draw-v1" (SPEC §11): pure functions, no database. The full,
// language-neutral definition is docs/draw-algorithm.md; assets/web/js/lanyard-draw-v1.js is the
// second implementation (the public verification page) and tests/fixtures/draw_vectors.json
// holds the vectors both must reproduce. Changing anything here breaks every published proof:
// a different algorithm needs a new name.
//
// In short: commitment = hex(SHA-256(seed)); entrants_hash = hex(SHA-256("3,17,42")); a byte
// stream of SHA-256(seed || entrants_hash || uint64_be(i)) blocks drives an unbiased (rejection
// sampling) partial Fisher-Yates shuffle of the sorted entrants. Prize units ("slots": prizes in
// list order, each repeated `quantity` times) take sequence positions 1, 2, 3, ...; redraws
// take the next unused positions, one redraw at a time.
//
// Numbering: slots and positions are 1-based everywhere (position p is sequence[p - 1]).
#include <cstddef>
#include <cstdint>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <vector>

namespace lanyard {

inline constexpr std::string_view kDrawAlgorithm = "lanyard-draw-v1";
// Ids must stay exact in a JavaScript verifier (Number), so proofs only carry ids up to 2^53-1.
inline constexpr int64_t kDrawMaxUserId = (int64_t{1} << 53) - 1;
// A bound on the prize units a proof may describe, so that a verifier's work stays bounded.
inline constexpr int64_t kDrawMaxPrizeUnits = 100000;

struct DrawPrize {
  std::string name;
  int64_t quantity = 1;  // >= 1
};

struct DrawWinner {
  size_t slot = 0;      // 1-based prize unit
  std::string prize;    // the slot's prize name
  size_t position = 0;  // 1-based position in the draw sequence (== slot for first winners)
  int64_t user_id = 0;
};

struct DrawRedraw {
  size_t slot = 0;
  std::string prize;
  int64_t replaced_user_id = 0;  // who held the slot before (and did not claim it)
  size_t position = 0;
  int64_t user_id = 0;
};

struct DrawVerification {
  bool ok = false;
  std::vector<std::string> differences;  // human-readable, in a fixed order; empty when ok
};

// Lowercase hex SHA-256 of the 32 raw seed bytes.
std::string DrawCommitment(std::string_view seed_raw32);

// Lowercase hex SHA-256 of the ids in decimal ASCII joined with "," ("3,17,42"; an empty list
// hashes the empty string). The caller passes them ascending and unique, as frozen at the draw.
std::string EntrantsHash(const std::vector<int64_t>& sorted_entrants);

// The first min(count, entrants) elements of the draw sequence (a permutation of the entrants).
// A prefix of a longer call is the shorter call. Throws std::invalid_argument when the seed is
// not 32 bytes or the entrants are not strictly ascending (the caller's bug, not user input).
std::vector<int64_t> DrawSequence(std::string_view seed_raw32, const std::vector<int64_t>& sorted_entrants,
                                  size_t count);

// The slots: each prize's name repeated `quantity` times, prizes in list order. Throws
// std::invalid_argument for a quantity < 1 or more than kDrawMaxPrizeUnits units in total.
std::vector<std::string> DrawPrizeSlots(const std::vector<DrawPrize>& prizes);

// The first winners: slot s gets position s, for s = 1 .. min(slots, entrants). Slots beyond
// the number of entrants stay without a winner (and are not in the result).
std::vector<DrawWinner> PickDrawWinners(std::string_view seed_raw32,
                                        const std::vector<int64_t>& sorted_entrants,
                                        const std::vector<DrawPrize>& prizes);

// Redraws `unclaimed_slots` (1-based; taken in ascending order, duplicates ignored) after the
// `earlier` redraws of this draw: each takes the next unused position of the sequence and
// replaces the slot's current holder. Once the sequence is exhausted the remaining slots are
// left out of the result. Throws std::invalid_argument for a slot that has no holder.
std::vector<DrawRedraw> PickDrawRedraws(std::string_view seed_raw32,
                                        const std::vector<int64_t>& sorted_entrants,
                                        const std::vector<DrawPrize>& prizes,
                                        const std::vector<DrawRedraw>& earlier,
                                        const std::vector<size_t>& unclaimed_slots);

// The proof document of GET /draws/{id}/proof:
//   {algorithm, seed (64 hex), commitment, entrants, entrants_hash, prizes:[{name, quantity}],
//    winners:[{position, prize, user_id}], redraws:[{slot, prize, replaced_user_id, position,
//    user_id}]}
// winners are the first draw (winners[i] is slot i + 1); redraws are in the order they happened.
nlohmann::json DrawProofJson(std::string_view seed_raw32, const std::vector<int64_t>& sorted_entrants,
                             const std::vector<DrawPrize>& prizes, const std::vector<DrawRedraw>& redraws);

// Recomputes everything a proof claims. Any JSON value is accepted: a malformed proof is "not
// ok" with a difference naming the problem; never throws. The differences and their wording are
// the same as the JavaScript verifier's (docs/draw-algorithm.md lists them).
DrawVerification VerifyDrawProof(const nlohmann::json& proof);

namespace draw_internal {
// uniform(m), m >= 1, over a word source: rejection sampling, then v mod m. Exposed so
// that tests can drive the rejection path, which real SHA-256 output practically never takes.
template <typename NextWord>
uint64_t UniformBelow(NextWord&& next_word, uint64_t m) {
  const uint64_t rem = (uint64_t{0} - m) % m;      // 2^64 mod m
  const uint64_t max_accepted = UINT64_MAX - rem;  // accept v < 2^64 - rem
  for (;;) {
    const uint64_t v = next_word();
    if (v <= max_accepted) return v % m;
  }
}
}  // namespace draw_internal

}  // namespace lanyard
