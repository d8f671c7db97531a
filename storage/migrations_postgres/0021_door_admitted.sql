-- PostgreSQL dialect of storage/migrations/0021_door_admitted.sql (same number, same schema).
-- Whether an offline scanner let the holder in (POST /checkin/batch `admitted`, issue 18):
-- 1 let in, 0 turned away at the door, NULL for scans made online. It tells apart the scans
-- the server refused at sync although the phone had let the person in (listed for staff by
-- GET /events/{id}/offline-refused-admissions) from refusals nobody acted on, and a turned-away
-- scan of a valid ticket (result 'not_admitted') from a check-in.
ALTER TABLE checkin_scans ADD COLUMN device_admitted BIGINT CHECK (device_admitted IN (0, 1));
