#pragma once
// The PostgreSQL deployment's upload store: one `upload_blobs` row per upload (bytea, keyed by
// the stored name; migrations_postgres/0032), so every instance sharing the database serves
// every file (storage/ only; the contract and the limits are in storage/upload_store.h). The
// bytes travel as hex text both ways (the statements bind text). Thread-safe.
#include "storage/upload_store.h"

namespace lanyard::storage::postgres {

class PgUploadStore final : public UploadStore {
 public:
  explicit PgUploadStore(Database& db) : db_(db) {}
  // Inserts the row in its own write unit; never kFull (the server's disk is its own matter:
  // a full disk fails the insert, which throws).
  PutResult Put(const std::string& name, std::string_view bytes) override;
  std::optional<std::string> Get(const std::string& name) override;
  void Remove(const std::string& name) override;
  std::string LocalDir() const override { return ""; }

 private:
  Database& db_;
};

}  // namespace lanyard::storage::postgres
