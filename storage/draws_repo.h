#pragma once
// Prize draws: all their SQL (draws, opt-in entries, frozen entrants, winners), and the reads
// of tickets that decide who may take part.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "storage/conn.h"
#include "storage/statuses.h"

namespace lanyard::storage {

struct DrawRow {
  int64_t id = 0;
  int64_t event_id = 0;
  std::string title;
  std::string prizes_json;  // [{name, quantity}]
  std::string eligibility;  // checked_in | ticket_holders | opt_in
  bool entry_requires_check_in = false;
  int64_t claim_window_minutes = 30;
  DrawStatus status = DrawStatus::kOpen;
  std::string seed_hex;         // SECRET until drawn_at is set
  std::string commitment;
  std::optional<std::string> entrants_hash;
  std::optional<int64_t> entrant_count;
  int64_t created_by = 0;
  std::string created_at;
  std::optional<int64_t> drawn_by;
  std::optional<std::string> drawn_at;
  std::optional<std::string> closed_at;
};

std::optional<DrawRow> FindDraw(Conn& c, int64_t id);
int64_t InsertDraw(Conn& c, const DrawRow& d);
std::vector<DrawRow> ListEventDraws(Conn& c, int64_t event_id, int limit, int offset, int64_t* total);
// open -> drawn; false when the draw was not open any more.
bool MarkDrawn(Conn& c, int64_t draw_id, const std::string& entrants_hash, int64_t entrant_count,
               int64_t drawn_by, const std::string& now);
// drawn -> closed (every prize claimed); false when it was not drawn.
bool MarkClosed(Conn& c, int64_t draw_id, const std::string& now);

// Opt-in entries. InsertEntry is false when the person had entered already.
bool InsertEntry(Conn& c, int64_t draw_id, int64_t user_id, const std::string& now);
bool DeleteEntry(Conn& c, int64_t draw_id, int64_t user_id);
bool HasEntry(Conn& c, int64_t draw_id, int64_t user_id);
int64_t CountEntries(Conn& c, int64_t draw_id);

// Who may take part, from the event's valid tickets (one id per person, ascending).
// `checked_in_only` keeps people with at least one checked-in valid ticket.
std::vector<int64_t> TicketHolderIds(Conn& c, int64_t event_id, bool checked_in_only);
int64_t CountTicketHolders(Conn& c, int64_t event_id, bool checked_in_only);
// Opt-in entrants that still qualify (a valid ticket, checked in when required), ascending.
std::vector<int64_t> QualifiedEntryIds(Conn& c, int64_t draw_id, int64_t event_id, bool checked_in_only);
// Whether the person holds a valid ticket for the event (checked in when asked).
bool HoldsTicket(Conn& c, int64_t event_id, int64_t user_id, bool checked_in_only);

// Frozen entrants, ascending.
void InsertEntrants(Conn& c, int64_t draw_id, const std::vector<int64_t>& sorted_ids);
std::vector<int64_t> Entrants(Conn& c, int64_t draw_id);

struct DrawWinnerRow {
  int64_t id = 0;
  int64_t draw_id = 0;
  int64_t slot = 0;
  std::string prize;
  int64_t position = 0;
  int64_t user_id = 0;
  std::optional<int64_t> redraw_no;
  std::optional<int64_t> replaced_user_id;
  std::string awarded_at;
  std::string claim_deadline;
  std::optional<std::string> claimed_at;
  std::optional<int64_t> claimed_by;
  std::optional<std::string> superseded_at;
  // Read with the row: the winner's account.
  std::string user_name;
  std::string user_email;
  std::string user_locale = "en";
};

void InsertWinner(Conn& c, const DrawWinnerRow& w);
// Every award of the draw: first winners by slot, then redraws in order.
std::vector<DrawWinnerRow> DrawWinners(Conn& c, int64_t draw_id);
// The slot's current holder (not superseded).
std::optional<DrawWinnerRow> CurrentHolder(Conn& c, int64_t draw_id, int64_t slot);
// The person's award in the draw (current or superseded), if any.
std::optional<DrawWinnerRow> WinnerByUser(Conn& c, int64_t draw_id, int64_t user_id);
void SupersedeWinner(Conn& c, int64_t winner_id, const std::string& now);
// False when the award was claimed already or superseded meanwhile.
bool MarkWinnerClaimed(Conn& c, int64_t winner_id, int64_t claimed_by, const std::string& now);
int64_t CountUnclaimedHolders(Conn& c, int64_t draw_id);

}  // namespace lanyard::storage
