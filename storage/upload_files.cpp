#include "storage/upload_files.h"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <fstream>
#include <iterator>
#include <stdexcept>

namespace lanyard::storage {

namespace {
bool SafeName(const std::string& name) {
  return !name.empty() && name.find('/') == std::string::npos && name.find("..") == std::string::npos;
}
}  // namespace

UploadStore::PutResult UploadFiles::Put(const std::string& name, std::string_view bytes) {
  if (!SafeName(name)) throw std::runtime_error("bad upload name " + name);
  const std::string path = dir_ + "/" + name;
  const int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
  if (fd < 0) {
    if (errno == ENOSPC || errno == EDQUOT) return PutResult::kFull;
    throw std::runtime_error("cannot create upload " + path);
  }
  size_t written = 0;
  int write_error = 0;
  while (written < bytes.size()) {
    const ssize_t n = ::write(fd, bytes.data() + written, bytes.size() - written);
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
    if (write_error == ENOSPC || write_error == EDQUOT) return PutResult::kFull;
    throw std::runtime_error("cannot write upload " + path);
  }
  return PutResult::kStored;
}

std::optional<std::string> UploadFiles::Get(const std::string& name) {
  if (!SafeName(name)) return std::nullopt;
  std::ifstream in(dir_ + "/" + name, std::ios::binary);
  if (!in) return std::nullopt;
  return std::string((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
}

void UploadFiles::Remove(const std::string& name) {
  if (!SafeName(name)) return;
  ::unlink((dir_ + "/" + name).c_str());
}

}  // namespace lanyard::storage
