-- Speaker nominations and votes, mail campaigns and the unsubscribe choice (SPEC §10).

-- An event's nomination and voting windows and who may vote. No row: nothing is open.
CREATE TABLE nomination_settings (
  event_id INTEGER PRIMARY KEY REFERENCES events(id),
  nominations_open TEXT,
  nominations_close TEXT,
  voting_open TEXT,
  voting_close TEXT,
  voters TEXT NOT NULL DEFAULT 'ticket_holders' CHECK (voters IN ('ticket_holders','users')),
  updated_at TEXT NOT NULL
);

-- A nominee is a user or a name and address. The nominee answers (accept/decline) through a
-- link token (stored hashed) or signed in; the organizer decides (accepted/rejected).
CREATE TABLE nominations (
  id INTEGER PRIMARY KEY,
  event_id INTEGER NOT NULL REFERENCES events(id),
  nominator_id INTEGER NOT NULL REFERENCES users(id),
  nominee_user_id INTEGER REFERENCES users(id),
  nominee_name TEXT NOT NULL,
  nominee_email TEXT NOT NULL,
  nominee_email_norm TEXT NOT NULL,
  self_nomination INTEGER NOT NULL DEFAULT 0,
  talk_title TEXT NOT NULL,
  abstract TEXT NOT NULL DEFAULT '',
  nominee_response TEXT NOT NULL DEFAULT 'pending'
    CHECK (nominee_response IN ('pending','accepted','declined')),
  response_token_hash TEXT UNIQUE,
  status TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open','accepted','rejected')),
  decision_message TEXT,
  session_id INTEGER,
  decided_by INTEGER REFERENCES users(id),
  decided_at TEXT,
  created_at TEXT NOT NULL
);
CREATE INDEX nominations_event ON nominations(event_id, id);
CREATE UNIQUE INDEX nominations_one_per_talk
  ON nominations(event_id, nominee_email_norm, talk_title COLLATE NOCASE);

-- One vote per voter per event, whatever the concurrency: the primary key says so.
CREATE TABLE nomination_votes (
  event_id INTEGER NOT NULL REFERENCES events(id),
  voter_id INTEGER NOT NULL REFERENCES users(id),
  nomination_id INTEGER NOT NULL REFERENCES nominations(id),
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  PRIMARY KEY (event_id, voter_id)
);
CREATE INDEX nomination_votes_nomination ON nomination_votes(nomination_id);

CREATE TABLE campaigns (
  id INTEGER PRIMARY KEY,
  event_id INTEGER NOT NULL REFERENCES events(id),
  subject TEXT NOT NULL,
  body TEXT NOT NULL,                        -- Markdown
  audience_kind TEXT NOT NULL CHECK (audience_kind IN
    ('ticket_holders','ticket_type','checked_in','teams','session','nominees','all_users')),
  audience_id INTEGER,
  nomination_id INTEGER REFERENCES nominations(id),
  status TEXT NOT NULL CHECK (status IN ('scheduled','sending','sent','cancelled')),
  scheduled_at TEXT NOT NULL,
  recipients INTEGER NOT NULL DEFAULT 0,
  created_by INTEGER NOT NULL REFERENCES users(id),
  created_at TEXT NOT NULL,
  started_at TEXT,
  finished_at TEXT,
  cancelled_at TEXT
);
CREATE INDEX campaigns_event ON campaigns(event_id, id);
CREATE INDEX campaigns_due ON campaigns(status, scheduled_at);

-- The people a campaign was sent to, one row each (the key makes a second mail impossible),
-- with the outbox row that carries their mail.
CREATE TABLE campaign_recipients (
  campaign_id INTEGER NOT NULL REFERENCES campaigns(id),
  email_norm TEXT NOT NULL,
  outbox_id INTEGER NOT NULL REFERENCES mail_outbox(id),
  PRIMARY KEY (campaign_id, email_norm)
);
CREATE INDEX campaign_recipients_outbox ON campaign_recipients(outbox_id);

-- The campaign-mail choice per address. The token is what the unsubscribe link carries; it is
-- stored as is because every later campaign mail repeats it (it only toggles this choice).
CREATE TABLE mail_subscriptions (
  email_norm TEXT PRIMARY KEY,
  token TEXT NOT NULL UNIQUE,
  unsubscribed_at TEXT,
  updated_at TEXT NOT NULL
);
