-- Leases for jobs that must run once across instances (issue 21; storage/README.md "Leases").
-- Same numbers as storage/migrations/0031_leases.sql.
-- A mail row claimed by an instance: who (its instance id) and until when (UTC unix seconds);
-- handing_over = 1 from right before the end of DATA until the outcome is recorded.
ALTER TABLE mail_outbox ADD COLUMN lease_owner TEXT;
ALTER TABLE mail_outbox ADD COLUMN lease_until BIGINT;
ALTER TABLE mail_outbox ADD COLUMN handing_over BIGINT NOT NULL DEFAULT 0;
-- One row per periodic job (order scheduler, programme, campaigns): the instance that runs it.
CREATE TABLE job_leases (
  name TEXT PRIMARY KEY,
  owner TEXT NOT NULL,
  lease_until BIGINT NOT NULL
);
