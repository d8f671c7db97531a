#pragma once
// The two keys every instance must share: the HMAC key of access tokens (32 bytes) and the
// Ed25519 key that signs QR ticket codes.
//
// SQLite (one instance): files in the data directory, as always (<data>/token_key,
// <data>/ticket_signing_key.pem, mode 0600). PostgreSQL (N instances, each with its own --data):
// kept in the database (storage/secrets_repo.h) so that a token or a ticket issued by one
// instance verifies on every other. The first instance to start stores them, seeded from its
// data directory's files when it has them (tickets it issued before keep verifying); every
// later instance reads them. Whoever can read the database can then sign tickets: its dumps
// are as secret as the key files.
//
// Throws std::runtime_error when a key file or a stored key is malformed; the server must not
// start without its keys. Call once at start, before serving.
#include <memory>
#include <string>

#include "core/checkin/ticket_code.h"
#include "storage/database.h"

namespace lanyard {

struct SigningKeys {
  std::string token_key;  // 32 raw bytes
  std::unique_ptr<TicketSigner> ticket_signer;
};

SigningKeys LoadOrCreateSigningKeys(storage::Database& db, const std::string& data_dir);

}  // namespace lanyard
