#pragma once
// Where the bytes of uploads live (payment proofs, documents, event images, submissions),
// chosen by the engine (OpenUploadStore):
//  - SQLite: files in <data>/uploads (mode 0600, fsynced), as always (storage/upload_files.cpp).
//  - PostgreSQL: rows of `upload_blobs` (bytea, keyed by the stored name), so that every
//    instance sharing the database serves every file (storage/postgres/pg_upload_store.cpp).
//    Limits: a file is at most 5 MB (the callers cap uploads: core/common/uploads.h); it is
//    written and read whole, so a read holds about three times its size in memory for a moment
//    (hex text on the wire, decoded bytes); backups of the database (pg_dump) carry the files.
// Names are chosen by the caller (random, no '/'); the store never interprets them.
// Thread safety: every member may be called from any thread at once.
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "storage/database.h"

namespace lanyard::storage {

class UploadStore {
 public:
  virtual ~UploadStore() = default;

  enum class PutResult { kStored, kFull };
  // Stores `bytes` under the new name `name`, durably, in its own write (before the unit that
  // records the upload; remove it again when that unit refuses). kFull: the disk filled up
  // (nothing half-written stays). Throws std::runtime_error on any other failure.
  virtual PutResult Put(const std::string& name, std::string_view bytes) = 0;
  // The bytes stored under `name`; nullopt when there are none (or the name holds a '/').
  virtual std::optional<std::string> Get(const std::string& name) = 0;
  // Deletes what is stored under `name` (best effort: never throws; nothing when missing).
  virtual void Remove(const std::string& name) = 0;
  // The directory whose free disk space bounds the uploads (SQLite), or "" when the database
  // server holds them (PostgreSQL: its own disk, which this process cannot see).
  virtual std::string LocalDir() const = 0;
};

// The store for `db`'s engine: files under `uploads_dir` (which must exist) for SQLite, rows of
// `db` for PostgreSQL. `db` must outlive the store.
std::unique_ptr<UploadStore> OpenUploadStore(Database& db, const std::string& uploads_dir);

}  // namespace lanyard::storage
