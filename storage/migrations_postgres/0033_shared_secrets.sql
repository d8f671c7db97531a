-- PostgreSQL dialect of storage/migrations/0033_shared_secrets.sql (same number, same schema).
-- The access-token key and the ticket signing key of every instance sharing this database
-- (core/ops/signing_keys.h). Whoever can read this table can sign tickets: guard pg_dump
-- files as the data directory's key files are guarded.
CREATE TABLE shared_secrets (
  name TEXT PRIMARY KEY,
  value TEXT NOT NULL  -- base64 (token key) or PEM (ticket signing key)
);
