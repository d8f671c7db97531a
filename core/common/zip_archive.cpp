#include "core/common/zip_archive.h"

#include <zip.h>

#include <memory>

namespace lanyard {

namespace {

struct SourceFree {
  void operator()(zip_source_t* s) const { zip_source_free(s); }
};
using SourcePtr = std::unique_ptr<zip_source_t, SourceFree>;

// Reads a whole zip source (kept after the archive closed) into a string.
bool ReadSource(zip_source_t* src, std::string* out) {
  if (zip_source_open(src) < 0) return false;
  if (zip_source_seek(src, 0, SEEK_END) < 0) {
    zip_source_close(src);
    return false;
  }
  const zip_int64_t size = zip_source_tell(src);
  zip_source_seek(src, 0, SEEK_SET);
  out->assign(static_cast<size_t>(size < 0 ? 0 : size), '\0');
  const zip_int64_t got = size > 0 ? zip_source_read(src, out->data(), static_cast<zip_uint64_t>(size)) : 0;
  zip_source_close(src);
  return got == size;
}

}  // namespace

Result<std::string> MakeZip(const std::vector<ZipEntry>& entries) {
  const Error failed = Error::Make(codes::kInternal, "The zip archive could not be built.");
  zip_error_t error;
  zip_error_init(&error);
  SourcePtr src(zip_source_buffer_create(nullptr, 0, 0, &error));
  zip_error_fini(&error);
  if (!src) return failed;
  zip_error_init(&error);
  zip_t* archive = zip_open_from_source(src.get(), ZIP_TRUNCATE, &error);
  zip_error_fini(&error);
  if (!archive) return failed;
  zip_source_keep(src.get());  // the archive takes one reference; we keep ours to read it back
  for (const auto& e : entries) {
    // The buffer is read at zip_close(); `entries` outlives it.
    zip_source_t* file = zip_source_buffer(archive, e.bytes.data(), e.bytes.size(), 0);
    if (!file) {
      zip_discard(archive);
      return failed;
    }
    if (zip_file_add(archive, e.name.c_str(), file, ZIP_FL_ENC_UTF_8 | ZIP_FL_OVERWRITE) < 0) {
      zip_source_free(file);
      zip_discard(archive);
      return failed;
    }
  }
  if (zip_close(archive) < 0) {
    zip_discard(archive);
    return failed;
  }
  std::string out;
  if (!ReadSource(src.get(), &out)) return failed;
  return out;
}

Result<std::vector<ZipEntry>> ReadZip(const std::string& bytes) {
  const Error bad = Error::BadRequest("Not a zip archive.");
  zip_error_t error;
  zip_error_init(&error);
  zip_source_t* src = zip_source_buffer_create(bytes.data(), bytes.size(), 0, &error);
  zip_error_fini(&error);
  if (!src) return bad;
  zip_error_init(&error);
  zip_t* archive = zip_open_from_source(src, ZIP_RDONLY, &error);
  zip_error_fini(&error);
  if (!archive) {
    zip_source_free(src);
    return bad;
  }
  std::vector<ZipEntry> out;
  const zip_int64_t count = zip_get_num_entries(archive, 0);
  for (zip_int64_t i = 0; i < count; ++i) {
    zip_stat_t st;
    if (zip_stat_index(archive, static_cast<zip_uint64_t>(i), 0, &st) < 0) continue;
    zip_file_t* f = zip_fopen_index(archive, static_cast<zip_uint64_t>(i), 0);
    if (!f) continue;
    ZipEntry e;
    e.name = st.name;
    e.bytes.assign(static_cast<size_t>(st.size), '\0');
    const zip_int64_t got = zip_fread(f, e.bytes.data(), st.size);
    zip_fclose(f);
    if (got != static_cast<zip_int64_t>(st.size)) continue;
    out.push_back(std::move(e));
  }
  zip_discard(archive);
  return out;
}

}  // namespace lanyard
