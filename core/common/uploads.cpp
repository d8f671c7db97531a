#include "core/common/uploads.h"

#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <fstream>

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

Result<StoredUpload> StoreUpload(const std::string& uploads_dir, std::string_view bytes,
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
  const std::string path = uploads_dir + "/" + out.stored_name;
  int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL, 0600);
  if (fd < 0) {
    if (errno == ENOSPC || errno == EDQUOT) return DiskFull();
    throw std::runtime_error("cannot create upload " + path);
  }
  size_t written = 0;
  int write_error = 0;
  while (written < bytes.size()) {
    ssize_t n = ::write(fd, bytes.data() + written, bytes.size() - written);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) {
      write_error = n < 0 ? errno : ENOSPC;
      break;
    }
    written += static_cast<size_t>(n);
  }
  const bool synced = write_error == 0 && ::fsync(fd) == 0;
  if (write_error == 0 && !synced) write_error = errno;
  ::close(fd);
  if (written != bytes.size() || !synced) {
    ::unlink(path.c_str());  // nothing half-written stays
    if (write_error == ENOSPC || write_error == EDQUOT) return DiskFull();
    throw std::runtime_error("cannot write upload " + path);
  }
  return out;
}

void RemoveUpload(const std::string& uploads_dir, const std::string& stored_name) {
  if (stored_name.empty() || stored_name.find('/') != std::string::npos) return;
  ::unlink((uploads_dir + "/" + stored_name).c_str());
}

std::optional<std::string> ReadUpload(const std::string& uploads_dir, const std::string& stored_name) {
  if (stored_name.find('/') != std::string::npos || stored_name.find("..") != std::string::npos) {
    return std::nullopt;
  }
  std::ifstream in(uploads_dir + "/" + stored_name, std::ios::binary);
  if (!in) return std::nullopt;
  return std::string((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
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
