#pragma once
// The states of Lanyard's records as types. Each enum has exactly one place that spells it as
// text: ToString (the word stored in the database's status column and shown in the API) and
// its Parse* (nullopt for a word that is not a state). The database's CHECK constraints hold
// the same words. Row readers in storage/ parse them; core/ compares enum values only.
//
// Pure functions, thread-safe.
#include <optional>
#include <string_view>

namespace lanyard {

// An order: pending → paid | expired | cancelled; paid → refunded; expired → paid (late
// acceptance by staff).
enum class OrderStatus { kPending, kPaid, kExpired, kCancelled, kRefunded };
// A payment proof the buyer uploaded: submitted → accepted | rejected.
enum class ProofStatus { kSubmitted, kAccepted, kRejected };
// An event: draft → pending_review → published | rejected; any → cancelled.
enum class EventStatus { kDraft, kPendingReview, kPublished, kRejected, kCancelled };
// A ticket: valid → void (refund, event cancelled).
enum class TicketStatus { kValid, kVoid };
// A draw: open → drawn → closed.
enum class DrawStatus { kOpen, kDrawn, kClosed };

std::string_view ToString(OrderStatus s);
std::string_view ToString(ProofStatus s);
std::string_view ToString(EventStatus s);
std::string_view ToString(TicketStatus s);
std::string_view ToString(DrawStatus s);

std::optional<OrderStatus> ParseOrderStatus(std::string_view text);
std::optional<ProofStatus> ParseProofStatus(std::string_view text);
std::optional<EventStatus> ParseEventStatus(std::string_view text);
std::optional<TicketStatus> ParseTicketStatus(std::string_view text);
std::optional<DrawStatus> ParseDrawStatus(std::string_view text);

}  // namespace lanyard
