#pragma once
// A zip archive built in memory with libzip (Debian's libzip), for downloads of many files at
// once. Thread-safe: no shared state.
#include <string>
#include <vector>

#include "core/common/result.h"

namespace lanyard {

struct ZipEntry {
  std::string name;   // path inside the archive; made unique by the caller
  std::string bytes;  // the file's content
};

// The archive's bytes (deflated entries). `internal` error when libzip fails.
Result<std::string> MakeZip(const std::vector<ZipEntry>& entries);

// The entry names and contents of an archive (for tests and checks); `bad_request` when the
// bytes are not a zip archive.
Result<std::vector<ZipEntry>> ReadZip(const std::string& bytes);

}  // namespace lanyard
