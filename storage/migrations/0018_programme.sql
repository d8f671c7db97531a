-- The programme (SPEC §10): sessions of an event, who may register, registrations with their
-- waitlist, attendance, and the private calendar feeds of attendees.
-- `registered` counts the rows of status 'registered'; the writer keeps it exact and the CHECK
-- makes it impossible to hold more seats than the capacity, even if a rule check were missed.
CREATE TABLE sessions (
  id INTEGER PRIMARY KEY,
  event_id INTEGER NOT NULL REFERENCES events(id) ON DELETE CASCADE,
  kind TEXT NOT NULL CHECK (kind IN ('talk','workshop','keynote')),
  title TEXT NOT NULL,
  abstract TEXT NOT NULL DEFAULT '',
  speaker_name TEXT NOT NULL DEFAULT '',
  speaker_user_id INTEGER REFERENCES users(id),
  room TEXT NOT NULL DEFAULT '',
  starts_at TEXT NOT NULL,
  ends_at TEXT NOT NULL CHECK (ends_at > starts_at),
  capacity INTEGER CHECK (capacity IS NULL OR capacity >= 0),
  requires_ticket INTEGER NOT NULL DEFAULT 1,
  registered INTEGER NOT NULL DEFAULT 0 CHECK (registered >= 0),
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  CHECK (capacity IS NULL OR registered <= capacity)
);
CREATE INDEX sessions_event ON sessions(event_id, starts_at);
CREATE INDEX sessions_starts ON sessions(starts_at);

-- Only holders of these ticket types may register (none listed: any valid ticket of the event).
CREATE TABLE session_ticket_types (
  session_id INTEGER NOT NULL REFERENCES sessions(id) ON DELETE CASCADE,
  ticket_type_id INTEGER NOT NULL REFERENCES ticket_types(id) ON DELETE CASCADE,
  PRIMARY KEY (session_id, ticket_type_id)
);

-- One row per person and session. The waitlist is first come, first served: ordered by id,
-- which the single writer hands out in arrival order. Leaving deletes the row, so registering
-- again queues at the back.
CREATE TABLE session_registrations (
  id INTEGER PRIMARY KEY,
  session_id INTEGER NOT NULL REFERENCES sessions(id) ON DELETE CASCADE,
  user_id INTEGER NOT NULL REFERENCES users(id),
  status TEXT NOT NULL CHECK (status IN ('registered','waitlisted')),
  created_at TEXT NOT NULL,
  registered_at TEXT,
  checked_in_at TEXT,
  checked_in_by INTEGER REFERENCES users(id),
  reminded_at TEXT,
  UNIQUE (session_id, user_id)
);
CREATE INDEX session_registrations_queue ON session_registrations(session_id, status, id);
CREATE INDEX session_registrations_user ON session_registrations(user_id);

-- Event options of the programme.
CREATE TABLE session_settings (
  event_id INTEGER PRIMARY KEY REFERENCES events(id) ON DELETE CASCADE,
  no_overlapping_sessions INTEGER NOT NULL DEFAULT 0
);

-- The private agenda feed: a random token per person, stored hashed (SHA-256 hex).
CREATE TABLE agenda_feeds (
  user_id INTEGER PRIMARY KEY REFERENCES users(id),
  token_hash TEXT NOT NULL UNIQUE,
  created_at TEXT NOT NULL
);
