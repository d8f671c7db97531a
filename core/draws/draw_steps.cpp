#include "core/draws/draw_steps.h"

#include <stdexcept>

#include "core/common/crypto.h"
#include "core/common/time_util.h"
#include "core/mail/mail_outbox.h"
#include "core/mail/mail_time.h"

namespace lanyard::draws {

using nlohmann::json;

Result<Loaded> LoadDraw(storage::Conn& c, const AuthUser* user, int64_t draw_id, EventAccess need) {
  auto d = storage::FindDraw(c, draw_id);
  if (!d) return Error::NotFound("No such draw.");
  auto e = LoadEvent(c, user, d->event_id, need);
  if (!e) {
    if (e.error().code == codes::kNotFound) return Error::NotFound("No such draw.");
    return e.error();
  }
  return Loaded{std::move(*d), std::move(e.value())};
}

Result<Loaded> LoadOpenDraw(storage::Conn& c, const AuthUser& user, int64_t draw_id, EventAccess need) {
  auto loaded = LoadDraw(c, &user, draw_id, need);
  if (loaded && loaded->draw.status != DrawStatus::kOpen) {
    return Error::Conflict(codes::kAlreadyDrawn, "This draw has been drawn already.");
  }
  return loaded;
}

Result<Loaded> LoadDrawnDraw(storage::Conn& c, const AuthUser& user, int64_t draw_id, EventAccess need) {
  auto loaded = LoadDraw(c, &user, draw_id, need);
  if (loaded && !loaded->draw.drawn_at) return Error::Conflict(codes::kNotDrawn, "This draw has not been drawn yet.");
  return loaded;
}

std::vector<DrawPrize> ParsePrizes(const std::string& text) {
  std::vector<DrawPrize> out;
  const json j = json::parse(text, nullptr, false);
  if (!j.is_array()) return out;
  for (const auto& p : j) {
    out.push_back(DrawPrize{p.value("name", std::string()), p.value("quantity", int64_t{1})});
  }
  return out;
}

json PrizesJson(const std::vector<DrawPrize>& prizes) {
  json out = json::array();
  for (const auto& p : prizes) out.push_back({{"name", p.name}, {"quantity", p.quantity}});
  return out;
}

std::string SeedBytes(const storage::DrawRow& d) {
  std::string raw;
  if (!crypto::HexDecode(d.seed_hex, &raw) || raw.size() != kSeedBytes) {
    throw std::runtime_error("draw " + std::to_string(d.id) + " has a malformed seed");
  }
  return raw;
}

bool DeadlinePassed(const std::string& deadline, int64_t now) {
  auto t = ParseRfc3339(deadline);
  return !t || *t <= now;
}

bool IsEligibility(const std::string& e) {
  return e == "checked_in" || e == "ticket_holders" || e == "opt_in";
}

std::vector<int64_t> CurrentEntrants(storage::Conn& c, const storage::DrawRow& d) {
  if (d.eligibility == "opt_in") {
    return storage::QualifiedEntryIds(c, d.id, d.event_id, d.entry_requires_check_in);
  }
  return storage::TicketHolderIds(c, d.event_id, d.eligibility == "checked_in");
}

int64_t CurrentEntrantCount(storage::Conn& c, const storage::DrawRow& d) {
  if (d.eligibility == "opt_in") return storage::CountEntries(c, d.id);
  return storage::CountTicketHolders(c, d.event_id, d.eligibility == "checked_in");
}

void CloseIfDone(storage::Conn& c, int64_t draw_id, const std::string& now) {
  if (storage::CountUnclaimedHolders(c, draw_id) == 0) storage::MarkClosed(c, draw_id, now);
}

void MailWinner(App& app, storage::Conn& c, const storage::DrawRow& d, const storage::EventRow& e,
                const storage::DrawWinnerRow& w) {
  const std::string url = app.BaseUrl() + "/draws/" + std::to_string(d.id);
  // The template takes prize_name / claim_until / draw_url; the other names are kept for
  // templates edited by the committee.
  json data = {{"event_title", e.title},
               {"draw_title", d.title},
               {"prize", w.prize},
               {"prize_name", w.prize},
               {"claim_url", url},
               {"draw_url", url},
               {"claim_deadline", w.claim_deadline},
               {"claim_until", w.claim_deadline}};
  SetMailZone(data, e.time_zone);  // the claim deadline in the event's zone
  QueueMail(c, "draw_won", w.user_email, w.user_name, w.user_locale, data);
}

}  // namespace lanyard::draws
