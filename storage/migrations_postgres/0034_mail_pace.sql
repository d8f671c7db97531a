-- PostgreSQL dialect of storage/migrations/0034_mail_pace.sql (same number, same schema).
-- The earliest moment (UTC unix milliseconds) at which the next campaign mail may go out,
-- reserved slot by slot by the instances that send (storage/mail_pace_repo.h).
CREATE TABLE mail_pace (
  name TEXT PRIMARY KEY,
  next_at_ms BIGINT NOT NULL
);
