-- Events, ticket types, orders and payments, tickets and check-in scans.
-- Timestamps are RFC 3339 UTC text ('2026-06-01T09:00:00Z'), which sorts chronologically.
CREATE TABLE events (
  id INTEGER PRIMARY KEY,
  organizer_id INTEGER NOT NULL REFERENCES users(id),
  title TEXT NOT NULL,
  description TEXT NOT NULL DEFAULT '',
  category TEXT NOT NULL DEFAULT '',
  venue TEXT NOT NULL DEFAULT '',
  city TEXT NOT NULL DEFAULT '',
  address TEXT NOT NULL DEFAULT '',
  online INTEGER NOT NULL DEFAULT 0,
  starts_at TEXT NOT NULL,
  ends_at TEXT NOT NULL CHECK (ends_at >= starts_at),
  status TEXT NOT NULL DEFAULT 'draft'
    CHECK (status IN ('draft','pending_review','published','rejected','cancelled')),
  review_message TEXT,
  cancel_message TEXT,
  image_stored_name TEXT,
  image_content_type TEXT,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
);
CREATE INDEX events_listing ON events(status, starts_at);
CREATE INDEX events_organizer ON events(organizer_id);

-- sold = units of paid orders; pending = units of pending orders. The writer keeps both exact
-- and the CHECK makes overselling impossible even if a rule check were ever missed.
CREATE TABLE ticket_types (
  id INTEGER PRIMARY KEY,
  event_id INTEGER NOT NULL REFERENCES events(id),
  name TEXT NOT NULL,
  description TEXT NOT NULL DEFAULT '',
  kind TEXT NOT NULL CHECK (kind IN ('free','paid','pay_what_you_want')),
  price INTEGER NOT NULL CHECK (price >= 0),
  quota INTEGER CHECK (quota IS NULL OR quota >= 0),
  max_per_order INTEGER NOT NULL DEFAULT 10 CHECK (max_per_order >= 1),
  sales_start TEXT,
  sales_end TEXT,
  active INTEGER NOT NULL DEFAULT 1,
  sold INTEGER NOT NULL DEFAULT 0 CHECK (sold >= 0),
  pending INTEGER NOT NULL DEFAULT 0 CHECK (pending >= 0),
  created_at TEXT NOT NULL,
  CHECK (quota IS NULL OR sold + pending <= quota),
  CHECK ((kind = 'free' AND price = 0) OR (kind = 'paid' AND price > 0) OR kind = 'pay_what_you_want')
);
CREATE INDEX ticket_types_event ON ticket_types(event_id);

CREATE TABLE orders (
  id INTEGER PRIMARY KEY,
  code TEXT NOT NULL UNIQUE,
  event_id INTEGER NOT NULL REFERENCES events(id),
  user_id INTEGER NOT NULL REFERENCES users(id),
  status TEXT NOT NULL CHECK (status IN ('pending','paid','expired','cancelled','refunded')),
  total INTEGER NOT NULL CHECK (total >= 0),
  currency TEXT NOT NULL,
  created_at TEXT NOT NULL,
  expires_at TEXT,
  paid_at TEXT,
  reminder_sent_at TEXT,
  payment_method TEXT NOT NULL DEFAULT 'bank_transfer',
  confirmed_by INTEGER REFERENCES users(id),
  confirmed_at TEXT,
  amount_received INTEGER,
  payment_note TEXT,
  closed_at TEXT,             -- when it left pending/paid (expired, cancelled, refunded)
  close_reason TEXT
);
CREATE INDEX orders_user ON orders(user_id, id);
CREATE INDEX orders_event_status ON orders(event_id, status);
CREATE INDEX orders_pending_expiry ON orders(status, expires_at);

CREATE TABLE order_items (
  id INTEGER PRIMARY KEY,
  order_id INTEGER NOT NULL REFERENCES orders(id),
  ticket_type_id INTEGER NOT NULL REFERENCES ticket_types(id),
  quantity INTEGER NOT NULL CHECK (quantity >= 1),
  unit_price INTEGER NOT NULL CHECK (unit_price >= 0)
);
CREATE INDEX order_items_order ON order_items(order_id);
CREATE INDEX order_items_type ON order_items(ticket_type_id);

CREATE TABLE payment_proofs (
  id INTEGER PRIMARY KEY,
  order_id INTEGER NOT NULL REFERENCES orders(id),
  stored_name TEXT NOT NULL UNIQUE,
  content_type TEXT NOT NULL,
  size INTEGER NOT NULL,
  filename TEXT NOT NULL,
  note TEXT NOT NULL DEFAULT '',
  status TEXT NOT NULL DEFAULT 'submitted' CHECK (status IN ('submitted','accepted','rejected')),
  reject_reason TEXT,
  reviewed_by INTEGER REFERENCES users(id),
  reviewed_at TEXT,
  created_at TEXT NOT NULL
);
CREATE INDEX payment_proofs_order ON payment_proofs(order_id);

CREATE TABLE tickets (
  id INTEGER PRIMARY KEY,
  order_id INTEGER NOT NULL REFERENCES orders(id),
  event_id INTEGER NOT NULL REFERENCES events(id),
  ticket_type_id INTEGER NOT NULL REFERENCES ticket_types(id),
  user_id INTEGER NOT NULL REFERENCES users(id),
  holder_name TEXT NOT NULL,
  holder_email TEXT NOT NULL,
  code TEXT UNIQUE,            -- set right after insert: the signed code names the ticket id
  status TEXT NOT NULL DEFAULT 'valid' CHECK (status IN ('valid','void')),
  checked_in_at TEXT,
  checked_in_by INTEGER REFERENCES users(id),
  created_at TEXT NOT NULL
);
CREATE INDEX tickets_order ON tickets(order_id);
CREATE INDEX tickets_user ON tickets(user_id);
CREATE INDEX tickets_event ON tickets(event_id, status);

-- Every scan, accepted or refused.
CREATE TABLE checkin_scans (
  id INTEGER PRIMARY KEY,
  event_id INTEGER REFERENCES events(id),
  ticket_id INTEGER REFERENCES tickets(id),
  scanned_by INTEGER NOT NULL REFERENCES users(id),
  result TEXT NOT NULL,        -- ok, already_checked_in, ticket_void, wrong_event, invalid_code, unknown_ticket, undone
  holder_name TEXT,
  created_at TEXT NOT NULL
);
CREATE INDEX checkin_scans_event ON checkin_scans(event_id, id);
