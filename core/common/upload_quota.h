#pragma once
// Upload quotas (SPEC §3, §12; issue 11 item 8): how many files and bytes one user, and one
// order, may keep, and how much free disk an upload must leave. Documents and payment proofs
// count; a quota check runs twice: once before the file is written (a cheap early refusal) and
// once inside the writer unit that records it (so concurrent uploads cannot both take the last
// place). A refused file is removed again: nothing half-written stays behind.
#include <cstdint>
#include <functional>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/common/result.h"
#include "core/common/uploads.h"
#include "storage/conn.h"
#include "storage/database.h"

namespace lanyard {

struct UploadQuota {
  int64_t max_files_per_user = 0;
  int64_t max_bytes_per_user = 0;
  int64_t max_files_per_order = 0;
  int64_t max_bytes_per_order = 0;
  uint64_t keep_free_bytes = 0;  // uploads are refused while the disk would keep less than this
};

// Reads the upload_* settings (see Settings::Defaults) from a settings snapshot.
UploadQuota UploadQuotaFrom(const nlohmann::json& settings);

// Whether one more file of `size` bytes fits the user's quota and, with an order, the order's.
// Error: 409 upload_quota, with a sentence naming the limit. Pure reads on `c`.
Status CheckUploadQuota(storage::Conn& c, const UploadQuota& quota, int64_t user_id,
                        std::optional<int64_t> order_id, int64_t size);

// Whether the file system holding `store`'s files keeps `keep_free_bytes` after writing `size`
// bytes; always OK for a store without local files (PostgreSQL: the server's disk). Error: 507
// insufficient_storage. Thread-safe.
Status CheckFreeDisk(storage::UploadStore& store, uint64_t size, uint64_t keep_free_bytes);

// Who a file counts against: always a user; a payment proof also its order.
struct UploadOwner {
  int64_t user_id = 0;
  std::optional<int64_t> order_id;
};

// A file stored and recorded: the row id `record` returned, and the stored file.
struct CountedUpload {
  int64_t id = 0;
  StoredUpload file;
};

// The whole flow of a counted upload: quota and free disk checked, the file written
// (StoreUpload), then one writer unit that checks the quota again and runs `record` (which
// inserts the row and returns its id; it may refuse with its own error). On any refusal after
// the write the file is removed. Errors: those of StoreUpload, upload_quota (409),
// insufficient_storage (507), and `record`'s. Thread-safe.
Result<CountedUpload> StoreCountedUpload(
    storage::Database& db, storage::UploadStore& store, const UploadQuota& quota,
    const UploadOwner& owner, std::string_view bytes, const std::vector<FileKind>& allowed,
    const std::function<Result<int64_t>(storage::Conn&, const StoredUpload&)>& record);

}  // namespace lanyard
