-- Issue 21 (pgfiles): PostgreSQL only (migrations_postgres/0032: the shared commit counter of
-- the instances' read caches, and uploads as rows). One SQLite process has neither need:
-- its caches follow its own commits and its uploads stay files in <data>/uploads.
SELECT 1;
