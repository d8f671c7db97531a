#pragma once
// The catalogue of mail kinds (SPEC §8), their placeholders, the default templates embedded from
// assets/mail/<locale>.json, and the small template language.
//
// Template language:
//   {{name}}             the value of `name` (missing → empty). In HTML parts the value is
//                        HTML-escaped and its line breaks become <br>; a key ending in "_html"
//                        is HTML made by code (e.g. tickets_html) and is inserted as it is.
//   {{#name}}...{{/name}} the inside only when `name` is truthy (non-empty string, true,
//                        non-zero number, non-empty list).
//   {{^name}}...{{/name}} the inside only when `name` is falsy.
// Spaces inside the braces are allowed ("{{ name }}"). Names are [a-z0-9_]. A template may only
// use the placeholders its kind declares (plus the common ones); anything else is refused with
// validation_failed naming the placeholder. "_html" keys may only appear in the HTML part.
//
// ---------------------------------------------------------------------------------------------
// What feature code passes in `data` (core/mail_outbox.h QueueMail). Pass display strings:
// amounts already formatted ("Rp 150.000"), dates as the text to show. The sender adds the
// common keys site_name, base_url, recipient_name (the recipient's name, or the address) itself.
// Flags (approved, accepted, waitlisted, is_*) may be booleans or "yes"/"no"; when absent they
// are derived from decision / status as shown.
//
//   account_confirm              confirm_url token
//   password_reset               reset_url token code expires_minutes
//   order_placed                 order_code order_url event_title event_starts_at amount
//                                bank_instructions (blank → "the committee will tell you")
//                                expires_at
//   payment_reminder             order_code order_url event_title event_starts_at amount
//                                bank_instructions expires_at amount_paid amount_due
//                                proof_in_review (true: nothing paid yet and the latest proof
//                                awaits review, so the mail reassures instead of asking to pay)
//   payment_received             order_code order_url event_title amount (the order's total)
//                                amount_received (this payment) amount_paid (received in all)
//                                amount_due bank_instructions expires_at (only while a partial
//                                payment leaves the order pending; empty once it is paid)
//                                amount_overpaid (received beyond the total, returned by hand;
//                                empty when not overpaid)
//   payment_rejected             order_code order_url event_title amount reason
//   tickets                      order_code event_title event_starts_at event_venue
//                                tickets: [{id, code, holder_name, ticket_type}]  (list; the
//                                sender renders tickets_text, tickets_html with each QR inline,
//                                ticket_count, tickets_url = {base_url}/account/tickets)
//   order_cancelled              order_code order_url event_title reason
//   order_expired                order_code order_url event_title
//   order_refunded               order_code order_url event_title amount (the total)
//                                amount_paid (what the order received: what is refunded) reason
//   event_cancelled              event_title event_url event_starts_at message
//   event_review_result          event_title event_url decision (published|rejected) message
//                                → derived: approved
//   organizer_application_result organization decision (approve|reject|approved|rejected)
//                                message → derived: approved
//   team_welcome                 team_name competition_name event_title team_url invite_url
//   team_member_joined           team_name member_name competition_name event_title team_url
//   team_status_changed          team_name competition_name event_title status
//                                (confirmed|finalist|disqualified|withdrawn) message team_url
//                                → derived: is_confirmed is_finalist is_disqualified is_withdrawn
//   team_stage_reminder          team_name competition_name event_title stage_name deadline
//                                team_url
//   session_registered           session_title event_title session_starts_at room status
//                                (registered|waitlisted) session_url → derived: waitlisted
//   session_waitlist_promoted    session_title event_title session_starts_at room session_url
//   nomination_received          event_title talk_title nominator_name nomination_url
//                                respond_url (accept or decline being nominated)
//   nomination_decided           event_title talk_title decision (accept|reject|accepted|
//                                rejected) message session_title nomination_url
//                                → derived: accepted
//   campaign                     subject body (Markdown source) body_text body_html (rendered
//                                by core/campaigns, raw HTML escaped) event_title on_behalf_of
//                                unsubscribe_token
//                                → derived: unsubscribe_url = {base_url}/unsubscribe/{token};
//                                the sender adds List-Unsubscribe / List-Unsubscribe-Post
//   draw_won                     draw_title prize_name event_title claim_until draw_url
//   staff_invitation             invite_url login_url inviter_name role (staff|organizer|admin)
//                                is_staff is_organizer is_admin existing (true: an account's
//                                role changed, no invitation link) expires_at
//   ticket_holder                event_title event_starts_at event_venue buyer_name holder_name
//                                ticket_type ticket_ref ticket_url (signed, works without an
//                                account) ticket_id ticket_code (the signed QR payload)
//                                → derived: ticket_qr_html, the QR as an inline PNG <img>
//   session_changed              session_title event_title session_starts_at session_ends_at
//                                room old_starts_at old_room time_changed room_changed
//                                waitlisted session_url
//   session_reminder             session_title event_title session_starts_at session_ends_at
//                                room session_url
//   event_times_changed          event_title event_url time_zone old_time_zone event_starts_at
//                                event_ends_at old_starts_at wall_times_kept (the event moved
//                                to another zone; core/events/zone_change.h)
// Times: pass MailTime(...) from core/mail/mail_time.h or RFC 3339 UTC text; the composer shows
// them in the deployment's time zone and the recipient's language.
// ---------------------------------------------------------------------------------------------
#include <nlohmann/json.hpp>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "core/common/result.h"
#include "core/mail/mail_template_engine.h"

namespace lanyard {

struct MailKindSpec {
  std::string_view kind;
  std::string_view placeholders;  // space-separated, without the common ones
};

// The common placeholders every kind may use.
inline constexpr std::string_view kCommonMailPlaceholders = "site_name base_url recipient_name";

inline constexpr MailKindSpec kMailKinds[] = {
    {"account_confirm", "confirm_url token"},
    {"password_reset", "reset_url token code expires_minutes"},
    {"order_placed", "order_code order_url event_title event_starts_at amount bank_instructions expires_at"},
    {"payment_reminder",
     "order_code order_url event_title event_starts_at amount bank_instructions expires_at amount_paid "
     "amount_due proof_in_review"},
    {"payment_received",
     "order_code order_url event_title amount amount_received amount_paid amount_due bank_instructions "
     "expires_at amount_overpaid"},
    {"payment_rejected", "order_code order_url event_title amount reason"},
    {"tickets",
     "order_code event_title event_starts_at event_venue tickets_text tickets_html ticket_count "
     "tickets_url"},
    {"order_cancelled", "order_code order_url event_title reason"},
    {"order_expired", "order_code order_url event_title"},
    {"order_refunded", "order_code order_url event_title amount amount_paid reason"},
    {"event_cancelled", "event_title event_url event_starts_at message"},
    {"event_review_result", "event_title event_url decision approved message"},
    {"organizer_application_result", "organization decision approved message"},
    {"team_welcome", "team_name competition_name event_title team_url invite_url"},
    {"team_member_joined", "team_name member_name competition_name event_title team_url"},
    {"team_status_changed",
     "team_name competition_name event_title status is_confirmed is_finalist is_disqualified "
     "is_withdrawn message team_url"},
    {"team_stage_reminder", "team_name competition_name event_title stage_name deadline team_url"},
    {"session_registered",
     "session_title event_title session_starts_at room status waitlisted session_url"},
    {"session_waitlist_promoted", "session_title event_title session_starts_at room session_url"},
    {"nomination_received", "event_title talk_title nominator_name nomination_url respond_url"},
    {"nomination_decided",
     "event_title talk_title decision accepted message session_title nomination_url"},
    {"campaign", "subject body body_text body_html event_title on_behalf_of unsubscribe_url"},
    {"draw_won", "draw_title prize_name event_title claim_until draw_url"},
    {"staff_invitation",
     "invite_url login_url inviter_name role is_staff is_organizer is_admin existing expires_at"},
    {"ticket_holder",
     "event_title event_starts_at event_venue buyer_name holder_name ticket_type ticket_ref "
     "ticket_url ticket_id ticket_code ticket_qr_html"},
    {"session_changed",
     "session_title event_title session_starts_at session_ends_at room old_starts_at old_room "
     "time_changed room_changed waitlisted session_url"},
    {"session_reminder", "session_title event_title session_starts_at session_ends_at room session_url"},
    {"event_times_changed",
     "event_title event_url time_zone old_time_zone event_starts_at event_ends_at old_starts_at "
     "wall_times_kept"},
};

inline constexpr std::string_view kMailLocales[] = {"en", "id"};

bool IsMailKind(std::string_view kind);
bool IsMailLocale(std::string_view locale);
// The kind's own placeholders followed by the common ones; empty for an unknown kind.
std::vector<std::string> MailPlaceholders(std::string_view kind);

struct MailTemplate {
  std::string subject;
  std::string text;
  std::string html;  // an HTML fragment; RenderMailTemplate() puts it in the mail layout
};

struct RenderedMail {
  std::string subject;
  std::string text;
  std::string html;  // the whole HTML document
};

// The embedded default of a kind in a locale ("en" for an unknown locale). Throws
// std::logic_error for an unknown kind or when the embedded files lack it (a build defect that a
// test catches).
const MailTemplate& DefaultMailTemplate(std::string_view kind, std::string_view locale);

// A short UI string of the mail catalogue (assets/mail/<locale>.json "_strings"), e.g.
// "open_ticket"; the key itself when missing.
std::string MailString(std::string_view locale, std::string_view key);

// Checks syntax and that every placeholder is allowed for `kind`. On failure: validation_failed
// with fields {"subject"|"text"|"html": "unknown placeholder {{x}}"} and a message naming it.
Status ValidateMailTemplate(std::string_view kind, const MailTemplate& tmpl);


// Subject (line breaks flattened), text, and HTML wrapped in the document layout.
RenderedMail RenderMailTemplate(const MailTemplate& tmpl, const nlohmann::json& values,
                                std::string_view locale);

// Derived values (see the table above: approved, is_confirmed, waitlisted, ...) added to `data`
// when absent.
void AddDerivedMailValues(std::string_view kind, nlohmann::json& values);

// Plausible values for every placeholder of a kind, for previews.
nlohmann::json SampleMailValues(std::string_view kind, std::string_view locale);


}  // namespace lanyard
