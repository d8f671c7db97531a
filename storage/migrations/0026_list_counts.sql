-- Totals of an event's attendee and order lists without counting every row: per event and
-- status, kept exact by triggers in the same transaction as the rows they count. The lists read
-- them when no text search narrows the list (storage/tickets_repo.cpp, orders_repo.cpp).
CREATE TABLE event_ticket_counts (
  event_id INTEGER NOT NULL,
  status TEXT NOT NULL,
  n INTEGER NOT NULL,
  PRIMARY KEY (event_id, status)
) WITHOUT ROWID;
INSERT INTO event_ticket_counts (event_id, status, n)
  SELECT event_id, status, COUNT(*) FROM tickets GROUP BY event_id, status;
CREATE TRIGGER event_ticket_counts_insert AFTER INSERT ON tickets BEGIN
  INSERT INTO event_ticket_counts (event_id, status, n) VALUES (new.event_id, new.status, 1)
  ON CONFLICT (event_id, status) DO UPDATE SET n = n + 1;
END;
CREATE TRIGGER event_ticket_counts_delete AFTER DELETE ON tickets BEGIN
  UPDATE event_ticket_counts SET n = n - 1 WHERE event_id = old.event_id AND status = old.status;
END;
CREATE TRIGGER event_ticket_counts_update AFTER UPDATE OF status, event_id ON tickets
WHEN old.status IS NOT new.status OR old.event_id IS NOT new.event_id BEGIN
  UPDATE event_ticket_counts SET n = n - 1 WHERE event_id = old.event_id AND status = old.status;
  INSERT INTO event_ticket_counts (event_id, status, n) VALUES (new.event_id, new.status, 1)
  ON CONFLICT (event_id, status) DO UPDATE SET n = n + 1;
END;

CREATE TABLE event_order_counts (
  event_id INTEGER NOT NULL,
  status TEXT NOT NULL,
  n INTEGER NOT NULL,
  PRIMARY KEY (event_id, status)
) WITHOUT ROWID;
INSERT INTO event_order_counts (event_id, status, n)
  SELECT event_id, status, COUNT(*) FROM orders GROUP BY event_id, status;
CREATE TRIGGER event_order_counts_insert AFTER INSERT ON orders BEGIN
  INSERT INTO event_order_counts (event_id, status, n) VALUES (new.event_id, new.status, 1)
  ON CONFLICT (event_id, status) DO UPDATE SET n = n + 1;
END;
CREATE TRIGGER event_order_counts_delete AFTER DELETE ON orders BEGIN
  UPDATE event_order_counts SET n = n - 1 WHERE event_id = old.event_id AND status = old.status;
END;
CREATE TRIGGER event_order_counts_update AFTER UPDATE OF status, event_id ON orders
WHEN old.status IS NOT new.status OR old.event_id IS NOT new.event_id BEGIN
  UPDATE event_order_counts SET n = n - 1 WHERE event_id = old.event_id AND status = old.status;
  INSERT INTO event_order_counts (event_id, status, n) VALUES (new.event_id, new.status, 1)
  ON CONFLICT (event_id, status) DO UPDATE SET n = n + 1;
END;

-- An event's orders newest first (GET /events/{id}/orders without filters) walk this index
-- backwards and stop after the page, instead of sorting every order of the event.
CREATE INDEX IF NOT EXISTS orders_event_id ON orders(event_id, id);
