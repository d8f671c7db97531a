#pragma once
// The error codes core services return (Error::code) and web/errors maps to HTTP statuses.
// Always name a code through its constant here; a code that is not listed in kAllErrorCodes
// fails the mapping test (tests/web/test_error_codes.cpp). Add new codes to this file and to
// web/errors.cpp together.
#include <array>
#include <string_view>

namespace lanyard::codes {

// SPEC §2
inline constexpr char kBadRequest[] = "bad_request";
inline constexpr char kValidationFailed[] = "validation_failed";
inline constexpr char kUnauthorized[] = "unauthorized";
inline constexpr char kForbidden[] = "forbidden";
inline constexpr char kNotFound[] = "not_found";
inline constexpr char kMethodNotAllowed[] = "method_not_allowed";
inline constexpr char kConflict[] = "conflict";
inline constexpr char kPayloadTooLarge[] = "payload_too_large";
inline constexpr char kUriTooLong[] = "uri_too_long";
inline constexpr char kUnsupportedMediaType[] = "unsupported_media_type";
inline constexpr char kRateLimited[] = "rate_limited";
inline constexpr char kInternal[] = "internal";
inline constexpr char kUnavailable[] = "unavailable";

// uploads (SPEC §3, §12)
inline constexpr char kUploadQuota[] = "upload_quota";
inline constexpr char kInsufficientStorage[] = "insufficient_storage";

// SPEC §15: the HTTP layer's own limits
inline constexpr char kRequestTimeout[] = "request_timeout";
inline constexpr char kLengthRequired[] = "length_required";
inline constexpr char kRangeNotSatisfiable[] = "range_not_satisfiable";
inline constexpr char kHeaderFieldsTooLarge[] = "header_fields_too_large";

// accounts
inline constexpr char kEmailTaken[] = "email_taken";
inline constexpr char kInvalidToken[] = "invalid_token";
inline constexpr char kInvalidCredentials[] = "invalid_credentials";
inline constexpr char kEmailNotConfirmed[] = "email_not_confirmed";
inline constexpr char kApplicationPending[] = "application_pending";
inline constexpr char kLastAdmin[] = "last_admin";

// events, ticket types, orders
inline constexpr char kHasOrders[] = "has_orders";
inline constexpr char kEventNotOnSale[] = "event_not_on_sale";
inline constexpr char kNotOnSale[] = "not_on_sale";
inline constexpr char kSoldOut[] = "sold_out";
inline constexpr char kQuotaBelowSold[] = "quota_below_sold";
inline constexpr char kOrderNotPending[] = "order_not_pending";
inline constexpr char kOrderNotPaid[] = "order_not_paid";
inline constexpr char kInvalidState[] = "invalid_state";
inline constexpr char kAlreadyApplied[] = "already_applied";

// check-in
inline constexpr char kAlreadyCheckedIn[] = "already_checked_in";
inline constexpr char kTicketVoid[] = "ticket_void";
inline constexpr char kWrongEvent[] = "wrong_event";
inline constexpr char kInvalidCode[] = "invalid_code";
inline constexpr char kUnknownTicket[] = "unknown_ticket";
inline constexpr char kNotCheckedIn[] = "not_checked_in";
inline constexpr char kDuplicateOffline[] = "duplicate_offline";
inline constexpr char kNonceTaken[] = "nonce_taken";
// An undo named a check-in that is no longer the ticket's current one (undone already, or
// checked in again since).
inline constexpr char kCheckinChanged[] = "checkin_changed";
inline constexpr char kNotAdmitted[] = "not_admitted";

// teams, sessions, nominations
inline constexpr char kAlreadyInTeam[] = "already_in_team";
inline constexpr char kTeamNameTaken[] = "team_name_taken";
inline constexpr char kRegistrationClosed[] = "registration_closed";
inline constexpr char kProfileIncomplete[] = "profile_incomplete";
inline constexpr char kTeamFull[] = "team_full";
inline constexpr char kTeamLocked[] = "team_locked";
inline constexpr char kTeamTooSmall[] = "team_too_small";
inline constexpr char kDeadlinePassed[] = "deadline_passed";
inline constexpr char kTicketRequired[] = "ticket_required";
inline constexpr char kAlreadyRegistered[] = "already_registered";
inline constexpr char kVotingClosed[] = "voting_closed";
inline constexpr char kNotEligible[] = "not_eligible";
inline constexpr char kCompetitionFull[] = "competition_full";
inline constexpr char kLeaderHasMembers[] = "leader_has_members";
inline constexpr char kHasTeams[] = "has_teams";
inline constexpr char kHasSubmissions[] = "has_submissions";
inline constexpr char kNominationsClosed[] = "nominations_closed";
inline constexpr char kAlreadyNominated[] = "already_nominated";
inline constexpr char kCampaignNotCancellable[] = "campaign_not_cancellable";

// draws
inline constexpr char kAlreadyDrawn[] = "already_drawn";
inline constexpr char kNoEntrants[] = "no_entrants";
inline constexpr char kAlreadyEntered[] = "already_entered";
inline constexpr char kNotDrawn[] = "not_drawn";
inline constexpr char kClaimWindowClosed[] = "claim_window_closed";
inline constexpr char kClaimWindowOpen[] = "claim_window_open";
inline constexpr char kAlreadyClaimed[] = "already_claimed";
inline constexpr char kNotAWinner[] = "not_a_winner";

// confirm links opened twice, staff invitations
inline constexpr char kAlreadyConfirmed[] = "already_confirmed";
inline constexpr char kInvitationUsed[] = "invitation_used";

// programme
inline constexpr char kScheduleConflict[] = "schedule_conflict";
inline constexpr char kCapacityBelowRegistered[] = "capacity_below_registered";
inline constexpr char kNotRegistered[] = "not_registered";

// Every code above.
inline constexpr std::array<std::string_view, 76> kAllErrorCodes = {
    kBadRequest,
    kValidationFailed,
    kUnauthorized,
    kForbidden,
    kNotFound,
    kMethodNotAllowed,
    kConflict,
    kPayloadTooLarge,
    kUriTooLong,
    kUnsupportedMediaType,
    kRateLimited,
    kInternal,
    kUnavailable,
    kUploadQuota,
    kInsufficientStorage,
    kRequestTimeout,
    kLengthRequired,
    kRangeNotSatisfiable,
    kHeaderFieldsTooLarge,
    kEmailTaken,
    kInvalidToken,
    kInvalidCredentials,
    kEmailNotConfirmed,
    kApplicationPending,
    kLastAdmin,
    kHasOrders,
    kEventNotOnSale,
    kNotOnSale,
    kSoldOut,
    kQuotaBelowSold,
    kOrderNotPending,
    kOrderNotPaid,
    kInvalidState,
    kAlreadyApplied,
    kAlreadyCheckedIn,
    kTicketVoid,
    kWrongEvent,
    kInvalidCode,
    kUnknownTicket,
    kNotCheckedIn,
    kDuplicateOffline,
    kNonceTaken,
    kCheckinChanged,
    kNotAdmitted,
    kAlreadyInTeam,
    kTeamNameTaken,
    kRegistrationClosed,
    kProfileIncomplete,
    kTeamFull,
    kTeamLocked,
    kTeamTooSmall,
    kDeadlinePassed,
    kTicketRequired,
    kAlreadyRegistered,
    kVotingClosed,
    kNotEligible,
    kCompetitionFull,
    kLeaderHasMembers,
    kHasTeams,
    kHasSubmissions,
    kNominationsClosed,
    kAlreadyNominated,
    kCampaignNotCancellable,
    kAlreadyDrawn,
    kNoEntrants,
    kAlreadyEntered,
    kNotDrawn,
    kClaimWindowClosed,
    kClaimWindowOpen,
    kAlreadyClaimed,
    kNotAWinner,
    kAlreadyConfirmed,
    kInvitationUsed,
    kScheduleConflict,
    kCapacityBelowRegistered,
    kNotRegistered,
};

}  // namespace lanyard::codes
