#include "core/programme/session_speaker.h"

#include "core/common/time_util.h"
#include "storage/sessions_repo.h"

namespace lanyard::programme {

Result<std::string> AssignSpeakerInUnit(storage::Conn& c, int64_t event_id, int64_t session_id,
                                        std::optional<int64_t> user_id, const std::string& name) {
  auto s = storage::FindSession(c, session_id);
  if (!s || s->event_id != event_id) {
    return Error::Invalid("session_id", "no such session in this event");
  }
  s->speaker_name = name;
  s->speaker_user_id = user_id;
  s->updated_at = NowRfc3339();
  storage::UpdateSession(c, *s);
  return s->title;
}

}  // namespace lanyard::programme
