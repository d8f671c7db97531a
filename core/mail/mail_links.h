#pragma once
// Links in queued mails follow the deployment's address at send time. Feature code writes full
// links into a mail's data when it queues it ({base_url}/account/orders/7); a mail queued while
// the deployment knew only a loopback address — `lanyard demo` before `serve`, a first start
// before the admin set the base URL — would point every phone at 127.0.0.1. The composer
// re-bases such links onto the base URL it sends with (the choice for issue 15: rewriting at
// send time fixes every queued mail, whoever queued it, where building demo links "from the
// base URL the server will use" cannot know the serve flags yet).
//
// Thread safety: pure functions.
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>

namespace lanyard {

// In `values` (a mail's placeholder data; also inside lists and objects), every string under a
// key ending in "_url" that starts with a loopback origin (http(s)://127.x.y.z[:port],
// localhost, [::1]) starts with `base_url` instead, keeping its path and query. Nothing
// changes when `base_url` is itself loopback or empty. Other values are never touched.
void RebaseLoopbackLinks(nlohmann::json& values, std::string_view base_url);

}  // namespace lanyard
