#pragma once
// Files users send (documents, payment proofs, event images): type decided by content, never by
// the name or the declared type; stored under random names in <data>/uploads, mode 0600.
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/common/result.h"

namespace lanyard {

enum class FileKind { kPng, kJpeg, kWebp, kPdf, kZip };

std::optional<FileKind> SniffFileKind(std::string_view bytes);
const char* ContentTypeOf(FileKind kind);
const char* ExtensionOf(FileKind kind);

constexpr size_t kMaxUploadBytes = 5 * 1024 * 1024;

struct StoredUpload {
  std::string stored_name;  // random, relative to the uploads dir
  std::string content_type;
  size_t size = 0;
};

// Checks size and kind (one of `allowed`), then writes the file. Errors: payload_too_large,
// unsupported_media_type, validation_failed (empty file), insufficient_storage (the disk filled
// while writing; the partial file is removed). Check quotas and free disk first
// (core/common/upload_quota.h).
Result<StoredUpload> StoreUpload(const std::string& uploads_dir, std::string_view bytes,
                                 const std::vector<FileKind>& allowed);
// Deletes a stored upload whose record was refused after it was written. Best effort.
void RemoveUpload(const std::string& uploads_dir, const std::string& stored_name);
// Reads a stored upload back; nullopt when missing.
std::optional<std::string> ReadUpload(const std::string& uploads_dir, const std::string& stored_name);
// Makes a client-supplied file name safe to echo in Content-Disposition.
std::string SafeFilename(std::string_view name, std::string_view fallback);

}  // namespace lanyard
