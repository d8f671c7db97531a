#pragma once
// The API's paths that core's views and mails link to (core/common/links.h), under /api/v1.
namespace lanyard::web {

// Installs the /api/v1 link builder for core (idempotent, thread-safe only before threads
// start). Called by HttpServer's constructor and by the CLI's main before any command runs.
void InstallApiLinks();

}  // namespace lanyard::web
