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

}  // namespace lanyard
