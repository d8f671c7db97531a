-- The pace of campaign mails across instances (issue 21): the earliest moment, in UTC unix
-- milliseconds, at which the next campaign mail may go out. An instance over PostgreSQL reserves
-- its slot here before it sends one (storage/mail_pace_repo.h), so N instances together keep the
-- configured rate. SQLite serves one process, which keeps the pace in memory; the table exists
-- so that the schema and the repositories stay one.
CREATE TABLE mail_pace (
  name TEXT PRIMARY KEY,
  next_at_ms INTEGER NOT NULL
);
