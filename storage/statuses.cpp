#include "storage/statuses.h"

#include <array>
#include <utility>

namespace lanyard {

namespace {

// One table per enum: the enum value and its word, in declaration order.
template <typename E, size_t N>
using Words = std::array<std::pair<E, std::string_view>, N>;

constexpr Words<OrderStatus, 5> kOrder = {{{OrderStatus::kPending, "pending"},
                                           {OrderStatus::kPaid, "paid"},
                                           {OrderStatus::kExpired, "expired"},
                                           {OrderStatus::kCancelled, "cancelled"},
                                           {OrderStatus::kRefunded, "refunded"}}};
constexpr Words<ProofStatus, 3> kProof = {{{ProofStatus::kSubmitted, "submitted"},
                                           {ProofStatus::kAccepted, "accepted"},
                                           {ProofStatus::kRejected, "rejected"}}};
constexpr Words<EventStatus, 5> kEvent = {{{EventStatus::kDraft, "draft"},
                                           {EventStatus::kPendingReview, "pending_review"},
                                           {EventStatus::kPublished, "published"},
                                           {EventStatus::kRejected, "rejected"},
                                           {EventStatus::kCancelled, "cancelled"}}};
constexpr Words<TicketStatus, 2> kTicket = {{{TicketStatus::kValid, "valid"}, {TicketStatus::kVoid, "void"}}};
constexpr Words<DrawStatus, 3> kDraw = {
    {{DrawStatus::kOpen, "open"}, {DrawStatus::kDrawn, "drawn"}, {DrawStatus::kClosed, "closed"}}};

template <typename E, size_t N>
std::string_view Word(const Words<E, N>& words, E value) {
  for (const auto& [e, word] : words) {
    if (e == value) return word;
  }
  return {};
}

template <typename E, size_t N>
std::optional<E> Parse(const Words<E, N>& words, std::string_view text) {
  for (const auto& [e, word] : words) {
    if (word == text) return e;
  }
  return std::nullopt;
}

}  // namespace

std::string_view ToString(OrderStatus s) { return Word(kOrder, s); }
std::string_view ToString(ProofStatus s) { return Word(kProof, s); }
std::string_view ToString(EventStatus s) { return Word(kEvent, s); }
std::string_view ToString(TicketStatus s) { return Word(kTicket, s); }
std::string_view ToString(DrawStatus s) { return Word(kDraw, s); }

std::optional<OrderStatus> ParseOrderStatus(std::string_view text) { return Parse(kOrder, text); }
std::optional<ProofStatus> ParseProofStatus(std::string_view text) { return Parse(kProof, text); }
std::optional<EventStatus> ParseEventStatus(std::string_view text) { return Parse(kEvent, text); }
std::optional<TicketStatus> ParseTicketStatus(std::string_view text) { return Parse(kTicket, text); }
std::optional<DrawStatus> ParseDrawStatus(std::string_view text) { return Parse(kDraw, text); }

}  // namespace lanyard
