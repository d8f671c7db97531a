#include "core/common/uploads.h"

#include <algorithm>

#include "core/common/crypto.h"

namespace lanyard {

namespace {
Error DiskFull() {
  return Error::Make(codes::kInsufficientStorage,
                     "The server's disk is full, so it takes no files now. Tell the organizers.");
}
}  // namespace

std::optional<FileKind> SniffFileKind(std::string_view b) {
  auto starts = [&](std::string_view magic, size_t at = 0) {
    return b.size() >= at + magic.size() && b.substr(at, magic.size()) == magic;
  };
  if (starts("\x89PNG\r\n\x1a\n")) return FileKind::kPng;
  if (starts("\xFF\xD8\xFF")) return FileKind::kJpeg;
  if (starts("RIFF") && starts("WEBP", 8)) return FileKind::kWebp;
  if (starts("%PDF-")) return FileKind::kPdf;
  if (starts("PK\x03\x04")) return FileKind::kZip;
  return std::nullopt;
}

const char* ContentTypeOf(FileKind kind) {
  switch (kind) {
    case FileKind::kPng: return "image/png";
    case FileKind::kJpeg: return "image/jpeg";
    case FileKind::kWebp: return "image/webp";
    case FileKind::kPdf: return "application/pdf";
    case FileKind::kZip: return "application/zip";
  }
  return "application/octet-stream";
}

const char* ExtensionOf(FileKind kind) {
  switch (kind) {
    case FileKind::kPng: return "png";
    case FileKind::kJpeg: return "jpg";
    case FileKind::kWebp: return "webp";
    case FileKind::kPdf: return "pdf";
    case FileKind::kZip: return "zip";
  }
  return "bin";
}

Result<StoredUpload> StoreUpload(storage::UploadStore& store, std::string_view bytes,
                                 const std::vector<FileKind>& allowed) {
  if (bytes.empty()) return Error::Invalid("file", "is empty");
  if (bytes.size() > kMaxUploadBytes) {
    return Error::Make(codes::kPayloadTooLarge, "The file is larger than 5 MB.");
  }
  auto kind = SniffFileKind(bytes);
  if (!kind || std::find(allowed.begin(), allowed.end(), *kind) == allowed.end()) {
    return Error::Make(codes::kUnsupportedMediaType, "This kind of file is not accepted here.");
  }
  StoredUpload out;
  out.stored_name = crypto::RandomToken(18) + "." + ExtensionOf(*kind);
  out.content_type = ContentTypeOf(*kind);
  out.size = bytes.size();
  if (store.Put(out.stored_name, bytes) == storage::UploadStore::PutResult::kFull) return DiskFull();
  return out;
}

void RemoveUpload(storage::UploadStore& store, const std::string& stored_name) {
  if (stored_name.empty() || stored_name.find('/') != std::string::npos) return;
  store.Remove(stored_name);
}

std::optional<std::string> ReadUpload(storage::UploadStore& store, const std::string& stored_name) {
  return store.Get(stored_name);
}

std::string SafeFilename(std::string_view name, std::string_view fallback) {
  std::string out;
  for (char c : name) {
    if (std::isalnum(static_cast<unsigned char>(c)) || c == '.' || c == '-' || c == '_') out += c;
  }
  if (out.empty() || out.size() > 100) return std::string(fallback);
  return out;
}

}  // namespace lanyard
