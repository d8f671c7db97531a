#include "core/events/zone_change.h"

#include <nlohmann/json.hpp>

#include "core/common/local_time.h"
#include "core/common/time_util.h"
#include "core/mail/mail_outbox.h"
#include "core/mail/mail_time.h"
#include "core/ops/audit.h"
#include "storage/event_times_repo.h"
#include "storage/ticket_holders_repo.h"

namespace lanyard::events {

namespace {

// The zone an event's times are read in: its own, else the deployment's.
std::string ZoneInEffect(const std::string& event_zone, const Deployment& where) {
  return event_zone.empty() ? where.time_zone : event_zone;
}

// `rfc3339` at the same wall-clock time in `to` as it shows in `from`; nullopt when a zone is
// unknown. Text that is not a time is returned unchanged (nothing to move).
std::optional<std::string> SameWallTime(const std::string& rfc3339, const std::string& from,
                                        const std::string& to) {
  const std::optional<int64_t> t = ParseRfc3339(rfc3339);
  if (!t) return rfc3339;
  const std::optional<int64_t> moved = SameWallTimeIn(*t, from, to);
  if (!moved) return std::nullopt;
  return FormatRfc3339(*moved);
}

// Moves every stored event-bound time of the event but its start and end. → rows changed, or
// nullopt when a zone is unknown.
std::optional<int> MoveEventBoundRows(storage::Conn& c, int64_t event_id, const std::string& from,
                                      const std::string& to) {
  int changed = 0;
  for (storage::EventTimeRow row : storage::ListEventTimeRows(c, event_id)) {
    bool any = false;
    for (std::optional<std::string>& time : row.times) {
      if (!time) continue;
      std::optional<std::string> moved = SameWallTime(*time, from, to);
      if (!moved) return std::nullopt;
      if (*moved != *time) any = true;
      time = std::move(moved);
    }
    if (!any) continue;
    storage::UpdateEventTimeRow(c, row);
    ++changed;
  }
  return changed;
}

// event_times_changed to every address holding a valid ticket; a companion without an account
// reads it in the language of the organizer who made the change. → mails queued.
int QueueHolderNotices(storage::Conn& c, const AuthUser& user, const storage::EventRow& before,
                       const storage::EventRow& e, const std::string& from, const std::string& to,
                       ZoneChangeMode mode, const Deployment& where) {
  nlohmann::json data = {
      {"event_title", e.title},
      {"event_url", where.base_url + "/events/" + std::to_string(e.id)},
      {"time_zone", to},
      {"old_time_zone", from},
      {"event_starts_at", MailTime(e.starts_at, TimeStyle::kDateTime, to)},
      {"event_ends_at", MailTime(e.ends_at, TimeStyle::kDateTime, to)},
      {"old_starts_at", MailTime(before.starts_at, TimeStyle::kDateTime, from)},
      {"wall_times_kept", mode == ZoneChangeMode::kKeepWallTimes},
  };
  SetMailZone(data, e.time_zone);
  int queued = 0;
  for (const storage::HolderAddress& a : storage::EventHolderAddresses(c, e.id, {})) {
    QueueMail(c, "event_times_changed", a.email, a.name, a.locale.empty() ? user.locale : a.locale,
              data);
    ++queued;
  }
  return queued;
}

}  // namespace

std::optional<ZoneChangeMode> ParseZoneChangeMode(std::string_view text) {
  if (text == "keep_wall_times") return ZoneChangeMode::kKeepWallTimes;
  if (text == "keep_instants") return ZoneChangeMode::kKeepInstants;
  return std::nullopt;
}

const char* ToString(ZoneChangeMode mode) {
  return mode == ZoneChangeMode::kKeepWallTimes ? "keep_wall_times" : "keep_instants";
}

Deployment DeploymentOf(App& app) {
  return {app.settings().Snapshot()->value("timezone", "UTC"), app.BaseUrl()};
}

Status ApplyZoneChangeInUnit(storage::Conn& c, const AuthUser& user,
                             const storage::EventRow& before, storage::EventRow& e,
                             const ZoneChangeInput& in, const Deployment& where) {
  const std::string from = ZoneInEffect(before.time_zone, where);
  const std::string to = ZoneInEffect(e.time_zone, where);
  if (from == to) return OkStatus();
  int rows = 0;
  if (in.mode == ZoneChangeMode::kKeepWallTimes) {
    const auto unknown = [&] {
      return Error::Invalid("time_zone", "the event's times cannot be read in " + from + " or " +
                                             to + ": the time zone database does not know it");
    };
    for (auto [sent, time] : {std::pair{in.starts_at_sent, &e.starts_at},
                              std::pair{in.ends_at_sent, &e.ends_at}}) {
      if (sent) continue;
      std::optional<std::string> moved = SameWallTime(*time, from, to);
      if (!moved) return unknown();
      *time = *moved;
    }
    if (e.ends_at < e.starts_at) {
      return Error::Invalid("ends_at", "must not be before starts_at in the new time zone");
    }
    const std::optional<int> moved = MoveEventBoundRows(c, e.id, from, to);
    if (!moved) return unknown();
    rows = *moved;
  }
  const int notified =
      in.notify_holders ? QueueHolderNotices(c, user, before, e, from, to, in.mode, where) : 0;
  WriteAudit(c, user.id, "event.time_zone", "event", e.id,
             {{"from", from},
              {"to", to},
              {"zone_change", ToString(in.mode)},
              {"rows_moved", rows},
              {"holders_notified", notified}});
  return OkStatus();
}

}  // namespace lanyard::events
