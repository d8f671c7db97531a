-- Indexes for the public event listing (GET /events): each listing's SQL names only the filters
-- that are set (storage/events_repo.cpp), so SQLite walks one of these in the requested order
-- and stops after the page instead of scanning and sorting every event.
-- ends_at rides along in the listing index so "not ended yet" is checked without a table lookup.
DROP INDEX IF EXISTS events_listing;
CREATE INDEX events_public ON events(status, starts_at, ends_at);
CREATE INDEX events_public_title ON events(status, title COLLATE NOCASE);
CREATE INDEX events_public_created ON events(status, created_at);
CREATE INDEX events_city ON events(city COLLATE NOCASE, status, starts_at);
CREATE INDEX events_category ON events(category COLLATE NOCASE, status, starts_at);
-- Price filters look for a type in a range: (event_id, price) answers both from the index.
DROP INDEX IF EXISTS ticket_types_event;
CREATE INDEX ticket_types_event_price ON ticket_types(event_id, price);
