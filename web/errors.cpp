#include "web/errors.h"

#include <string>
#include <unordered_map>

namespace lanyard::web {

int HttpStatusFor(const std::string& code) {
  static const std::unordered_map<std::string, int> kStatus = {
      // SPEC §2
      {"bad_request", 400}, {"validation_failed", 400}, {"unauthorized", 401},
      {"forbidden", 403}, {"not_found", 404}, {"method_not_allowed", 405}, {"conflict", 409},
      {"payload_too_large", 413}, {"uri_too_long", 414}, {"unsupported_media_type", 415},
      {"rate_limited", 429}, {"internal", 500}, {"unavailable", 503},
      // uploads (SPEC §3, §12)
      {"upload_quota", 409}, {"insufficient_storage", 507},
      // SPEC §15: the HTTP layer's own limits
      {"request_timeout", 408}, {"length_required", 411}, {"range_not_satisfiable", 416}, {"header_fields_too_large", 431},
      // accounts
      {"email_taken", 409}, {"invalid_token", 400}, {"invalid_credentials", 401},
      {"email_not_confirmed", 403}, {"application_pending", 409}, {"last_admin", 409},
      // events, ticket types, orders
      {"has_orders", 409}, {"event_not_on_sale", 409}, {"not_on_sale", 409}, {"sold_out", 409},
      {"quota_below_sold", 409}, {"order_not_pending", 409}, {"order_not_paid", 409},
      {"invalid_state", 409}, {"already_applied", 409},
      // check-in
      {"already_checked_in", 409}, {"ticket_void", 409}, {"wrong_event", 409},
      {"invalid_code", 400}, {"unknown_ticket", 404}, {"not_checked_in", 409},
      {"duplicate_offline", 409}, {"nonce_taken", 409}, {"not_admitted", 409},
      // teams, sessions, nominations
      {"already_in_team", 409}, {"team_name_taken", 409}, {"registration_closed", 409},
      {"profile_incomplete", 400}, {"team_full", 409}, {"team_locked", 409},
      {"team_too_small", 409}, {"deadline_passed", 409}, {"ticket_required", 403},
      {"already_registered", 409}, {"voting_closed", 409}, {"not_eligible", 403},
      {"competition_full", 409}, {"leader_has_members", 409}, {"has_teams", 409},
      {"has_submissions", 409},
      {"nominations_closed", 409}, {"already_nominated", 409}, {"campaign_not_cancellable", 409},
      // draws
      {"already_drawn", 409}, {"no_entrants", 409}, {"already_entered", 409},
      {"not_drawn", 409}, {"claim_window_closed", 409}, {"claim_window_open", 409},
      {"already_claimed", 409}, {"not_a_winner", 403},
      // confirm links opened twice, staff invitations
      {"already_confirmed", 409}, {"invitation_used", 409},
      // programme
      {"schedule_conflict", 409}, {"capacity_below_registered", 409}, {"not_registered", 409},
  };
  auto found = kStatus.find(code);
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
    case 405: return Error::Make("method_not_allowed", "This method is not allowed here.");
    case 413: return Error::Make("payload_too_large", "The request body is too large.");
    case 414: return Error::Make("uri_too_long", "The request path is too long.");
    case 408: return Error::Make("request_timeout", "The request took too long to arrive.");
    case 411: return Error::Make("length_required", "Send the body with a Content-Length.");
    case 415: return Error::Make("unsupported_media_type", "This content type is not accepted.");
    case 416: return Error::Make("range_not_satisfiable", "The requested range cannot be served.");
    case 431: return Error::Make("header_fields_too_large", "The request head is too large.");
    case 429: return Error::Make("rate_limited", "Too many requests; slow down.");
    case 503: return Error::Make("unavailable", "The service is unavailable.");
    case 507: return Error::Make("insufficient_storage", "The server's disk is nearly full.");
    default:
      if (status >= 400 && status < 500) return Error::BadRequest("The request cannot be served.");
      return Error::Make("internal", "Something went wrong on our side.");
  }
}

}  // namespace lanyard::web
