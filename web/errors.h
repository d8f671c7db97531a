#pragma once
// The one mapping from error codes to HTTP statuses, and the error body of SPEC §2.
#include <nlohmann/json.hpp>

#include "core/common/result.h"

namespace lanyard::web {

// The HTTP status of a code of core/common/error_codes.h; 500 for any other. Thread-safe.
int HttpStatusFor(const std::string& code);
// {"status", "code", "message", "fields"?} plus any extra members of the error.
nlohmann::json ErrorBody(const Error& error);
// The error for a bare status (routing misses, body limits, parser errors).
Error ErrorForStatus(int status);

}  // namespace lanyard::web
