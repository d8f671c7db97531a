#include "core/draws/draw_algorithm.h"

#include <algorithm>
#include <cmath>
#include <optional>
#include <stdexcept>
#include <utility>

#include "core/common/crypto.h"

namespace lanyard {

namespace {

constexpr size_t kSeedBytes = 32;
constexpr size_t kMaxListedDifferences = 100;

// The algorithm's byte stream: block_i = SHA-256(seed || entrants_hash || uint64_be(i)), read
// as consecutive big-endian 64-bit words (four per block).
class WordStream {
 public:
  WordStream(std::string_view seed_raw32, std::string_view entrants_hash_hex)
      : prefix_(std::string(seed_raw32) + std::string(entrants_hash_hex)) {}

  uint64_t Next() {
    if (offset_ == block_.size()) {
      std::string input = prefix_;
      for (int shift = 56; shift >= 0; shift -= 8) input.push_back(static_cast<char>(counter_ >> shift));
      ++counter_;
      block_ = crypto::Sha256(input);
      offset_ = 0;
    }
    uint64_t v = 0;
    for (int k = 0; k < 8; ++k) v = (v << 8) | static_cast<unsigned char>(block_[offset_ + k]);
    offset_ += 8;
    return v;
  }

 private:
  std::string prefix_;
  std::string block_;
  size_t offset_ = 0;  // == block_.size() (0) before the first block
  uint64_t counter_ = 0;
};

bool StrictlyAscending(const std::vector<int64_t>& ids) {
  return std::adjacent_find(ids.begin(), ids.end(), [](int64_t a, int64_t b) { return a >= b; }) == ids.end();
}

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

}  // namespace

std::string DrawCommitment(std::string_view seed_raw32) { return crypto::Sha256Hex(seed_raw32); }

std::string EntrantsHash(const std::vector<int64_t>& sorted_entrants) {
  std::string joined;
  for (size_t i = 0; i < sorted_entrants.size(); ++i) {
    if (i > 0) joined += ',';
    joined += std::to_string(sorted_entrants[i]);
  }
  return crypto::Sha256Hex(joined);
}

std::vector<int64_t> DrawSequence(std::string_view seed_raw32, const std::vector<int64_t>& sorted_entrants,
                                  size_t count) {
  if (seed_raw32.size() != kSeedBytes) throw std::invalid_argument("draw seed must be 32 bytes");
  if (!StrictlyAscending(sorted_entrants)) throw std::invalid_argument("draw entrants must be ascending");
  const size_t n = sorted_entrants.size();
  count = std::min(count, n);
  WordStream words(seed_raw32, EntrantsHash(sorted_entrants));
  std::vector<int64_t> pool = sorted_entrants;
  for (size_t k = 0; k < count; ++k) {
    const uint64_t j = k + draw_internal::UniformBelow([&] { return words.Next(); }, n - k);
    std::swap(pool[k], pool[j]);
  }
  pool.resize(count);
  return pool;
}

std::vector<std::string> DrawPrizeSlots(const std::vector<DrawPrize>& prizes) {
  int64_t total = 0;
  for (const auto& prize : prizes) {
    if (prize.quantity < 1) throw std::invalid_argument("prize quantity must be at least 1");
    total += std::min(prize.quantity, kDrawMaxPrizeUnits + 1);
    if (total > kDrawMaxPrizeUnits) throw std::invalid_argument("too many prize units");
  }
  std::vector<std::string> slots;
  slots.reserve(static_cast<size_t>(total));
  for (const auto& prize : prizes) slots.insert(slots.end(), static_cast<size_t>(prize.quantity), prize.name);
  return slots;
}

std::vector<DrawWinner> PickDrawWinners(std::string_view seed_raw32,
                                        const std::vector<int64_t>& sorted_entrants,
                                        const std::vector<DrawPrize>& prizes) {
  const std::vector<std::string> slots = DrawPrizeSlots(prizes);
  const std::vector<int64_t> sequence = DrawSequence(seed_raw32, sorted_entrants, slots.size());
  std::vector<DrawWinner> winners;
  for (size_t i = 0; i < sequence.size(); ++i)
    winners.push_back(DrawWinner{i + 1, slots[i], i + 1, sequence[i]});
  return winners;
}

std::vector<DrawRedraw> PickDrawRedraws(std::string_view seed_raw32,
                                        const std::vector<int64_t>& sorted_entrants,
                                        const std::vector<DrawPrize>& prizes,
                                        const std::vector<DrawRedraw>& earlier,
                                        const std::vector<size_t>& unclaimed_slots) {
  const std::vector<DrawWinner> winners = PickDrawWinners(seed_raw32, sorted_entrants, prizes);
  std::vector<int64_t> holders;
  for (const auto& w : winners) holders.push_back(w.user_id);
  for (const auto& r : earlier) {
    if (r.slot < 1 || r.slot > holders.size()) throw std::invalid_argument("earlier redraw names no slot");
    holders[r.slot - 1] = r.user_id;
  }
  std::vector<size_t> slots = unclaimed_slots;
  std::sort(slots.begin(), slots.end());
  slots.erase(std::unique(slots.begin(), slots.end()), slots.end());
  for (size_t s : slots) {
    if (s < 1 || s > holders.size()) throw std::invalid_argument("redraw of a slot without a winner");
  }

  const size_t first_position = winners.size() + earlier.size() + 1;
  const std::vector<int64_t> sequence =
      DrawSequence(seed_raw32, sorted_entrants, first_position - 1 + slots.size());
  std::vector<DrawRedraw> redraws;
  for (size_t k = 0; k < slots.size(); ++k) {
    const size_t position = first_position + k;
    if (position > sequence.size()) break;
    const size_t s = slots[k];
    redraws.push_back(DrawRedraw{s, winners[s - 1].prize, holders[s - 1], position, sequence[position - 1]});
    holders[s - 1] = sequence[position - 1];
  }
  return redraws;
}

nlohmann::json DrawProofJson(std::string_view seed_raw32, const std::vector<int64_t>& sorted_entrants,
                             const std::vector<DrawPrize>& prizes, const std::vector<DrawRedraw>& redraws) {
  nlohmann::json proof = nlohmann::json::object();
  proof["algorithm"] = kDrawAlgorithm;
  proof["seed"] = crypto::HexEncode(seed_raw32);
  proof["commitment"] = DrawCommitment(seed_raw32);
  proof["entrants"] = sorted_entrants;
  proof["entrants_hash"] = EntrantsHash(sorted_entrants);
  proof["prizes"] = nlohmann::json::array();
  for (const auto& p : prizes) proof["prizes"].push_back({{"name", p.name}, {"quantity", p.quantity}});
  proof["winners"] = nlohmann::json::array();
  for (const auto& w : PickDrawWinners(seed_raw32, sorted_entrants, prizes)) {
    proof["winners"].push_back({{"position", w.position}, {"prize", w.prize}, {"user_id", w.user_id}});
  }
  proof["redraws"] = nlohmann::json::array();
  for (const auto& r : redraws) {
    proof["redraws"].push_back({{"slot", r.slot},
                                {"prize", r.prize},
                                {"replaced_user_id", r.replaced_user_id},
                                {"position", r.position},
                                {"user_id", r.user_id}});
  }
  return proof;
}

DrawVerification VerifyDrawProof(const nlohmann::json& proof) {
  Differences diff;
  if (!proof.is_object()) {
    diff.Add("proof is not a JSON object");
    return std::move(diff).Finish();
  }

  const auto* algorithm = Member(proof, "algorithm");
  if (!algorithm || !algorithm->is_string() || algorithm->get<std::string>() != kDrawAlgorithm) {
    diff.Add("algorithm is not \"" + std::string(kDrawAlgorithm) + "\"");
  }

  // Seed and commitment.
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

  // Entrants and their hash.
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
  const std::string entrants_hash = entrants_ok ? EntrantsHash(entrants) : std::string();
  const auto* claimed_hash = Member(proof, "entrants_hash");
  if (!claimed_hash || !claimed_hash->is_string()) {
    diff.Add("entrants_hash is missing or not a string");
  } else if (entrants_ok && claimed_hash->get<std::string>() != entrants_hash) {
    diff.Add("entrants_hash does not match the entrants");
  }

  // Prizes, expanded to slots.
  // Slots hold the index of their prize, not a copy of its name: a hostile proof could pair a
  // long name with a large quantity.
  const auto* prizes_json = Member(proof, "prizes");
  std::vector<std::string> prize_names;
  std::vector<size_t> slots;
  bool prizes_ok = prizes_json && prizes_json->is_array();
  if (!prizes_ok) {
    diff.Add("prizes is missing or not a list");
  } else {
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
      prize_names.push_back(name->get<std::string>());
      slots.insert(slots.end(), static_cast<size_t>(*quantity), prize_names.size() - 1);
    }
  }

  const auto* winners = Member(proof, "winners");
  const bool winners_ok = winners && winners->is_array();
  if (!winners_ok) diff.Add("winners is missing or not a list");
  const auto* redraws = Member(proof, "redraws");  // optional
  const bool redraws_ok = !redraws || redraws->is_array();
  if (!redraws_ok) diff.Add("redraws is not a list");
  if (!seed_ok || !entrants_ok || !prizes_ok) return std::move(diff).Finish();

  // Recompute the sequence far enough for every winner and redraw.
  const size_t n = entrants.size();
  const size_t first_count = std::min(slots.size(), n);
  const size_t redraw_count = redraws_ok && redraws ? redraws->size() : 0;
  const std::vector<int64_t> sequence = DrawSequence(seed, entrants, first_count + redraw_count);

  if (winners_ok) {
    if (winners->size() != first_count) {
      diff.Add("proof lists " + std::to_string(winners->size()) + " winners, expected " +
               std::to_string(first_count));
    }
    for (size_t i = 0; i < std::min(winners->size(), first_count); ++i) {
      const auto& w = (*winners)[i];
      const std::string label = "winner " + std::to_string(i + 1);
      if (!w.is_object()) {
        diff.Add(label + " is not an object");
        continue;
      }
      const auto* position = Member(w, "position");
      if (!position || SafeInteger(*position) != static_cast<int64_t>(i + 1)) {
        diff.Add(label + " should be at position " + std::to_string(i + 1) + ", proof says " +
                 Describe(position));
      }
      const auto* prize = Member(w, "prize");
      const std::string& expected_prize = prize_names[slots[i]];
      if (!prize || !prize->is_string() || prize->get_ref<const std::string&>() != expected_prize) {
        diff.Add(label + " should have prize \"" + expected_prize + "\", proof says " + Describe(prize));
      }
      const auto* user = Member(w, "user_id");
      if (!user || SafeInteger(*user) != sequence[i]) {
        diff.Add(label + " should be user " + std::to_string(sequence[i]) + ", proof says " + Describe(user));
      }
    }
  }

  if (redraws_ok && redraws) {
    std::vector<int64_t> holders(sequence.begin(), sequence.begin() + static_cast<ptrdiff_t>(first_count));
    for (size_t r = 0; r < redraws->size(); ++r) {
      const auto& rd = (*redraws)[r];
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
        const auto* prize = Member(rd, "prize");
        const std::string& expected_prize = prize_names[slots[s - 1]];
        if (!prize || !prize->is_string() || prize->get_ref<const std::string&>() != expected_prize) {
          diff.Add(label + " should have prize \"" + expected_prize + "\", proof says " + Describe(prize));
        }
        const auto* replaced = Member(rd, "replaced_user_id");
        if (!replaced || SafeInteger(*replaced) != holders[s - 1]) {
          diff.Add(label + " should replace user " + std::to_string(holders[s - 1]) + ", proof says " +
                   Describe(replaced));
        }
        holders[s - 1] = expected_user;
      }
      const auto* pos_json = Member(rd, "position");
      if (!pos_json || SafeInteger(*pos_json) != static_cast<int64_t>(position)) {
        diff.Add(label + " should be at position " + std::to_string(position) + ", proof says " +
                 Describe(pos_json));
      }
      const auto* user = Member(rd, "user_id");
      if (!user || SafeInteger(*user) != expected_user) {
        diff.Add(label + " should be user " + std::to_string(expected_user) + ", proof says " +
                 Describe(user));
      }
    }
  }
  return std::move(diff).Finish();
}

}  // namespace lanyard
