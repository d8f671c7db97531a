#include "storage/postgres/pg_upload_store.h"

#include <stdexcept>

#include "storage/query.h"
#include "storage/utc_now.h"

namespace lanyard::storage::postgres {

namespace {

std::string HexOf(std::string_view bytes) {
  static const char kDigits[] = "0123456789abcdef";
  std::string out;
  out.resize(bytes.size() * 2);
  for (size_t i = 0; i < bytes.size(); ++i) {
    const auto b = static_cast<unsigned char>(bytes[i]);
    out[2 * i] = kDigits[b >> 4];
    out[2 * i + 1] = kDigits[b & 0x0f];
  }
  return out;
}

int Nibble(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  throw std::runtime_error("upload_blobs: not hex");
}

std::string BytesOf(const std::string& hex) {
  if (hex.size() % 2 != 0) throw std::runtime_error("upload_blobs: odd hex length");
  std::string out;
  out.resize(hex.size() / 2);
  for (size_t i = 0; i < out.size(); ++i) {
    out[i] = static_cast<char>((Nibble(hex[2 * i]) << 4) | Nibble(hex[2 * i + 1]));
  }
  return out;
}

}  // namespace

UploadStore::PutResult PgUploadStore::Put(const std::string& name, std::string_view bytes) {
  if (name.empty() || name.find('/') != std::string::npos) {
    throw std::runtime_error("bad upload name " + name);
  }
  const std::string hex = HexOf(bytes);
  const auto size = static_cast<int64_t>(bytes.size());
  const std::string now = UtcNowText();
  db_.Write([&](Conn& c) {
    Query(c,
          "INSERT INTO upload_blobs (stored_name, data, size, created_at) "
          "VALUES (?1, decode(?2, 'hex'), ?3, ?4)",
          name, hex, size, now)
        .Exec();
    return true;
  });
  return PutResult::kStored;
}

std::optional<std::string> PgUploadStore::Get(const std::string& name) {
  if (name.empty() || name.find('/') != std::string::npos) return std::nullopt;
  Query q(db_.Reader(), "SELECT encode(data, 'hex') FROM upload_blobs WHERE stored_name = ?", name);
  if (!q.Next()) return std::nullopt;
  return BytesOf(q.Text(0));
}

void PgUploadStore::Remove(const std::string& name) {
  try {
    db_.Write([&](Conn& c) {
      Query(c, "DELETE FROM upload_blobs WHERE stored_name = ?", name).Exec();
      return true;
    });
  } catch (const std::exception&) {
  }
}

}  // namespace lanyard::storage::postgres
