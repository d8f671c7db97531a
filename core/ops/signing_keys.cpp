#include "core/ops/signing_keys.h"

#include <filesystem>
#include <optional>
#include <stdexcept>

#include "core/common/crypto.h"
#include "storage/secrets_repo.h"

namespace lanyard {

namespace {

constexpr size_t kTokenKeyBytes = 32;
constexpr char kTokenKeyFile[] = "/token_key";

// The data directory's token key when it has one (it is not created here), else fresh bytes.
std::string LocalOrFreshTokenKey(const std::string& data_dir) {
  const std::string path = data_dir + kTokenKeyFile;
  if (std::filesystem::exists(path)) return crypto::LoadOrCreateSecret(path, kTokenKeyBytes);
  return crypto::RandomBytes(kTokenKeyBytes);
}

SigningKeys SharedInDatabase(storage::Database& db, const std::string& data_dir) {
  std::optional<std::string> token_kept = storage::FindSharedSecret(db.Reader(), "token_key");
  std::optional<std::string> ticket_kept = storage::FindSharedSecret(db.Reader(), "ticket_signing_key");
  std::string token_text = token_kept.value_or("");
  std::string ticket_pem = ticket_kept.value_or("");
  if (!token_kept || !ticket_kept) {
    // The first instance over this database: it offers its own keys (or fresh ones); when
    // several start together, every one ends with the value the first writer kept.
    const std::string token_candidate = crypto::Base64UrlEncode(LocalOrFreshTokenKey(data_dir));
    const std::string ticket_candidate = TicketSigner::LocalOrFreshPem(data_dir);
    db.Write([&](storage::Conn& c) {
      token_text = storage::KeepSharedSecret(c, "token_key", token_candidate);
      ticket_pem = storage::KeepSharedSecret(c, "ticket_signing_key", ticket_candidate);
      return true;
    });
  }
  SigningKeys keys;
  if (!crypto::Base64UrlDecode(token_text, &keys.token_key) || keys.token_key.size() != kTokenKeyBytes) {
    throw std::runtime_error("the database's shared token_key is not 32 bytes of base64url");
  }
  keys.ticket_signer = std::make_unique<TicketSigner>(
      TicketSigner::FromPem(ticket_pem, "shared_secrets.ticket_signing_key"));
  return keys;
}

}  // namespace

SigningKeys LoadOrCreateSigningKeys(storage::Database& db, const std::string& data_dir) {
  if (db.dialect() == storage::Dialect::kPostgres) return SharedInDatabase(db, data_dir);
  SigningKeys keys;
  keys.token_key = crypto::LoadOrCreateSecret(data_dir + kTokenKeyFile, kTokenKeyBytes);
  keys.ticket_signer = std::make_unique<TicketSigner>(TicketSigner::LoadOrCreate(data_dir));
  return keys;
}

}  // namespace lanyard
