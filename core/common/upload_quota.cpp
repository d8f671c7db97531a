#include "core/common/upload_quota.h"

#include <sys/statvfs.h>

#include "core/common/write_unit.h"
#include "storage/uploads_repo.h"

namespace lanyard {

namespace {

int64_t IntSetting(const nlohmann::json& settings, const char* key) {
  const auto found = settings.find(key);
  return found != settings.end() && found->is_number_integer() ? found->get<int64_t>() : 0;
}

std::string Megabytes(int64_t bytes) {
  return std::to_string((bytes + 1024 * 1024 - 1) / (1024 * 1024)) + " MB";
}

Error QuotaError(const std::string& sentence) { return Error::Conflict(codes::kUploadQuota, sentence); }

}  // namespace

UploadQuota UploadQuotaFrom(const nlohmann::json& settings) {
  UploadQuota q;
  q.max_files_per_user = IntSetting(settings, "upload_max_files_per_user");
  q.max_bytes_per_user = IntSetting(settings, "upload_max_bytes_per_user");
  q.max_files_per_order = IntSetting(settings, "upload_max_files_per_order");
  q.max_bytes_per_order = IntSetting(settings, "upload_max_bytes_per_order");
  q.keep_free_bytes = static_cast<uint64_t>(IntSetting(settings, "upload_keep_free_mb")) * 1024 * 1024;
  return q;
}

Status CheckUploadQuota(storage::Conn& c, const UploadQuota& quota, int64_t user_id,
                        std::optional<int64_t> order_id, int64_t size) {
  const storage::UploadUsage mine = storage::UserUploadUsage(c, user_id);
  if (mine.files + 1 > quota.max_files_per_user) {
    return QuotaError("You already keep " + std::to_string(mine.files) + " files, the most allowed (" +
                      std::to_string(quota.max_files_per_user) + ").");
  }
  if (mine.bytes + size > quota.max_bytes_per_user) {
    return QuotaError("Your files would take more than " + Megabytes(quota.max_bytes_per_user) +
                      ", the most allowed.");
  }
  if (!order_id) return OkStatus();
  const storage::UploadUsage order = storage::OrderUploadUsage(c, *order_id);
  if (order.files + 1 > quota.max_files_per_order) {
    return QuotaError("This order already has " + std::to_string(order.files) +
                      " payment proofs, the most allowed (" + std::to_string(quota.max_files_per_order) + ").");
  }
  if (order.bytes + size > quota.max_bytes_per_order) {
    return QuotaError("This order's payment proofs would take more than " +
                      Megabytes(quota.max_bytes_per_order) + ", the most allowed.");
  }
  return OkStatus();
}

Status CheckFreeDisk(storage::UploadStore& store, uint64_t size, uint64_t keep_free_bytes) {
  const std::string dir = store.LocalDir();
  if (dir.empty()) return OkStatus();
  struct statvfs fs {};
  if (::statvfs(dir.c_str(), &fs) != 0) {
    return Error::Make(codes::kInsufficientStorage, "The server cannot check its free disk space; try again later.");
  }
  const uint64_t free_bytes = static_cast<uint64_t>(fs.f_bavail) * fs.f_frsize;
  if (free_bytes < size || free_bytes - size < keep_free_bytes) {
    return Error::Make(codes::kInsufficientStorage,
                       "The server's disk is nearly full, so it takes no files now. Tell the organizers.");
  }
  return OkStatus();
}

Result<CountedUpload> StoreCountedUpload(
    storage::Database& db, storage::UploadStore& store, const UploadQuota& quota,
    const UploadOwner& owner, std::string_view bytes, const std::vector<FileKind>& allowed,
    const std::function<Result<int64_t>(storage::Conn&, const StoredUpload&)>& record) {
  const auto size = static_cast<int64_t>(bytes.size());
  Status early = CheckUploadQuota(db.Reader(), quota, owner.user_id, owner.order_id, size);
  if (!early.ok()) return early.error();
  Status disk = CheckFreeDisk(store, bytes.size(), quota.keep_free_bytes);
  if (!disk.ok()) return disk.error();
  auto stored = StoreUpload(store, bytes, allowed);
  if (!stored) return stored.error();
  Result<int64_t> id = Error::Make(codes::kInternal, "not recorded");
  try {
    id = WriteUnit<int64_t>(db, [&](storage::Conn& c) -> Result<int64_t> {
      Status fits = CheckUploadQuota(c, quota, owner.user_id, owner.order_id, size);
      if (!fits.ok()) return fits.error();
      return record(c, *stored);
    });
  } catch (...) {
    RemoveUpload(store, stored->stored_name);
    throw;
  }
  if (!id) {
    RemoveUpload(store, stored->stored_name);
    return id.error();
  }
  return CountedUpload{*id, std::move(*stored)};
}

}  // namespace lanyard
