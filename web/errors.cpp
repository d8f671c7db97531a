#include "web/errors.h"

#include <string>
#include <unordered_map>

#include "core/common/error_codes.h"

namespace lanyard::web {

int HttpStatusFor(const std::string& code) {
  static const std::unordered_map<std::string, int> kStatus = {
      // SPEC §2
      {codes::kBadRequest, 400}, {codes::kValidationFailed, 400}, {codes::kUnauthorized, 401},
      {codes::kForbidden, 403}, {codes::kNotFound, 404}, {codes::kMethodNotAllowed, 405},
      {codes::kConflict, 409}, {codes::kPayloadTooLarge, 413}, {codes::kUriTooLong, 414},
      {codes::kUnsupportedMediaType, 415}, {codes::kRateLimited, 429}, {codes::kInternal, 500},
      {codes::kUnavailable, 503},
      // uploads (SPEC §3, §12)
      {codes::kUploadQuota, 409}, {codes::kInsufficientStorage, 507},
      // SPEC §15: the HTTP layer's own limits
      {codes::kRequestTimeout, 408}, {codes::kLengthRequired, 411}, {codes::kRangeNotSatisfiable, 416},
      {codes::kHeaderFieldsTooLarge, 431},
      // accounts
      {codes::kEmailTaken, 409}, {codes::kInvalidToken, 400}, {codes::kInvalidCredentials, 401},
      {codes::kEmailNotConfirmed, 403}, {codes::kApplicationPending, 409}, {codes::kLastAdmin, 409},
      // events, ticket types, orders
      {codes::kHasOrders, 409}, {codes::kEventNotOnSale, 409}, {codes::kNotOnSale, 409},
      {codes::kSoldOut, 409}, {codes::kQuotaBelowSold, 409}, {codes::kOrderNotPending, 409},
      {codes::kOrderNotPaid, 409}, {codes::kInvalidState, 409}, {codes::kAlreadyApplied, 409},
      // check-in
      {codes::kAlreadyCheckedIn, 409}, {codes::kTicketVoid, 409}, {codes::kWrongEvent, 409},
      {codes::kInvalidCode, 400}, {codes::kUnknownTicket, 404}, {codes::kNotCheckedIn, 409},
      {codes::kDuplicateOffline, 409}, {codes::kNonceTaken, 409}, {codes::kCheckinChanged, 409}, {codes::kNotAdmitted, 409},
      // teams, sessions, nominations
      {codes::kAlreadyInTeam, 409}, {codes::kTeamNameTaken, 409}, {codes::kRegistrationClosed, 409},
      {codes::kProfileIncomplete, 400}, {codes::kTeamFull, 409}, {codes::kTeamLocked, 409},
      {codes::kTeamTooSmall, 409}, {codes::kDeadlinePassed, 409}, {codes::kTicketRequired, 403},
      {codes::kAlreadyRegistered, 409}, {codes::kVotingClosed, 409}, {codes::kNotEligible, 403},
      {codes::kCompetitionFull, 409}, {codes::kLeaderHasMembers, 409}, {codes::kHasTeams, 409},
      {codes::kHasSubmissions, 409}, {codes::kNominationsClosed, 409}, {codes::kAlreadyNominated, 409},
      {codes::kCampaignNotCancellable, 409},
      // draws
      {codes::kAlreadyDrawn, 409}, {codes::kNoEntrants, 409}, {codes::kAlreadyEntered, 409},
      {codes::kNotDrawn, 409}, {codes::kClaimWindowClosed, 409}, {codes::kClaimWindowOpen, 409},
      {codes::kAlreadyClaimed, 409}, {codes::kNotAWinner, 403},
      // confirm links opened twice, staff invitations
      {codes::kAlreadyConfirmed, 409}, {codes::kInvitationUsed, 409},
      // programme
      {codes::kScheduleConflict, 409}, {codes::kCapacityBelowRegistered, 409},
      {codes::kNotRegistered, 409},
  };
  auto found = kStatus.find(code);
  // An unlisted code is a bug: tests/web/test_error_codes.cpp keeps every code listed.
  return found == kStatus.end() ? 500 : found->second;
}

nlohmann::json ErrorBody(const Error& error) {
  const int status = HttpStatusFor(error.code);
  nlohmann::json body = {{"status", status},
                         {"code", status == 500 ? "internal" : error.code},
                         {"message", status == 500 ? "Something went wrong on our side." : error.message}};
  if (!error.fields.empty()) body["fields"] = error.fields;
  for (const auto& [key, value] : error.extra) body[key] = value;
  return body;
}

Error ErrorForStatus(int status) {
  switch (status) {
    case 400: return Error::BadRequest("The request is malformed.");
    case 401: return Error::Unauthorized();
    case 403: return Error::Forbidden();
    case 404: return Error::NotFound("No such resource.");
    case 405: return Error::Make(codes::kMethodNotAllowed, "This method is not allowed here.");
    case 413: return Error::Make(codes::kPayloadTooLarge, "The request body is too large.");
    case 414: return Error::Make(codes::kUriTooLong, "The request path is too long.");
    case 408: return Error::Make(codes::kRequestTimeout, "The request took too long to arrive.");
    case 411: return Error::Make(codes::kLengthRequired, "Send the body with a Content-Length.");
    case 415: return Error::Make(codes::kUnsupportedMediaType, "This content type is not accepted.");
    case 416: return Error::Make(codes::kRangeNotSatisfiable, "The requested range cannot be served.");
    case 431: return Error::Make(codes::kHeaderFieldsTooLarge, "The request head is too large.");
    case 429: return Error::Make(codes::kRateLimited, "Too many requests; slow down.");
    case 503: return Error::Make(codes::kUnavailable, "The service is unavailable.");
    case 507: return Error::Make(codes::kInsufficientStorage, "The server's disk is nearly full.");
    default:
      if (status >= 400 && status < 500) return Error::BadRequest("The request cannot be served.");
      return Error::Make(codes::kInternal, "Something went wrong on our side.");
  }
}

}  // namespace lanyard::web
