#pragma once
// The speaker of a session set by another part of the product (an accepted speaker nomination,
// SPEC §10: "accepted nominee becomes the session's speaker"), inside the caller's write unit.
//
// Thread safety: only inside a writer unit (the connection it is given).
#include <cstdint>
#include <optional>
#include <string>

#include "core/common/result.h"
#include "storage/conn.h"

namespace lanyard::programme {

// Makes `name` (and the account `user_id`, when the person has one) the speaker of session
// `session_id`, which must be a session of `event_id`. Returns the session's title.
// validation_failed (field session_id) when there is no such session in the event. The previous
// speaker, if any, is replaced; the people registered are not mailed (the time and room stay).
Result<std::string> AssignSpeakerInUnit(storage::Conn& c, int64_t event_id, int64_t session_id,
                                        std::optional<int64_t> user_id, const std::string& name);

}  // namespace lanyard::programme
