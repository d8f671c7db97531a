#include "storage/draws_repo.h"

#include "storage/query.h"

namespace lanyard::storage {

namespace {

#define LANYARD_DRAW_COLUMNS                                                                 \
  "id, event_id, title, prizes, eligibility, entry_requires_check_in, claim_window_minutes, " \
  "status, seed, commitment, entrants_hash, entrant_count, created_by, created_at, drawn_by, "  \
  "drawn_at, closed_at"

DrawRow ReadDraw(Query& q) {
  DrawRow d;
  d.id = q.Int(0);
  d.event_id = q.Int(1);
  d.title = q.Text(2);
  d.prizes_json = q.Text(3);
  d.eligibility = q.Text(4);
  d.entry_requires_check_in = q.Bool(5);
  d.claim_window_minutes = q.Int(6);
  d.status = ParseDrawStatus(q.Text(7)).value();
  d.seed_hex = q.Text(8);
  d.commitment = q.Text(9);
  d.entrants_hash = q.OptText(10);
  d.entrant_count = q.OptInt(11);
  d.created_by = q.Int(12);
  d.created_at = q.Text(13);
  d.drawn_by = q.OptInt(14);
  d.drawn_at = q.OptText(15);
  d.closed_at = q.OptText(16);
  return d;
}

#define LANYARD_WINNER_COLUMNS                                                                  \
  "w.id, w.draw_id, w.slot, w.prize, w.position, w.user_id, w.redraw_no, w.replaced_user_id, " \
  "w.awarded_at, w.claim_deadline, w.claimed_at, w.claimed_by, w.superseded_at, u.name, "       \
  "u.email, u.locale"

DrawWinnerRow ReadWinner(Query& q) {
  DrawWinnerRow w;
  w.id = q.Int(0);
  w.draw_id = q.Int(1);
  w.slot = q.Int(2);
  w.prize = q.Text(3);
  w.position = q.Int(4);
  w.user_id = q.Int(5);
  w.redraw_no = q.OptInt(6);
  w.replaced_user_id = q.OptInt(7);
  w.awarded_at = q.Text(8);
  w.claim_deadline = q.Text(9);
  w.claimed_at = q.OptText(10);
  w.claimed_by = q.OptInt(11);
  w.superseded_at = q.OptText(12);
  w.user_name = q.Text(13);
  w.user_email = q.Text(14);
  w.user_locale = q.Text(15);
  return w;
}

}  // namespace

std::optional<DrawRow> FindDraw(Conn& c, int64_t id) {
  Query q(c, "SELECT " LANYARD_DRAW_COLUMNS " FROM draws WHERE id = ?", id);
  if (!q.Next()) return std::nullopt;
  return ReadDraw(q);
}

int64_t InsertDraw(Conn& c, const DrawRow& d) {
  return InsertId(c,
       "INSERT INTO draws (event_id, title, prizes, eligibility, entry_requires_check_in, "
       "claim_window_minutes, status, seed, commitment, created_by, created_at) "
       "VALUES (?, ?, ?, ?, ?, ?, 'open', ?, ?, ?, ?) RETURNING id",
       d.event_id, d.title, d.prizes_json, d.eligibility, d.entry_requires_check_in,
       d.claim_window_minutes, d.seed_hex, d.commitment, d.created_by, d.created_at);
}

std::vector<DrawRow> ListEventDraws(Conn& c, int64_t event_id, int limit, int offset, int64_t* total) {
  *total = ScalarInt(c, "SELECT COUNT(*) FROM draws WHERE event_id = ?", event_id).value_or(0);
  Query q(c, "SELECT " LANYARD_DRAW_COLUMNS " FROM draws WHERE event_id = ? ORDER BY id LIMIT ? OFFSET ?",
          event_id, limit, offset);
  std::vector<DrawRow> out;
  while (q.Next()) out.push_back(ReadDraw(q));
  return out;
}

bool MarkDrawn(Conn& c, int64_t draw_id, const std::string& entrants_hash, int64_t entrant_count,
               int64_t drawn_by, const std::string& now) {
  return Exec(c,
              "UPDATE draws SET status = 'drawn', entrants_hash = ?, entrant_count = ?, "
              "drawn_by = ?, drawn_at = ? WHERE id = ? AND status = 'open'",
              entrants_hash, entrant_count, drawn_by, now, draw_id) == 1;
}

bool MarkClosed(Conn& c, int64_t draw_id, const std::string& now) {
  return Exec(c, "UPDATE draws SET status = 'closed', closed_at = ? WHERE id = ? AND status = 'drawn'",
              now, draw_id) == 1;
}

bool InsertEntry(Conn& c, int64_t draw_id, int64_t user_id, const std::string& now) {
  return Exec(c,
              "INSERT INTO draw_entries (draw_id, user_id, created_at) VALUES (?, ?, ?) "
              "ON CONFLICT(draw_id, user_id) DO NOTHING",
              draw_id, user_id, now) == 1;
}

bool DeleteEntry(Conn& c, int64_t draw_id, int64_t user_id) {
  return Exec(c, "DELETE FROM draw_entries WHERE draw_id = ? AND user_id = ?", draw_id, user_id) == 1;
}

bool HasEntry(Conn& c, int64_t draw_id, int64_t user_id) {
  return ScalarInt(c, "SELECT 1 FROM draw_entries WHERE draw_id = ? AND user_id = ?", draw_id, user_id)
      .has_value();
}

int64_t CountEntries(Conn& c, int64_t draw_id) {
  return ScalarInt(c, "SELECT COUNT(*) FROM draw_entries WHERE draw_id = ?", draw_id).value_or(0);
}

std::vector<int64_t> TicketHolderIds(Conn& c, int64_t event_id, bool checked_in_only) {
  Query q(c,
          "SELECT DISTINCT user_id FROM tickets WHERE event_id = ? AND status = 'valid' "
          "AND (? = 0 OR checked_in_at IS NOT NULL) ORDER BY user_id",
          event_id, checked_in_only);
  std::vector<int64_t> out;
  while (q.Next()) out.push_back(q.Int(0));
  return out;
}

int64_t CountTicketHolders(Conn& c, int64_t event_id, bool checked_in_only) {
  return ScalarInt(c,
                   "SELECT COUNT(DISTINCT user_id) FROM tickets WHERE event_id = ? AND status = 'valid' "
                   "AND (? = 0 OR checked_in_at IS NOT NULL)",
                   event_id, checked_in_only)
      .value_or(0);
}

std::vector<int64_t> QualifiedEntryIds(Conn& c, int64_t draw_id, int64_t event_id, bool checked_in_only) {
  Query q(c,
          "SELECT e.user_id FROM draw_entries e WHERE e.draw_id = ? AND EXISTS ("
          "SELECT 1 FROM tickets t WHERE t.event_id = ? AND t.user_id = e.user_id "
          "AND t.status = 'valid' AND (? = 0 OR t.checked_in_at IS NOT NULL)) ORDER BY e.user_id",
          draw_id, event_id, checked_in_only);
  std::vector<int64_t> out;
  while (q.Next()) out.push_back(q.Int(0));
  return out;
}

bool HoldsTicket(Conn& c, int64_t event_id, int64_t user_id, bool checked_in_only) {
  return ScalarInt(c,
                   "SELECT 1 FROM tickets WHERE event_id = ? AND user_id = ? AND status = 'valid' "
                   "AND (? = 0 OR checked_in_at IS NOT NULL) LIMIT 1",
                   event_id, user_id, checked_in_only)
      .has_value();
}

void InsertEntrants(Conn& c, int64_t draw_id, const std::vector<int64_t>& sorted_ids) {
  for (int64_t id : sorted_ids) {
    Exec(c, "INSERT INTO draw_entrants (draw_id, user_id) VALUES (?, ?)", draw_id, id);
  }
}

std::vector<int64_t> Entrants(Conn& c, int64_t draw_id) {
  Query q(c, "SELECT user_id FROM draw_entrants WHERE draw_id = ? ORDER BY user_id", draw_id);
  std::vector<int64_t> out;
  while (q.Next()) out.push_back(q.Int(0));
  return out;
}

void InsertWinner(Conn& c, const DrawWinnerRow& w) {
  Exec(c,
       "INSERT INTO draw_winners (draw_id, slot, prize, position, user_id, redraw_no, "
       "replaced_user_id, awarded_at, claim_deadline) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
       w.draw_id, w.slot, w.prize, w.position, w.user_id, w.redraw_no, w.replaced_user_id,
       w.awarded_at, w.claim_deadline);
}

std::vector<DrawWinnerRow> DrawWinners(Conn& c, int64_t draw_id) {
  Query q(c,
          "SELECT " LANYARD_WINNER_COLUMNS " FROM draw_winners w JOIN users u ON u.id = w.user_id "
          "WHERE w.draw_id = ? ORDER BY w.redraw_no IS NOT NULL, w.redraw_no, w.slot",
          draw_id);
  std::vector<DrawWinnerRow> out;
  while (q.Next()) out.push_back(ReadWinner(q));
  return out;
}

std::optional<DrawWinnerRow> CurrentHolder(Conn& c, int64_t draw_id, int64_t slot) {
  Query q(c,
          "SELECT " LANYARD_WINNER_COLUMNS " FROM draw_winners w JOIN users u ON u.id = w.user_id "
          "WHERE w.draw_id = ? AND w.slot = ? AND w.superseded_at IS NULL",
          draw_id, slot);
  if (!q.Next()) return std::nullopt;
  return ReadWinner(q);
}

std::optional<DrawWinnerRow> WinnerByUser(Conn& c, int64_t draw_id, int64_t user_id) {
  Query q(c,
          "SELECT " LANYARD_WINNER_COLUMNS " FROM draw_winners w JOIN users u ON u.id = w.user_id "
          "WHERE w.draw_id = ? AND w.user_id = ?",
          draw_id, user_id);
  if (!q.Next()) return std::nullopt;
  return ReadWinner(q);
}

void SupersedeWinner(Conn& c, int64_t winner_id, const std::string& now) {
  Exec(c, "UPDATE draw_winners SET superseded_at = ? WHERE id = ? AND superseded_at IS NULL", now,
       winner_id);
}

bool MarkWinnerClaimed(Conn& c, int64_t winner_id, int64_t claimed_by, const std::string& now) {
  return Exec(c,
              "UPDATE draw_winners SET claimed_at = ?, claimed_by = ? "
              "WHERE id = ? AND claimed_at IS NULL AND superseded_at IS NULL",
              now, claimed_by, winner_id) == 1;
}

int64_t CountUnclaimedHolders(Conn& c, int64_t draw_id) {
  return ScalarInt(c,
                   "SELECT COUNT(*) FROM draw_winners WHERE draw_id = ? AND superseded_at IS NULL "
                   "AND claimed_at IS NULL",
                   draw_id)
      .value_or(0);
}

}  // namespace lanyard::storage
