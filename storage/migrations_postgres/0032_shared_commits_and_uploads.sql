-- Issue 21 (pgfiles): what several instances over one database share beside the tables.
--
-- lanyard_commits: moved by every instance right AFTER each of its commits and before the unit's
-- caller is answered (storage/postgres/pg_database.cpp). The read caches read its last_value
-- before they read data (storage/database.cpp CommitGeneration(Conn&)): a reply an instance
-- answered after a commit is never followed by another instance's cached reply from before it.
-- A sequence, not a row: nextval() is outside every transaction, so writers never conflict on it.
CREATE SEQUENCE lanyard_commits;
-- Called once here, so that every later nextval() moves last_value (a new sequence's first
-- nextval() returns its last_value unchanged).
SELECT nextval('lanyard_commits');

-- Uploads (payment proofs, documents, event images, submissions) on PostgreSQL: every instance
-- serves them (storage/postgres/pg_upload_store.cpp). On SQLite they stay files in <data>/uploads
-- (migration 0032 there is empty). One row per stored file, written whole (at most 5 MB).
CREATE TABLE upload_blobs (
  stored_name TEXT PRIMARY KEY,
  data BYTEA NOT NULL,
  size BIGINT NOT NULL,
  created_at TEXT NOT NULL
);

-- lanyard_settings: moved after each commit of a settings change (core/ops/settings.cpp), read
-- with lanyard_commits; an instance whose settings were loaded before it reloads them.
CREATE SEQUENCE lanyard_settings;
SELECT nextval('lanyard_settings');
