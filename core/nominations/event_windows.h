#pragma once
// The nomination and voting windows as fields of the event (SPEC §10: "Event fields
// nominations_open, nominations_close, voting_open, voting_close (timestamps) and voters"):
// GET /events/{id} carries them, PATCH /events/{id} changes them in the same unit as the
// event's other fields, POST /events may set them. They are stored in nomination_settings; PUT/GET
// /events/{id}/nomination-settings is the older alias of the same data.
//
// Thread safety: free functions over App; safe from any thread.
#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>

#include "core/accounts/auth_user.h"
#include "core/app.h"
#include "core/common/result.h"
#include "core/events/events.h"
#include "storage/nominations_repo.h"

namespace lanyard::nominations {

// A change of the windows. Per timestamp: absent (outer nullopt) = unchanged, null (inner
// nullopt) = cleared, else an RFC 3339 string. voters: absent = unchanged.
struct WindowsPatch {
  std::optional<std::optional<std::string>> nominations_open, nominations_close, voting_open,
      voting_close;
  std::optional<std::string> voters;
  bool Any() const {
    return nominations_open || nominations_close || voting_open || voting_close || voters;
  }
};

// Applies `patch` to `row` and checks the result: each timestamp RFC 3339 (stored normalised as
// "…Z"), close after open for both windows, voters ticket_holders | users. validation_failed
// with one entry per bad field; `row` is then unspecified.
Status ApplyWindows(const WindowsPatch& patch, storage::NominationSettingsRow& row);

// Adds nominations_open, nominations_close, voting_open, voting_close (null when unset) and
// voters ("ticket_holders" when never set) to an event's JSON.
void AddWindowFields(nlohmann::json& event, const std::optional<storage::NominationSettingsRow>& s);

// GET /events/{id}: events::Get with the window fields (same access and errors).
Result<nlohmann::json> GetEvent(App& app, const AuthUser* user, int64_t event_id);

// POST /events: events::Create and, when `windows.Any()`, the windows, in one write unit.
// validation_failed (event fields or windows) creates nothing. → the event JSON with the window
// fields.
Result<nlohmann::json> CreateEvent(App& app, const AuthUser& user, const events::EventInput& in,
                                   const WindowsPatch& windows);

// PATCH /events/{id}: the event's fields (events::UpdateInUnit) and, when `windows.Any()`, the
// windows, in one write unit: either both change or neither. The access check comes first
// (404 / 403 as events::Update), then validation (validation_failed, fields named as in the
// body). → the event JSON with the window fields. Audited as nomination.settings when the
// windows changed.
Result<nlohmann::json> UpdateEvent(App& app, const AuthUser& user, int64_t event_id,
                                   const events::EventInput& in, const WindowsPatch& windows);

}  // namespace lanyard::nominations
