// VerifyDrawProof (docs/draw-algorithm.md): recomputes a published proof and lists how it
// differs from what the algorithm gives. Each part of the proof is checked by its own function;
// a part that cannot be read stops the recomputation but not the listing.
#include <algorithm>
#include <cmath>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "core/common/crypto.h"
#include "core/draws/draw_algorithm.h"

namespace lanyard {

namespace {

constexpr size_t kMaxListedDifferences = 100;

// --- Proof verification helpers. JSON numbers are read the way JavaScript reads them, so that
// both verifiers agree: an integer is any number with an integral value within +-(2^53 - 1).
std::optional<int64_t> SafeInteger(const nlohmann::json& v) {
  if (v.is_number_integer()) {
    if (v.is_number_unsigned()) {
      const auto u = v.get<uint64_t>();
      if (u > static_cast<uint64_t>(kDrawMaxUserId)) return std::nullopt;
      return static_cast<int64_t>(u);
    }
    const auto i = v.get<int64_t>();
    if (i > kDrawMaxUserId || i < -kDrawMaxUserId) return std::nullopt;
    return i;
  }
  if (v.is_number_float()) {
    const double d = v.get<double>();
    if (!std::isfinite(d) || std::trunc(d) != d || std::fabs(d) > static_cast<double>(kDrawMaxUserId)) {
      return std::nullopt;
    }
    return static_cast<int64_t>(d);
  }
  return std::nullopt;
}

const nlohmann::json* Member(const nlohmann::json& obj, const char* key) {
  if (!obj.is_object()) return nullptr;
  auto it = obj.find(key);
  return it == obj.end() ? nullptr : &*it;
}

// How a proof's value appears in a difference: 23, "Mug", nothing, an invalid value.
std::string Describe(const nlohmann::json* v) {
  if (!v) return "nothing";
  if (auto i = SafeInteger(*v)) return std::to_string(*i);
  if (v->is_string()) return "\"" + v->get<std::string>() + "\"";
  return "an invalid value";
}

bool IsLowerHex64(const nlohmann::json* v) {
  if (!v || !v->is_string()) return false;
  const auto& s = v->get_ref<const std::string&>();
  return s.size() == 64 && std::all_of(s.begin(), s.end(), [](char c) {
           return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f');
         });
}

class Differences {
 public:
  void Add(std::string text) {
    if (listed_.size() < kMaxListedDifferences) {
      listed_.push_back(std::move(text));
    } else {
      ++more_;
    }
  }
  DrawVerification Finish() && {
    if (more_ > 0) listed_.push_back("and " + std::to_string(more_) + " more differences");
    return DrawVerification{listed_.empty(), std::move(listed_)};
  }

 private:
  std::vector<std::string> listed_;
  size_t more_ = 0;
};

// The prizes of a proof expanded to slots. Slots hold the index of their prize, not a copy of
// its name: a hostile proof could pair a long name with a large quantity.
struct Slots {
  std::vector<std::string> prize_names;
  std::vector<size_t> prize_of_slot;
  const std::string& PrizeOf(size_t slot_index) const { return prize_names[prize_of_slot[slot_index]]; }
};

void CheckAlgorithm(const nlohmann::json& proof, Differences& diff) {
  const auto* algorithm = Member(proof, "algorithm");
  if (!algorithm || !algorithm->is_string() || algorithm->get<std::string>() != kDrawAlgorithm) {
    diff.Add("algorithm is not \"" + std::string(kDrawAlgorithm) + "\"");
  }
}

// The seed's raw bytes, and whether the commitment matches it; nullopt when unreadable.
std::optional<std::string> ReadSeed(const nlohmann::json& proof, Differences& diff) {
  const auto* seed_hex = Member(proof, "seed");
  std::string seed;
  const bool seed_ok = IsLowerHex64(seed_hex) && crypto::HexDecode(seed_hex->get<std::string>(), &seed);
  if (!seed_ok) diff.Add("seed is missing or not 64 lowercase hex characters");
  const auto* commitment = Member(proof, "commitment");
  if (!commitment || !commitment->is_string()) {
    diff.Add("commitment is missing or not a string");
  } else if (seed_ok && commitment->get<std::string>() != DrawCommitment(seed)) {
    diff.Add("commitment does not match the seed");
  }
  if (!seed_ok) return std::nullopt;
  return seed;
}

// The entrants (positive, strictly ascending), checked against entrants_hash; nullopt when
// unreadable.
std::optional<std::vector<int64_t>> ReadEntrants(const nlohmann::json& proof, Differences& diff) {
  const auto* entrants_json = Member(proof, "entrants");
  std::vector<int64_t> entrants;
  bool entrants_ok = entrants_json && entrants_json->is_array();
  if (!entrants_ok) {
    diff.Add("entrants is missing or not a list");
  } else {
    for (size_t i = 0; i < entrants_json->size(); ++i) {
      const auto id = SafeInteger((*entrants_json)[i]);
      if (!id || *id < 1) {
        diff.Add("entrant " + std::to_string(i + 1) + " is not a positive integer");
        entrants_ok = false;
        break;
      }
      if (!entrants.empty() && *id <= entrants.back()) {
        diff.Add("entrants are not in strictly ascending order (entrant " + std::to_string(i + 1) + ")");
        entrants_ok = false;
        break;
      }
      entrants.push_back(*id);
    }
  }
  const auto* claimed_hash = Member(proof, "entrants_hash");
  if (!claimed_hash || !claimed_hash->is_string()) {
    diff.Add("entrants_hash is missing or not a string");
  } else if (entrants_ok && claimed_hash->get<std::string>() != EntrantsHash(entrants)) {
    diff.Add("entrants_hash does not match the entrants");
  }
  if (!entrants_ok) return std::nullopt;
  return entrants;
}

// The prizes expanded to slots; nullopt when unreadable.
std::optional<Slots> ReadSlots(const nlohmann::json& proof, Differences& diff) {
  const auto* prizes_json = Member(proof, "prizes");
  Slots slots;
  bool prizes_ok = prizes_json && prizes_json->is_array();
  if (!prizes_ok) {
    diff.Add("prizes is missing or not a list");
    return std::nullopt;
  }
  int64_t total = 0;
  for (size_t i = 0; i < prizes_json->size(); ++i) {
    const auto& prize = (*prizes_json)[i];
    const auto* name = Member(prize, "name");
    const auto* quantity_json = Member(prize, "quantity");
    std::optional<int64_t> quantity;
    if (quantity_json) quantity = SafeInteger(*quantity_json);
    if (!name || !name->is_string()) {
      diff.Add("prize " + std::to_string(i + 1) + " has no name");
      prizes_ok = false;
    }
    if (!quantity || *quantity < 1 || *quantity > kDrawMaxPrizeUnits) {
      diff.Add("prize " + std::to_string(i + 1) + " has an invalid quantity");
      prizes_ok = false;
    }
    if (!prizes_ok) continue;
    total += *quantity;
    if (total > kDrawMaxPrizeUnits) {
      diff.Add("prizes have more than " + std::to_string(kDrawMaxPrizeUnits) + " units in total");
      prizes_ok = false;
      break;
    }
    slots.prize_names.push_back(name->get<std::string>());
    slots.prize_of_slot.insert(slots.prize_of_slot.end(), static_cast<size_t>(*quantity),
                               slots.prize_names.size() - 1);
  }
  if (!prizes_ok) return std::nullopt;
  return slots;
}

// Adds a difference when `value` (a member of a winner or redraw) is not the integer expected.
void ExpectInteger(const nlohmann::json& item, const char* key, int64_t expected, const std::string& what,
                   Differences& diff) {
  const auto* v = Member(item, key);
  if (!v || SafeInteger(*v) != expected) diff.Add(what + std::to_string(expected) + ", proof says " + Describe(v));
}

void ExpectPrize(const nlohmann::json& item, const std::string& expected, const std::string& label,
                 Differences& diff) {
  const auto* prize = Member(item, "prize");
  if (!prize || !prize->is_string() || prize->get_ref<const std::string&>() != expected) {
    diff.Add(label + " should have prize \"" + expected + "\", proof says " + Describe(prize));
  }
}

// The first winners: one per slot while entrants last, in sequence order.
void CheckWinners(const nlohmann::json& winners, const Slots& slots, const std::vector<int64_t>& sequence,
                  size_t first_count, Differences& diff) {
  if (winners.size() != first_count) {
    diff.Add("proof lists " + std::to_string(winners.size()) + " winners, expected " + std::to_string(first_count));
  }
  for (size_t i = 0; i < std::min(winners.size(), first_count); ++i) {
    const auto& w = winners[i];
    const std::string label = "winner " + std::to_string(i + 1);
    if (!w.is_object()) {
      diff.Add(label + " is not an object");
      continue;
    }
    ExpectInteger(w, "position", static_cast<int64_t>(i + 1), label + " should be at position ", diff);
    ExpectPrize(w, slots.PrizeOf(i), label, diff);
    ExpectInteger(w, "user_id", sequence[i], label + " should be user ", diff);
  }
}

// The redraws: each takes the next position of the sequence and replaces its slot's holder.
void CheckRedraws(const nlohmann::json& redraws, const Slots& slots, const std::vector<int64_t>& sequence,
                  size_t first_count, size_t n, Differences& diff) {
  std::vector<int64_t> holders(sequence.begin(), sequence.begin() + static_cast<ptrdiff_t>(first_count));
  for (size_t r = 0; r < redraws.size(); ++r) {
    const auto& rd = redraws[r];
    const std::string label = "redraw " + std::to_string(r + 1);
    const size_t position = first_count + r + 1;
    if (!rd.is_object()) {
      diff.Add(label + " is not an object");
      continue;
    }
    if (position > n) {
      diff.Add(label + " has no entrant left in the sequence");
      continue;
    }
    const int64_t expected_user = sequence[position - 1];
    const auto* slot_json = Member(rd, "slot");
    std::optional<int64_t> slot;
    if (slot_json) slot = SafeInteger(*slot_json);
    if (!slot || *slot < 1 || static_cast<size_t>(*slot) > first_count) {
      diff.Add(label + " names no valid slot, proof says " + Describe(slot_json));
    } else {
      const size_t s = static_cast<size_t>(*slot);
      ExpectPrize(rd, slots.PrizeOf(s - 1), label, diff);
      ExpectInteger(rd, "replaced_user_id", holders[s - 1], label + " should replace user ", diff);
      holders[s - 1] = expected_user;
    }
    ExpectInteger(rd, "position", static_cast<int64_t>(position), label + " should be at position ", diff);
    ExpectInteger(rd, "user_id", expected_user, label + " should be user ", diff);
  }
}

}  // namespace

DrawVerification VerifyDrawProof(const nlohmann::json& proof) {
  Differences diff;
  if (!proof.is_object()) {
    diff.Add("proof is not a JSON object");
    return std::move(diff).Finish();
  }
  CheckAlgorithm(proof, diff);
  const auto seed = ReadSeed(proof, diff);
  const auto entrants = ReadEntrants(proof, diff);
  const auto slots = ReadSlots(proof, diff);
  const auto* winners = Member(proof, "winners");
  const bool winners_ok = winners && winners->is_array();
  if (!winners_ok) diff.Add("winners is missing or not a list");
  const auto* redraws = Member(proof, "redraws");  // optional
  const bool redraws_ok = !redraws || redraws->is_array();
  if (!redraws_ok) diff.Add("redraws is not a list");
  if (!seed || !entrants || !slots) return std::move(diff).Finish();

  // Recompute the sequence far enough for every winner and redraw.
  const size_t n = entrants->size();
  const size_t first_count = std::min(slots->prize_of_slot.size(), n);
  const size_t redraw_count = redraws_ok && redraws ? redraws->size() : 0;
  const std::vector<int64_t> sequence = DrawSequence(*seed, *entrants, first_count + redraw_count);
  if (winners_ok) CheckWinners(*winners, *slots, sequence, first_count, diff);
  if (redraws_ok && redraws) CheckRedraws(*redraws, *slots, sequence, first_count, n, diff);
  return std::move(diff).Finish();
}

}  // namespace lanyard
