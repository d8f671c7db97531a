-- Keys every instance of a shared database must agree on (core/ops/signing_keys.h): on
-- PostgreSQL the access-token key and the ticket signing key live here so that N instances
-- with their own --data directories accept each other's tokens and QR codes. On SQLite the
-- keys stay files in the data directory and this table stays empty.
CREATE TABLE shared_secrets (
  name TEXT PRIMARY KEY,
  value TEXT NOT NULL  -- base64 (token key) or PEM (ticket signing key)
);
