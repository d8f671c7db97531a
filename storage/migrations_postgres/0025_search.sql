-- PostgreSQL counterpart of storage/migrations/0025_search.sql (same number). SQLite answers
-- "contains this text" through FTS5 trigram tables; PostgreSQL through pg_trgm GIN indexes on
-- the lower()ed columns, which serve the repositories' portable form
-- `lower(col) LIKE lower(?) ESCAPE '\'` directly (no side tables, no triggers). pg_trgm is a
-- trusted extension (PostgreSQL 13+): the database owner may create it.
-- NOT YET CARRIED: the repositories still send the FTS5 MATCH statements for searches of 3
-- characters or more; on PostgreSQL they must take their LIKE path (pick by conn.dialect()).
CREATE EXTENSION IF NOT EXISTS pg_trgm;
CREATE INDEX events_title_trgm ON events USING gin (lower(title) gin_trgm_ops);
CREATE INDEX events_description_trgm ON events USING gin (lower(description) gin_trgm_ops);
CREATE INDEX events_venue_trgm ON events USING gin (lower(venue) gin_trgm_ops);
CREATE INDEX events_city_trgm ON events USING gin (lower(city) gin_trgm_ops);
CREATE INDEX events_address_trgm ON events USING gin (lower(address) gin_trgm_ops);
CREATE INDEX tickets_holder_name_trgm ON tickets USING gin (lower(holder_name) gin_trgm_ops);
CREATE INDEX tickets_holder_email_trgm ON tickets USING gin (lower(holder_email) gin_trgm_ops);
CREATE INDEX orders_code_trgm ON orders USING gin (lower(code) gin_trgm_ops);
CREATE INDEX users_name_trgm ON users USING gin (lower(name) gin_trgm_ops);
CREATE INDEX users_email_trgm ON users USING gin (lower(email) gin_trgm_ops);
