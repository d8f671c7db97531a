#pragma once
// What `lanyard version` prints beside the release number (LANYARD_VERSION).

namespace lanyard {

// `git describe --tags --always --dirty` of the tree the binary was built from ("v0.2.0-3-gabc1234",
// "d6ce982-dirty"), or "unknown" when built outside git. Defined in a file generated at build time
// (cmake/git_describe_run.cmake). Thread-safe: a static string.
const char* GitDescribe();

}  // namespace lanyard
