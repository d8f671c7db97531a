#pragma once
// The embedded pages: /assets/<path> from assets/web (and vendor scripts from npm), the page
// shell for every page path, /docs. ETag revalidation and gzip where it helps.
#include <httplib.h>

namespace lanyard::web {

void InstallStaticAssets(httplib::Server& server);

}  // namespace lanyard::web
