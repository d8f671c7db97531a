-- PostgreSQL dialect of storage/migrations/0007_perf.sql (same number, same schema).
-- Indexes for the public event listing (GET /events): each listing's SQL names only the filters
-- that are set (storage/events_repo.cpp), so SQLite walks one of these in the requested order
-- and stops after the page instead of scanning and sorting every event.
-- ends_at rides along in the listing index so "not ended yet" is checked without a table lookup.
DROP INDEX IF EXISTS events_listing;
-- SQLite's NOCASE, spelled the same in the shared SQL (e.city = ? COLLATE NOCASE): an ICU
-- collation that ignores case (level 2: accents still count). Unlike SQLite's it folds the
-- case of every script, not only ASCII, and orders linguistically.
CREATE COLLATION IF NOT EXISTS nocase (provider = icu, locale = 'und-u-ks-level2',
                                       deterministic = false);
CREATE INDEX events_public ON events(status, starts_at, ends_at);
CREATE INDEX events_public_title ON events(status, title COLLATE nocase);
CREATE INDEX events_public_created ON events(status, created_at);
CREATE INDEX events_city ON events(city COLLATE nocase, status, starts_at);
CREATE INDEX events_category ON events(category COLLATE nocase, status, starts_at);
-- Price filters look for a type in a range: (event_id, price) answers both from the index.
DROP INDEX IF EXISTS ticket_types_event;
CREATE INDEX ticket_types_event_price ON ticket_types(event_id, price);
