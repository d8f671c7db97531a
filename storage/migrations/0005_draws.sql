-- Prize draws (SPEC §11, algorithm lanyard-draw-v1 in docs/draw-algorithm.md).
-- The seed is secret until the draw: only the draws service reads it, and it is output only
-- once drawn_at is set.
CREATE TABLE draws (
  id INTEGER PRIMARY KEY,
  event_id INTEGER NOT NULL REFERENCES events(id),
  title TEXT NOT NULL,
  prizes TEXT NOT NULL,                       -- JSON [{name, quantity}], in slot order
  eligibility TEXT NOT NULL CHECK (eligibility IN ('checked_in','ticket_holders','opt_in')),
  entry_requires_check_in INTEGER NOT NULL DEFAULT 0,  -- opt_in: entering needs a check-in
  claim_window_minutes INTEGER NOT NULL DEFAULT 30 CHECK (claim_window_minutes >= 0),
  status TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open','drawn','closed')),
  seed TEXT NOT NULL CHECK (length(seed) = 64),  -- hex of the 32 secret bytes
  commitment TEXT NOT NULL,                   -- hex SHA-256 of the seed bytes, public at once
  entrants_hash TEXT,
  entrant_count INTEGER,
  created_by INTEGER NOT NULL REFERENCES users(id),
  created_at TEXT NOT NULL,
  drawn_by INTEGER REFERENCES users(id),
  drawn_at TEXT,
  closed_at TEXT,
  CHECK ((status = 'open') = (drawn_at IS NULL))
);
CREATE INDEX draws_event ON draws(event_id, id);

-- Opt-in entries, while the draw is open. One per person.
CREATE TABLE draw_entries (
  draw_id INTEGER NOT NULL REFERENCES draws(id),
  user_id INTEGER NOT NULL REFERENCES users(id),
  created_at TEXT NOT NULL,
  PRIMARY KEY (draw_id, user_id)
) WITHOUT ROWID;
CREATE INDEX draw_entries_user ON draw_entries(user_id);

-- The entrants frozen by the draw (ascending user id is the primary key order).
CREATE TABLE draw_entrants (
  draw_id INTEGER NOT NULL REFERENCES draws(id),
  user_id INTEGER NOT NULL REFERENCES users(id),
  PRIMARY KEY (draw_id, user_id)
) WITHOUT ROWID;

-- Every award of a prize slot: the first winners (redraw_no NULL, position = slot) and the
-- redraws (redraw_no 1, 2, ... in the order they happened). A redraw supersedes the slot's
-- current holder. The UNIQUE constraints are the rule that nobody wins twice in one draw and
-- that each sequence position is used once; the partial index keeps one holder per slot.
CREATE TABLE draw_winners (
  id INTEGER PRIMARY KEY,
  draw_id INTEGER NOT NULL REFERENCES draws(id),
  slot INTEGER NOT NULL CHECK (slot >= 1),
  prize TEXT NOT NULL,
  position INTEGER NOT NULL CHECK (position >= 1),
  user_id INTEGER NOT NULL REFERENCES users(id),
  redraw_no INTEGER CHECK (redraw_no IS NULL OR redraw_no >= 1),
  replaced_user_id INTEGER REFERENCES users(id),
  awarded_at TEXT NOT NULL,
  claim_deadline TEXT NOT NULL,
  claimed_at TEXT,
  claimed_by INTEGER REFERENCES users(id),   -- the winner, or the staff member at the desk
  superseded_at TEXT,
  UNIQUE (draw_id, user_id),
  UNIQUE (draw_id, position),
  UNIQUE (draw_id, redraw_no)
);
CREATE UNIQUE INDEX draw_winners_holder ON draw_winners(draw_id, slot) WHERE superseded_at IS NULL;
CREATE INDEX draw_winners_user ON draw_winners(user_id);
