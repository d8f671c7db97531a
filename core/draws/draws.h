#pragma once
// Prize draws (SPEC §11): commitment at creation, entries, the draw, claims and redraws. The
// winners follow from core/draw_algorithm.h (lanyard-draw-v1); this module adds the rules,
// the storage and the mails. Every change runs in one unit of work with its audit row.
//
// Who may do what (through core/event_access.h on the draw's event):
//   create, perform, redraw            — kManage (the event's organizer, admins)
//   list, read, proof                  — kView (as the event; anonymous callers too)
//   mark a prize claimed at the desk   — kStaff (staff and admins, the event's organizer)
//   enter, leave, claim                — any signed-in caller who may view the event
//
// Eligibility decides who the entrants are; every entrant is a person (user id), once, however
// many tickets they hold. A "ticket holder" is the account a valid (not void) ticket for the
// event belongs to (tickets.user_id).
//   ticket_holders — everyone holding a valid ticket when the draw is performed;
//   checked_in     — everyone holding a valid ticket that was checked in, at perform time;
//   opt_in         — the people who entered (POST /draws/{id}/entries). Entering needs a valid
//                    ticket, and a checked-in one when entry_requires_check_in is set; the same
//                    condition is checked again at perform time (a refunded ticket drops out).
//
// Claims: each award (first winner or redraw) has claim_deadline = awarded_at +
// claim_window_minutes. The winner claims before the deadline; staff may mark a prize claimed
// at the desk as long as it has not been redrawn (after the deadline too). After the deadline
// the organizer may redraw unclaimed prizes: each goes to the next position of the same draw
// sequence (PickDrawRedraws), so the proof covers redraws as well. A claim_window_minutes of 0
// makes every prize redrawable at once (no self-service claim; the desk still can).
// A draw is `closed` when every awarded prize has been claimed.
#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/app.h"
#include "core/ops/audit.h"
#include "core/accounts/auth_user.h"
#include "core/draws/draw_algorithm.h"
#include "core/common/result.h"

namespace lanyard::draws {

inline constexpr int64_t kDefaultClaimWindowMinutes = 30;
inline constexpr int64_t kMaxClaimWindowMinutes = 7 * 24 * 60;
inline constexpr size_t kMaxPrizes = 50;
inline constexpr int64_t kMaxPrizeQuantity = 1000;
inline constexpr int64_t kMaxPrizeUnits = 10000;

struct NewDraw {
  std::string title;
  std::vector<DrawPrize> prizes;
  std::string eligibility;  // checked_in | ticket_holders | opt_in
  std::optional<int64_t> claim_window_minutes;  // default kDefaultClaimWindowMinutes
  bool entry_requires_check_in = false;         // only meaningful for opt_in
};

// The draw object: id, event_id, title, prizes, eligibility, entry_requires_check_in,
// claim_window_minutes, status, algorithm, commitment, seed (null until drawn), entrants_hash,
// entrant_count (live count while open, frozen after), created_at, drawn_at, closed_at,
// winners[] (current holder per slot: slot, prize, position, display_name, claim_deadline,
// claimed, claimed_at, redrawn, mine; staff of the event also get user_id, name, email),
// redraws[] (slot, prize, position, display_name, replaced_display_name, awarded_at), and for a
// signed-in caller `my` {entered, winner: null | {slot, prize, claim_deadline, claimed_at,
// can_claim, redrawn}}.

// POST /events/{id}/draws → 201. validation_failed (fields title, prizes, eligibility,
// claim_window_minutes); invalid_state on a cancelled event.
Result<nlohmann::json> Create(App& app, const AuthUser& user, int64_t event_id, const NewDraw& draw);
// GET /events/{id}/draws: {items, total, limit, offset}.
Result<nlohmann::json> ListForEvent(App& app, const AuthUser* user, int64_t event_id, ListPage page);
// GET /draws/{id}.
Result<nlohmann::json> Get(App& app, const AuthUser* user, int64_t draw_id);

// POST /draws/{id}/entries → the draw. already_entered, already_drawn, invalid_state (not an
// opt_in draw), not_eligible (no valid ticket / not checked in).
Result<nlohmann::json> Enter(App& app, const AuthUser& user, int64_t draw_id);
// DELETE /draws/{id}/entries/me. already_drawn; not_found when not entered.
Status Leave(App& app, const AuthUser& user, int64_t draw_id);

// POST /draws/{id}/perform → the draw with its winners. already_drawn, no_entrants.
Result<nlohmann::json> Perform(App& app, const AuthUser& user, int64_t draw_id);
// GET /draws/{id}/proof: DrawProofJson plus draw_id, event_id, title, created_at, drawn_at.
// not_drawn before the draw.
Result<nlohmann::json> Proof(App& app, const AuthUser* user, int64_t draw_id);

// POST /draws/{id}/claim (the winner) → the draw. not_drawn, not_a_winner, already_claimed,
// claim_window_closed (deadline passed, or the prize was redrawn).
Result<nlohmann::json> Claim(App& app, const AuthUser& user, int64_t draw_id);
// POST /draws/{id}/winners/{slot}/claimed (staff at the desk) → the draw. not_drawn,
// not_found (no holder for the slot), already_claimed.
Result<nlohmann::json> MarkClaimed(App& app, const AuthUser& user, int64_t draw_id, int64_t slot);
// POST /draws/{id}/redraw {slots?}: redraws the given slots, or every unclaimed slot whose
// deadline has passed. not_drawn, already_claimed (nothing unclaimed / slot claimed),
// claim_window_open, no_entrants (the sequence is used up), validation_failed (slot without a
// winner).
Result<nlohmann::json> Redraw(App& app, const AuthUser& user, int64_t draw_id,
                              const std::vector<int64_t>& slots);

// "Siti Rahma Dewi" → "Siti D."; "Budi" → "Budi"; the initial is the last word's first letter.
std::string DisplayName(std::string_view full_name);

}  // namespace lanyard::draws
