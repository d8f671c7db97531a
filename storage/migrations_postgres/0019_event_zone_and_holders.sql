-- PostgreSQL dialect of storage/migrations/0019_event_zone_and_holders.sql (same number, same schema).
-- Issue 15 (a committee's first event), second part. Numbered 0019 because issue 15's 0013 was
-- used by the staff invitations; the runner applies every version a database has not recorded
-- so the order in which numbers land does not matter.
--
-- An event's own time zone ('' = the deployment's `timezone` setting): times are shown in the
-- deployment's zone and, when it differs, in the event's too.
ALTER TABLE events ADD COLUMN time_zone TEXT NOT NULL DEFAULT '';
-- Whether checkout asks a name (and an address) for each ticket: off, optional or required.
ALTER TABLE events ADD COLUMN holder_details TEXT NOT NULL DEFAULT 'off'
  CHECK (holder_details IN ('off', 'optional', 'required'));

-- The holders named at checkout, one row per ticket unit of the order (position 1..n in the
-- order of its items), kept until the tickets are issued with these names and addresses.
CREATE TABLE order_holders (
  order_id BIGINT NOT NULL REFERENCES orders(id),
  position BIGINT NOT NULL CHECK (position >= 1),
  name TEXT NOT NULL,
  email TEXT NOT NULL DEFAULT '',
  PRIMARY KEY (order_id, position)
);
