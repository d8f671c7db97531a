// Installs the web layer's link builder (core/common/links.h) before any test runs, so views
// and mails built without a server carry the same /api/v1 paths as in production.
#include "web/api_links.h"

namespace {
[[maybe_unused]] const bool installed = (lanyard::web::InstallApiLinks(), true);
}  // namespace
