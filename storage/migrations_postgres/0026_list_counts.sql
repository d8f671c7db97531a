-- PostgreSQL dialect of storage/migrations/0026_list_counts.sql (same number, same tables):
-- per event and status, the attendee and order totals kept exact by triggers in the same
-- transaction as the rows they count. Under SERIALIZABLE every order of one event updates the
-- same counter row, so concurrent orders of an event conflict and are retried (pg_database.h).
CREATE TABLE event_ticket_counts (
  event_id BIGINT NOT NULL,
  status TEXT NOT NULL,
  n BIGINT NOT NULL,
  PRIMARY KEY (event_id, status)
);
INSERT INTO event_ticket_counts (event_id, status, n)
  SELECT event_id, status, COUNT(*) FROM tickets GROUP BY event_id, status;

CREATE TABLE event_order_counts (
  event_id BIGINT NOT NULL,
  status TEXT NOT NULL,
  n BIGINT NOT NULL,
  PRIMARY KEY (event_id, status)
);
INSERT INTO event_order_counts (event_id, status, n)
  SELECT event_id, status, COUNT(*) FROM orders GROUP BY event_id, status;

-- One function per counts table: TG_OP says insert, delete or update.
CREATE FUNCTION event_ticket_counts_keep() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP IN ('DELETE', 'UPDATE') THEN
    IF TG_OP = 'UPDATE' AND OLD.status IS NOT DISTINCT FROM NEW.status
       AND OLD.event_id IS NOT DISTINCT FROM NEW.event_id THEN
      RETURN NULL;
    END IF;
    UPDATE event_ticket_counts SET n = n - 1 WHERE event_id = OLD.event_id AND status = OLD.status;
  END IF;
  IF TG_OP IN ('INSERT', 'UPDATE') THEN
    INSERT INTO event_ticket_counts (event_id, status, n) VALUES (NEW.event_id, NEW.status, 1)
    ON CONFLICT (event_id, status) DO UPDATE SET n = event_ticket_counts.n + 1;
  END IF;
  RETURN NULL;
END $$;
CREATE TRIGGER event_ticket_counts_keep AFTER INSERT OR DELETE OR UPDATE OF status, event_id
  ON tickets FOR EACH ROW EXECUTE FUNCTION event_ticket_counts_keep();

CREATE FUNCTION event_order_counts_keep() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP IN ('DELETE', 'UPDATE') THEN
    IF TG_OP = 'UPDATE' AND OLD.status IS NOT DISTINCT FROM NEW.status
       AND OLD.event_id IS NOT DISTINCT FROM NEW.event_id THEN
      RETURN NULL;
    END IF;
    UPDATE event_order_counts SET n = n - 1 WHERE event_id = OLD.event_id AND status = OLD.status;
  END IF;
  IF TG_OP IN ('INSERT', 'UPDATE') THEN
    INSERT INTO event_order_counts (event_id, status, n) VALUES (NEW.event_id, NEW.status, 1)
    ON CONFLICT (event_id, status) DO UPDATE SET n = event_order_counts.n + 1;
  END IF;
  RETURN NULL;
END $$;
CREATE TRIGGER event_order_counts_keep AFTER INSERT OR DELETE OR UPDATE OF status, event_id
  ON orders FOR EACH ROW EXECUTE FUNCTION event_order_counts_keep();
