#pragma once
// What the draw commands share (internal to core/draws): loading a draw with its event's access
// rule, reading its stored prizes and seed, the entrants, and the in-unit steps (closing a
// fully claimed draw, mailing a winner). Functions taking a storage::Conn run inside the
// caller's unit or read; not thread-safe on their own.
#include <cstdint>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "core/accounts/auth_user.h"
#include "core/app.h"
#include "core/common/result.h"
#include "core/draws/draw_algorithm.h"
#include "core/events/event_access.h"
#include "storage/draws_repo.h"

namespace lanyard::draws {

// A draw with its event.
// The secret seed's length: 32 random bytes drawn at creation.
inline constexpr size_t kSeedBytes = 32;

struct Loaded {
  storage::DrawRow draw;
  storage::EventRow event;
};

// The draw and its event, with the event's access rule applied: not_found for a draw on an
// event the caller may not see, else LoadEvent's errors.
Result<Loaded> LoadDraw(storage::Conn& c, const AuthUser* user, int64_t draw_id, EventAccess need);
// LoadDraw of a draw still open: already_drawn otherwise.
Result<Loaded> LoadOpenDraw(storage::Conn& c, const AuthUser& user, int64_t draw_id, EventAccess need);
// LoadDraw of a drawn draw: not_drawn otherwise.
Result<Loaded> LoadDrawnDraw(storage::Conn& c, const AuthUser& user, int64_t draw_id, EventAccess need);

// The prizes stored as JSON text [{name, quantity}]; empty for malformed text.
std::vector<DrawPrize> ParsePrizes(const std::string& text);
nlohmann::json PrizesJson(const std::vector<DrawPrize>& prizes);
// The draw's 32 secret seed bytes; throws std::runtime_error on a malformed stored seed.
std::string SeedBytes(const storage::DrawRow& d);
// Whether the RFC 3339 `deadline` is at or before `now` (Unix seconds); true when malformed.
bool DeadlinePassed(const std::string& deadline, int64_t now);
bool IsEligibility(const std::string& e);

// The people who take part if the draw were performed now, ascending user ids.
std::vector<int64_t> CurrentEntrants(storage::Conn& c, const storage::DrawRow& d);
int64_t CurrentEntrantCount(storage::Conn& c, const storage::DrawRow& d);

// After a claim: a draw whose every awarded prize is claimed is closed.
void CloseIfDone(storage::Conn& c, int64_t draw_id, const std::string& now);
// Queues draw_won to the winner `w`.
void MailWinner(App& app, storage::Conn& c, const storage::DrawRow& d, const storage::EventRow& e,
                const storage::DrawWinnerRow& w);

}  // namespace lanyard::draws
