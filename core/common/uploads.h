#pragma once
// Files users send (documents, payment proofs, event images, submissions): type decided by
// content, never by the name or the declared type; stored under random names in the
// deployment's upload store (App::uploads(): files in <data>/uploads on SQLite, rows of the
// shared database on PostgreSQL; storage/upload_store.h says the limits).
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/common/result.h"
#include "storage/upload_store.h"

namespace lanyard {

enum class FileKind { kPng, kJpeg, kWebp, kPdf, kZip };

std::optional<FileKind> SniffFileKind(std::string_view bytes);
const char* ContentTypeOf(FileKind kind);
const char* ExtensionOf(FileKind kind);

constexpr size_t kMaxUploadBytes = 5 * 1024 * 1024;

struct StoredUpload {
  std::string stored_name;  // random (no '/'), the key in the upload store
  std::string content_type;
  size_t size = 0;
};

// Checks size and kind (one of `allowed`), then stores the file in `store` (in its own write,
// before the unit that records it). Errors: payload_too_large, unsupported_media_type,
// validation_failed (empty file), insufficient_storage (the disk filled while writing; nothing
// partial stays). Check quotas and free disk first (core/common/upload_quota.h). Thread-safe.
Result<StoredUpload> StoreUpload(storage::UploadStore& store, std::string_view bytes,
                                 const std::vector<FileKind>& allowed);
// Deletes a stored upload whose record was refused after it was written. Best effort.
void RemoveUpload(storage::UploadStore& store, const std::string& stored_name);
// Reads a stored upload back, whole; nullopt when missing.
std::optional<std::string> ReadUpload(storage::UploadStore& store, const std::string& stored_name);
// Makes a client-supplied file name safe to echo in Content-Disposition.
std::string SafeFilename(std::string_view name, std::string_view fallback);

}  // namespace lanyard
