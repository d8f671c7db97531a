-- Bank statements and partial payments (SPEC §6, since 2026-11).
-- What an order has received so far, in minor units: the sum of its order_payments.
ALTER TABLE orders ADD COLUMN amount_paid INTEGER NOT NULL DEFAULT 0 CHECK (amount_paid >= 0);

-- An uploaded export of the bank account, for one event, and its credit lines (debits dropped).
CREATE TABLE bank_statements (
  id INTEGER PRIMARY KEY,
  event_id INTEGER NOT NULL REFERENCES events(id),
  uploaded_by INTEGER NOT NULL REFERENCES users(id),
  filename TEXT NOT NULL,
  separator TEXT NOT NULL,
  date_column TEXT NOT NULL,
  amount_column TEXT NOT NULL,
  description_column TEXT NOT NULL,
  debits_ignored INTEGER NOT NULL DEFAULT 0,
  created_at TEXT NOT NULL
);
CREATE INDEX bank_statements_event ON bank_statements(event_id, id);

CREATE TABLE bank_statement_lines (
  statement_id INTEGER NOT NULL REFERENCES bank_statements(id),
  n INTEGER NOT NULL CHECK (n >= 1),
  line_date TEXT,               -- YYYY-MM-DD; NULL when the export's date was unreadable
  amount INTEGER CHECK (amount IS NULL OR amount > 0),  -- NULL when unreadable
  description TEXT NOT NULL,
  date_text TEXT NOT NULL,
  amount_text TEXT NOT NULL,
  problem TEXT NOT NULL DEFAULT '',
  PRIMARY KEY (statement_id, n)
);
CREATE INDEX bank_statement_lines_identity ON bank_statement_lines(line_date, amount, description);

-- Every amount received on an order, from the desk or a bank statement line; never deleted.
-- A bank line's identity is its date, amount and description: the same transfer in two
-- exports (or one export uploaded twice) is one line, and the unique index lets it pay once.
CREATE TABLE order_payments (
  id INTEGER PRIMARY KEY,
  order_id INTEGER NOT NULL REFERENCES orders(id),
  amount INTEGER NOT NULL CHECK (amount >= 0),
  via TEXT NOT NULL CHECK (via IN ('desk','bank_statement')),
  reference TEXT NOT NULL DEFAULT '',
  recorded_by INTEGER REFERENCES users(id),
  recorded_at TEXT NOT NULL,
  statement_id INTEGER REFERENCES bank_statements(id),
  line_n INTEGER,
  bank_date TEXT,
  bank_amount INTEGER,
  bank_description TEXT,
  CHECK ((via = 'bank_statement') =
         (bank_date IS NOT NULL AND bank_amount IS NOT NULL AND bank_description IS NOT NULL))
);
CREATE INDEX order_payments_order ON order_payments(order_id, id);
CREATE UNIQUE INDEX order_payments_bank_line
  ON order_payments(bank_date, bank_amount, bank_description) WHERE via = 'bank_statement';

-- The columns a user mapped for an event's statements, used again on the next upload.
CREATE TABLE bank_column_maps (
  event_id INTEGER PRIMARY KEY REFERENCES events(id),
  columns TEXT NOT NULL,        -- JSON {date?, amount?, description?}
  updated_at TEXT NOT NULL
);

-- Orders paid before this migration received their amount once, at the desk.
UPDATE orders SET amount_paid = COALESCE(amount_received, total)
  WHERE status IN ('paid', 'refunded') AND payment_method = 'bank_transfer';
INSERT INTO order_payments (order_id, amount, via, reference, recorded_by, recorded_at)
  SELECT id, amount_paid, 'desk', '', confirmed_by, COALESCE(confirmed_at, paid_at, created_at)
  FROM orders WHERE amount_paid > 0;
