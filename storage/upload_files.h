#pragma once
// The SQLite deployment's upload store: one file per upload in a directory (storage/ only;
// see storage/upload_store.h for the contract). Files are created exclusively with mode 0600
// and fsynced before Put returns. Thread-safe (no shared state).
#include "storage/upload_store.h"

namespace lanyard::storage {

class UploadFiles final : public UploadStore {
 public:
  explicit UploadFiles(std::string dir) : dir_(std::move(dir)) {}
  PutResult Put(const std::string& name, std::string_view bytes) override;
  std::optional<std::string> Get(const std::string& name) override;
  void Remove(const std::string& name) override;
  std::string LocalDir() const override { return dir_; }

 private:
  const std::string dir_;
};

}  // namespace lanyard::storage
