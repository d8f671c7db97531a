// The schema backs the team capacity rules on its own (storage/migrations/0010_teams.sql): even
// a write that skipped core/teams' checks cannot put a user in two teams of one competition,
// overfill a team or register more than max_teams teams.
#include <doctest/doctest.h>

#include <SQLiteCpp/SQLiteCpp.h>

#include "storage/migrations.h"
#include "tests/support/temp_dir.h"

using lanyard::testing::TempDir;

namespace {

bool Fails(SQLite::Database& db, const std::string& sql) {
  try {
    db.exec(sql);
    return false;
  } catch (const SQLite::Exception&) {
    return true;
  }
}

void Seed(SQLite::Database& db) {
  lanyard::storage::ApplyMigrations(db);
  db.exec(
      "INSERT INTO users (id, email, email_norm, password_hash, name, created_at) VALUES "
      "(1, 'a@x', 'a@x', 'h', 'A', 't'), (2, 'b@x', 'b@x', 'h', 'B', 't'), (3, 'c@x', 'c@x', 'h', 'C', 't');"
      "INSERT INTO events (id, organizer_id, title, starts_at, ends_at, status, created_at, updated_at) "
      "VALUES (1, 1, 'E', '2030-01-01T09:00:00Z', '2030-01-01T17:00:00Z', 'published', 't', 't');"
      "INSERT INTO competitions (id, event_id, name, team_min, team_max, max_teams, created_at, updated_at) "
      "VALUES (1, 1, 'C', 1, 2, 1, 't', 't'), (2, 1, 'D', 1, 2, NULL, 't', 't');"
      "INSERT INTO teams (id, competition_id, name, name_key, leader_id, created_at, updated_at) VALUES "
      "(1, 1, 'Alpha', 'alpha', 1, 't', 't'), (2, 1, 'Beta', 'beta', 2, 't', 't'), "
      "(3, 2, 'Gamma', 'gamma', 3, 't', 't');"
      "INSERT INTO team_members (team_id, competition_id, user_id, joined_at) VALUES (1, 1, 1, 't');");
}

}  // namespace

TEST_CASE("teams schema: one team per user per competition, team_max, max_teams, names") {
  TempDir dir;
  SQLite::Database db(dir.File("t.db"), SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE);
  db.exec("PRAGMA foreign_keys = ON");
  Seed(db);
  // User 1 is in team 1 of competition 1: not in team 2 too.
  CHECK(Fails(db, "INSERT INTO team_members (team_id, competition_id, user_id, joined_at) VALUES (2, 1, 1, 't')"));
  // A member row must name the team's own competition.
  CHECK(Fails(db, "INSERT INTO team_members (team_id, competition_id, user_id, joined_at) VALUES (1, 2, 2, 't')"));
  // team_max 2: a second member fits, a third does not.
  CHECK_FALSE(Fails(db, "INSERT INTO team_members (team_id, competition_id, user_id, joined_at) VALUES (1, 1, 2, 't')"));
  CHECK(Fails(db, "INSERT INTO team_members (team_id, competition_id, user_id, joined_at) VALUES (1, 1, 3, 't')"));
  // A user may be in a team of another competition.
  CHECK_FALSE(Fails(db, "INSERT INTO team_members (team_id, competition_id, user_id, joined_at) VALUES (3, 2, 1, 't')"));
  // max_teams 1: one registered team, not two.
  CHECK_FALSE(Fails(db, "UPDATE teams SET status = 'registered' WHERE id = 1"));
  CHECK(Fails(db, "UPDATE teams SET status = 'registered' WHERE id = 2"));
  CHECK_FALSE(Fails(db, "UPDATE teams SET status = 'confirmed' WHERE id = 1"));  // moving within places is fine
  CHECK_FALSE(Fails(db, "UPDATE teams SET status = 'withdrawn' WHERE id = 1"));
  CHECK_FALSE(Fails(db, "UPDATE teams SET status = 'registered' WHERE id = 2"));
  // Names are unique per competition regardless of letter case (name_key).
  CHECK(Fails(db, "INSERT INTO teams (competition_id, name, name_key, leader_id, created_at, updated_at) "
                  "VALUES (1, 'ALPHA', 'alpha', 3, 't', 't')"));
  // Teams start forming; capacity cannot be skipped by inserting a registered team.
  CHECK(Fails(db, "INSERT INTO teams (competition_id, name, name_key, leader_id, status, created_at, updated_at) "
                  "VALUES (1, 'Z', 'z', 3, 'registered', 't', 't')"));
  CHECK(Fails(db, "UPDATE competitions SET team_max = 0 WHERE id = 2"));
}
