#include "storage/upload_store.h"

#include "storage/postgres/pg_upload_store.h"
#include "storage/upload_files.h"

namespace lanyard::storage {

std::unique_ptr<UploadStore> OpenUploadStore(Database& db, const std::string& uploads_dir) {
  if (db.dialect() == Dialect::kPostgres) return std::make_unique<postgres::PgUploadStore>(db);
  return std::make_unique<UploadFiles>(uploads_dir);
}

}  // namespace lanyard::storage
