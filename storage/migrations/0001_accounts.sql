-- Accounts, sessions, one-time tokens, documents, organizer applications, settings, audit log,
-- the mail outbox and idempotency keys.
CREATE TABLE users (
  id INTEGER PRIMARY KEY,
  email TEXT NOT NULL,
  email_norm TEXT NOT NULL UNIQUE,          -- trimmed, lower-cased: the identity
  password_hash TEXT NOT NULL,
  name TEXT NOT NULL,
  phone TEXT,
  organization TEXT,
  diet TEXT NOT NULL DEFAULT 'none' CHECK (diet IN ('none','vegetarian','vegan','halal','other')),
  diet_note TEXT,
  locale TEXT NOT NULL DEFAULT 'en' CHECK (locale IN ('en','id')),
  role TEXT NOT NULL DEFAULT 'attendee' CHECK (role IN ('attendee','staff','organizer','admin')),
  active INTEGER NOT NULL DEFAULT 1,
  email_confirmed_at TEXT,
  created_at TEXT NOT NULL
);
CREATE INDEX users_role ON users(role);

-- A login session: access tokens name it, so revoking it kills them at once.
CREATE TABLE auth_sessions (
  id INTEGER PRIMARY KEY,
  user_id INTEGER NOT NULL REFERENCES users(id),
  created_at TEXT NOT NULL,
  revoked_at TEXT,
  revoke_reason TEXT
);
CREATE INDEX auth_sessions_user ON auth_sessions(user_id);

-- Every refresh token ever issued; a rotated one presented again revokes its session.
CREATE TABLE refresh_tokens (
  token_hash TEXT PRIMARY KEY,              -- hex SHA-256 of the token
  session_id INTEGER NOT NULL REFERENCES auth_sessions(id),
  created_at TEXT NOT NULL,
  expires_at TEXT NOT NULL,
  rotated_at TEXT
);
CREATE INDEX refresh_tokens_session ON refresh_tokens(session_id);

-- Single-use link tokens and codes: email confirmation, password reset, first-run setup.
CREATE TABLE one_time_tokens (
  id INTEGER PRIMARY KEY,
  purpose TEXT NOT NULL CHECK (purpose IN ('confirm','reset','setup')),
  user_id INTEGER REFERENCES users(id),
  token_hash TEXT NOT NULL UNIQUE,
  code_hash TEXT,                           -- the 6-digit reset code, hashed with the token
  failed_attempts INTEGER NOT NULL DEFAULT 0,
  expires_at TEXT NOT NULL,
  used_at TEXT,
  created_at TEXT NOT NULL
);
CREATE INDEX one_time_tokens_user ON one_time_tokens(user_id, purpose);

CREATE TABLE documents (
  id INTEGER PRIMARY KEY,
  user_id INTEGER NOT NULL REFERENCES users(id),
  kind TEXT NOT NULL,
  filename TEXT NOT NULL,
  stored_name TEXT NOT NULL UNIQUE,
  content_type TEXT NOT NULL,
  size INTEGER NOT NULL,
  created_at TEXT NOT NULL
);
CREATE INDEX documents_user ON documents(user_id);

CREATE TABLE organizer_applications (
  id INTEGER PRIMARY KEY,
  user_id INTEGER NOT NULL REFERENCES users(id),
  organization TEXT NOT NULL,
  description TEXT NOT NULL,
  status TEXT NOT NULL DEFAULT 'pending' CHECK (status IN ('pending','approved','rejected')),
  message TEXT,
  decided_by INTEGER REFERENCES users(id),
  decided_at TEXT,
  created_at TEXT NOT NULL
);
CREATE UNIQUE INDEX organizer_applications_one_pending ON organizer_applications(user_id)
  WHERE status = 'pending';

CREATE TABLE settings (
  key TEXT PRIMARY KEY,
  value TEXT NOT NULL                       -- JSON
);

CREATE TABLE audit_log (
  id INTEGER PRIMARY KEY,
  actor_id INTEGER REFERENCES users(id),
  action TEXT NOT NULL,
  target_type TEXT,
  target_id INTEGER,
  details TEXT NOT NULL DEFAULT '{}',       -- JSON
  created_at TEXT NOT NULL
);
CREATE INDEX audit_log_created ON audit_log(created_at);

-- Written in the same transaction as the change that causes the mail; the sender delivers
-- queued rows after commit and retries with backoff.
CREATE TABLE mail_outbox (
  id INTEGER PRIMARY KEY,
  kind TEXT NOT NULL,
  to_email TEXT NOT NULL,
  to_name TEXT NOT NULL DEFAULT '',
  locale TEXT NOT NULL DEFAULT 'en',
  data TEXT NOT NULL DEFAULT '{}',          -- JSON: the template's placeholder values
  status TEXT NOT NULL DEFAULT 'queued' CHECK (status IN ('queued','sent','failed')),
  attempts INTEGER NOT NULL DEFAULT 0,
  next_attempt_at TEXT NOT NULL,
  last_error TEXT,
  message_id TEXT,
  created_at TEXT NOT NULL,
  sent_at TEXT
);
CREATE INDEX mail_outbox_due ON mail_outbox(status, next_attempt_at);

-- POST creates with an Idempotency-Key replay the first response for 24 h.
CREATE TABLE idempotency_keys (
  user_id INTEGER NOT NULL REFERENCES users(id),
  key TEXT NOT NULL,
  request_path TEXT NOT NULL,
  response_status INTEGER NOT NULL,
  response_body TEXT NOT NULL,
  created_at TEXT NOT NULL,
  PRIMARY KEY (user_id, key)
);
