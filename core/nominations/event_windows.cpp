#include "core/nominations/event_windows.h"

#include <map>

#include "core/common/time_util.h"
#include "core/common/write_unit.h"
#include "core/ops/audit.h"
#include "core/nominations/nominations.h"

namespace lanyard::nominations {

using nlohmann::json;

namespace {

json OptText(const std::optional<std::string>& v) { return v ? json(*v) : json(); }

// One timestamp of the patch into `slot`: unchanged, cleared, or parsed and normalised.
void ApplyTime(std::map<std::string, std::string>& fields, const char* name,
               const std::optional<std::optional<std::string>>& change,
               std::optional<std::string>& slot) {
  if (!change) return;
  if (!*change) {
    slot.reset();
    return;
  }
  const auto t = ParseRfc3339(**change);
  if (!t) {
    fields[name] = "must be an RFC 3339 timestamp";
    return;
  }
  slot = FormatRfc3339(*t);
}

}  // namespace

Status ApplyWindows(const WindowsPatch& patch, storage::NominationSettingsRow& row) {
  std::map<std::string, std::string> fields;
  ApplyTime(fields, "nominations_open", patch.nominations_open, row.nominations_open);
  ApplyTime(fields, "nominations_close", patch.nominations_close, row.nominations_close);
  ApplyTime(fields, "voting_open", patch.voting_open, row.voting_open);
  ApplyTime(fields, "voting_close", patch.voting_close, row.voting_close);
  if (patch.voters) {
    if (ParseVoters(*patch.voters)) {
      row.voters = *patch.voters;
    } else {
      fields["voters"] = "must be ticket_holders or users";
    }
  }
  // Normalised "…Z" strings of one format compare as their instants.
  if (row.nominations_open && row.nominations_close &&
      *row.nominations_close <= *row.nominations_open && !fields.count("nominations_close")) {
    fields["nominations_close"] = "must be after nominations_open";
  }
  if (row.voting_open && row.voting_close && *row.voting_close <= *row.voting_open &&
      !fields.count("voting_close")) {
    fields["voting_close"] = "must be after voting_open";
  }
  if (!fields.empty()) return Error::Invalid(fields);
  return OkStatus();
}

void AddWindowFields(json& event, const std::optional<storage::NominationSettingsRow>& s) {
  event["nominations_open"] = s ? OptText(s->nominations_open) : json();
  event["nominations_close"] = s ? OptText(s->nominations_close) : json();
  event["voting_open"] = s ? OptText(s->voting_open) : json();
  event["voting_close"] = s ? OptText(s->voting_close) : json();
  event["voters"] = s ? s->voters : std::string("ticket_holders");
}

Result<json> GetEvent(App& app, const AuthUser* user, int64_t event_id) {
  auto event = events::Get(app, user, event_id);
  if (!event) return event;
  json out = std::move(event).value();
  AddWindowFields(out, storage::FindNominationSettings(app.db().Reader(), event_id));
  return out;
}

namespace {

// The event row a unit saved and its windows after the change.
struct Saved {
  storage::EventRow event;
  std::optional<storage::NominationSettingsRow> windows;
};

// Inside a unit, after the event's own step: applies `patch` to the stored windows (if any
// key is named), checks and saves them. → the windows as they now stand.
Result<std::optional<storage::NominationSettingsRow>> SaveWindowsInUnit(
    storage::Conn& c, const AuthUser& user, int64_t event_id, const WindowsPatch& patch) {
  auto current = storage::FindNominationSettings(c, event_id);
  if (!patch.Any()) return current;
  storage::NominationSettingsRow row = current.value_or(storage::NominationSettingsRow{});
  row.event_id = event_id;
  Status st = ApplyWindows(patch, row);
  if (!st.ok()) return st.error();
  row.updated_at = NowRfc3339();
  storage::UpsertNominationSettings(c, row);
  WriteAudit(c, user.id, "nomination.settings", "event", event_id);
  return std::optional<storage::NominationSettingsRow>(row);
}

Result<json> SavedJson(const Result<Saved>& saved) {
  if (!saved) return saved.error();
  json out = events::EventJson(saved->event);
  AddWindowFields(out, saved->windows);
  return out;
}

// One unit: the event's own step, then the windows; an error in either rolls both back.
template <typename EventStep>
Result<json> WithWindows(App& app, const AuthUser& user, const WindowsPatch& patch,
                         EventStep event_step) {
  return SavedJson(WriteUnit<Saved>(app.db(), [&](storage::Conn& c) -> Result<Saved> {
    Result<storage::EventRow> e = event_step(c);
    if (!e) return e.error();
    auto windows = SaveWindowsInUnit(c, user, e->id, patch);
    if (!windows) return windows.error();
    return Saved{std::move(e).value(), std::move(windows).value()};
  }));
}

}  // namespace

Result<json> CreateEvent(App& app, const AuthUser& user, const events::EventInput& in,
                         const WindowsPatch& windows) {
  return WithWindows(app, user, windows,
                     [&](storage::Conn& c) { return events::CreateInUnit(c, user, in); });
}

Result<json> UpdateEvent(App& app, const AuthUser& user, int64_t event_id,
                         const events::EventInput& in, const WindowsPatch& windows) {
  const events::Deployment where = events::DeploymentOf(app);
  return WithWindows(app, user, windows, [&](storage::Conn& c) {
    return events::UpdateInUnit(c, user, event_id, in, where);
  });
}

}  // namespace lanyard::nominations
