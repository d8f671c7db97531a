-- Door scanning that keeps working offline (issue 18; SPEC §7 POST /checkin/batch and
-- GET /events/{id}/revocations).

-- A scan uploaded later by a scanner that was offline carries the device's random nonce: the
-- UNIQUE index makes a retried batch record (and admit) nothing twice. created_at stays the
-- moment of the scan on the device; synced_at is when it reached the server.
ALTER TABLE checkin_scans ADD COLUMN nonce TEXT;
ALTER TABLE checkin_scans ADD COLUMN device_id TEXT;
ALTER TABLE checkin_scans ADD COLUMN synced_at TEXT;
-- For result 'duplicate_offline': the scan that had admitted the ticket before this one.
ALTER TABLE checkin_scans ADD COLUMN first_scan_id INTEGER REFERENCES checkin_scans(id);
CREATE UNIQUE INDEX checkin_scans_nonce ON checkin_scans(nonce);
CREATE INDEX checkin_scans_ticket ON checkin_scans(ticket_id, result);

-- Every change of a ticket's status or check-in, in order: an offline scanner asks for the
-- changes after the last cursor it saw (?since=) instead of the whole list every minute.
CREATE TABLE ticket_changes (
  seq INTEGER PRIMARY KEY AUTOINCREMENT,
  ticket_id INTEGER NOT NULL REFERENCES tickets(id),
  event_id INTEGER NOT NULL REFERENCES events(id)
);
CREATE INDEX ticket_changes_event ON ticket_changes(event_id, seq);
CREATE TRIGGER tickets_record_change AFTER UPDATE OF status, checked_in_at ON tickets
WHEN OLD.status IS NOT NEW.status OR OLD.checked_in_at IS NOT NEW.checked_in_at
BEGIN
  INSERT INTO ticket_changes (ticket_id, event_id) VALUES (NEW.id, NEW.event_id);
END;

-- The scanner devices that reported in (each POST /checkin/batch, empty or not): /admin shows
-- their last sync.
CREATE TABLE scanner_devices (
  device_id TEXT PRIMARY KEY,
  label TEXT NOT NULL DEFAULT '',
  user_id INTEGER NOT NULL REFERENCES users(id),      -- who synced last
  event_id INTEGER REFERENCES events(id),             -- the door it scans for, when it said
  first_seen_at TEXT NOT NULL,
  last_sync_at TEXT NOT NULL,
  scans_synced INTEGER NOT NULL DEFAULT 0 CHECK (scans_synced >= 0)
);
