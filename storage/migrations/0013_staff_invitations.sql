-- Staff invitations (SPEC §3, since 2026-11): an admin adds a person with a role by address;
-- the person follows the mailed link, sets a password and is signed in with that role.
CREATE TABLE staff_invitations (
  id INTEGER PRIMARY KEY,
  email TEXT NOT NULL,
  email_norm TEXT NOT NULL,                 -- trimmed, lower-cased, as users.email_norm
  name TEXT NOT NULL,
  role TEXT NOT NULL CHECK (role IN ('staff','organizer','admin')),
  token_hash TEXT NOT NULL UNIQUE,          -- hex SHA-256 of the link's token
  invited_by INTEGER NOT NULL REFERENCES users(id),
  user_id INTEGER REFERENCES users(id),     -- the account made on acceptance
  expires_at TEXT NOT NULL,
  used_at TEXT,
  created_at TEXT NOT NULL
);
CREATE INDEX staff_invitations_email ON staff_invitations(email_norm);
