-- Competitions and teams (SPEC §9). The capacity rules are decided in the writer's unit of work
-- (core/teams) and backed here where a constraint can say them:
--   one team per user per competition  — UNIQUE (competition_id, user_id) on team_members;
--   a member's competition is the team's — trigger team_members_same_competition;
--   never more than team_max members    — trigger team_members_max;
--   never more than max_teams teams registered (registered, confirmed, finalist) — triggers
--   teams_max_registered_insert / _update;
--   team names unique per competition, case-insensitively — UNIQUE (competition_id, name_key).
CREATE TABLE competitions (
  id INTEGER PRIMARY KEY,
  event_id INTEGER NOT NULL REFERENCES events(id),
  name TEXT NOT NULL,
  description TEXT NOT NULL DEFAULT '',
  team_min INTEGER NOT NULL CHECK (team_min >= 1),
  team_max INTEGER NOT NULL CHECK (team_max >= team_min),
  fee INTEGER NOT NULL DEFAULT 0 CHECK (fee >= 0),
  registration_opens TEXT,
  registration_closes TEXT,
  max_teams INTEGER CHECK (max_teams IS NULL OR max_teams >= 0),
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
);
CREATE INDEX competitions_event ON competitions(event_id, id);

CREATE TABLE competition_stages (
  id INTEGER PRIMARY KEY,
  competition_id INTEGER NOT NULL REFERENCES competitions(id),
  position INTEGER NOT NULL CHECK (position >= 1),
  name TEXT NOT NULL,
  deadline TEXT NOT NULL,
  takes TEXT NOT NULL CHECK (takes IN ('file', 'link', 'none')),
  UNIQUE (competition_id, position)
);

CREATE TABLE teams (
  id INTEGER PRIMARY KEY,
  competition_id INTEGER NOT NULL REFERENCES competitions(id),
  name TEXT NOT NULL,
  name_key TEXT NOT NULL,  -- the name lower-cased: uniqueness ignores letter case
  leader_id INTEGER NOT NULL REFERENCES users(id),
  status TEXT NOT NULL DEFAULT 'forming'
    CHECK (status IN ('forming', 'registered', 'confirmed', 'finalist', 'disqualified', 'withdrawn')),
  order_id INTEGER REFERENCES orders(id),  -- the fee's latest order
  status_message TEXT,
  registered_at TEXT,
  confirmed_at TEXT,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  UNIQUE (competition_id, name_key)
);
CREATE INDEX teams_order ON teams(order_id) WHERE order_id IS NOT NULL;
CREATE INDEX teams_leader ON teams(leader_id);

CREATE TABLE team_members (
  team_id INTEGER NOT NULL REFERENCES teams(id),
  competition_id INTEGER NOT NULL REFERENCES competitions(id),
  user_id INTEGER NOT NULL REFERENCES users(id),
  joined_at TEXT NOT NULL,
  PRIMARY KEY (team_id, user_id),
  UNIQUE (competition_id, user_id)
) WITHOUT ROWID;
CREATE INDEX team_members_user ON team_members(user_id);

CREATE TRIGGER team_members_same_competition BEFORE INSERT ON team_members
WHEN NEW.competition_id IS NOT (SELECT competition_id FROM teams WHERE id = NEW.team_id)
BEGIN
  SELECT RAISE(ABORT, 'team member in another competition');
END;

CREATE TRIGGER team_members_max BEFORE INSERT ON team_members
WHEN (SELECT COUNT(*) FROM team_members WHERE team_id = NEW.team_id) >=
     (SELECT c.team_max FROM teams t JOIN competitions c ON c.id = t.competition_id
      WHERE t.id = NEW.team_id)
BEGIN
  SELECT RAISE(ABORT, 'team_full');
END;

CREATE TRIGGER teams_max_registered_update BEFORE UPDATE OF status ON teams
WHEN NEW.status IN ('registered', 'confirmed', 'finalist')
 AND OLD.status NOT IN ('registered', 'confirmed', 'finalist')
 AND (SELECT max_teams FROM competitions WHERE id = NEW.competition_id) IS NOT NULL
 AND (SELECT COUNT(*) FROM teams WHERE competition_id = NEW.competition_id
      AND status IN ('registered', 'confirmed', 'finalist')) >=
     (SELECT max_teams FROM competitions WHERE id = NEW.competition_id)
BEGIN
  SELECT RAISE(ABORT, 'competition_full');
END;

CREATE TRIGGER teams_max_registered_insert BEFORE INSERT ON teams
WHEN NEW.status <> 'forming'
BEGIN
  SELECT RAISE(ABORT, 'teams start forming');
END;

-- Invite links: the token is shown once; only its SHA-256 is kept.
CREATE TABLE team_invites (
  id INTEGER PRIMARY KEY,
  team_id INTEGER NOT NULL REFERENCES teams(id),
  token_hash TEXT NOT NULL UNIQUE,
  created_by INTEGER NOT NULL REFERENCES users(id),
  created_at TEXT NOT NULL,
  expires_at TEXT NOT NULL,
  max_uses INTEGER CHECK (max_uses IS NULL OR max_uses >= 1),
  uses INTEGER NOT NULL DEFAULT 0,
  revoked_at TEXT,
  CHECK (max_uses IS NULL OR uses <= max_uses)
);
CREATE INDEX team_invites_team ON team_invites(team_id);

-- A team's work for a stage: one current hand-in per stage (a new one replaces it before the
-- deadline). kind file: stored_name etc.; kind link: url.
CREATE TABLE team_submissions (
  id INTEGER PRIMARY KEY,
  team_id INTEGER NOT NULL REFERENCES teams(id),
  stage_id INTEGER NOT NULL REFERENCES competition_stages(id),
  kind TEXT NOT NULL CHECK (kind IN ('file', 'link')),
  url TEXT,
  stored_name TEXT,
  filename TEXT,
  content_type TEXT,
  size INTEGER,
  submitted_by INTEGER NOT NULL REFERENCES users(id),
  submitted_at TEXT NOT NULL,
  UNIQUE (team_id, stage_id),
  CHECK ((kind = 'file') = (stored_name IS NOT NULL)),
  CHECK ((kind = 'link') = (url IS NOT NULL))
);

-- Stage reminders sent, once per team and stage.
CREATE TABLE team_stage_reminders (
  stage_id INTEGER NOT NULL REFERENCES competition_stages(id),
  team_id INTEGER NOT NULL REFERENCES teams(id),
  sent_at TEXT NOT NULL,
  PRIMARY KEY (stage_id, team_id)
) WITHOUT ROWID;
