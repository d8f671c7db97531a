-- Text search through FTS5 trigram indexes (SQLite ≥ 3.34; Debian 12 links 3.40): a trigram
-- index answers "contains this text" for 3 characters or more, case-insensitively, without
-- reading every row, so a search at 1M tickets costs about what it costs at 10k. Triggers keep
-- the indexes in the same transaction as the rows. Searches shorter than 3 characters still
-- scan (storage/search_match.h decides). Repositories join these tables by rowid.

-- Events: q= (title, description, venue, city), title=, location= (venue, city, address).
-- External content: the text stays in events only.
CREATE VIRTUAL TABLE events_fts USING fts5(
  title, description, venue, city, address,
  content = 'events', content_rowid = 'id', tokenize = 'trigram');
INSERT INTO events_fts(events_fts) VALUES ('rebuild');
CREATE TRIGGER events_fts_insert AFTER INSERT ON events BEGIN
  INSERT INTO events_fts(rowid, title, description, venue, city, address)
  VALUES (new.id, new.title, new.description, new.venue, new.city, new.address);
END;
CREATE TRIGGER events_fts_delete AFTER DELETE ON events BEGIN
  INSERT INTO events_fts(events_fts, rowid, title, description, venue, city, address)
  VALUES ('delete', old.id, old.title, old.description, old.venue, old.city, old.address);
END;
CREATE TRIGGER events_fts_update AFTER UPDATE OF title, description, venue, city, address ON events
BEGIN
  INSERT INTO events_fts(events_fts, rowid, title, description, venue, city, address)
  VALUES ('delete', old.id, old.title, old.description, old.venue, old.city, old.address);
  INSERT INTO events_fts(rowid, title, description, venue, city, address)
  VALUES (new.id, new.title, new.description, new.venue, new.city, new.address);
END;

-- Attendees: q= on the holder's name and address and the order code. The order code lives in
-- orders, so this index keeps its own copy of the three texts (rowid = tickets.id).
CREATE VIRTUAL TABLE tickets_fts USING fts5(holder_name, holder_email, order_code, tokenize = 'trigram');
INSERT INTO tickets_fts(rowid, holder_name, holder_email, order_code)
  SELECT t.id, t.holder_name, t.holder_email, o.code FROM tickets t JOIN orders o ON o.id = t.order_id;
CREATE TRIGGER tickets_fts_insert AFTER INSERT ON tickets BEGIN
  INSERT INTO tickets_fts(rowid, holder_name, holder_email, order_code)
  VALUES (new.id, new.holder_name, new.holder_email, (SELECT code FROM orders WHERE id = new.order_id));
END;
CREATE TRIGGER tickets_fts_delete AFTER DELETE ON tickets BEGIN
  DELETE FROM tickets_fts WHERE rowid = old.id;
END;
CREATE TRIGGER tickets_fts_update AFTER UPDATE OF holder_name, holder_email ON tickets BEGIN
  UPDATE tickets_fts SET holder_name = new.holder_name, holder_email = new.holder_email
  WHERE rowid = new.id;
END;

-- Buyers: an event's orders by the buyer's name or address (and the admin's user search).
CREATE VIRTUAL TABLE users_fts USING fts5(
  name, email, content = 'users', content_rowid = 'id', tokenize = 'trigram');
INSERT INTO users_fts(users_fts) VALUES ('rebuild');
CREATE TRIGGER users_fts_insert AFTER INSERT ON users BEGIN
  INSERT INTO users_fts(rowid, name, email) VALUES (new.id, new.name, new.email);
END;
CREATE TRIGGER users_fts_delete AFTER DELETE ON users BEGIN
  INSERT INTO users_fts(users_fts, rowid, name, email) VALUES ('delete', old.id, old.name, old.email);
END;
CREATE TRIGGER users_fts_update AFTER UPDATE OF name, email ON users BEGIN
  INSERT INTO users_fts(users_fts, rowid, name, email) VALUES ('delete', old.id, old.name, old.email);
  INSERT INTO users_fts(rowid, name, email) VALUES (new.id, new.name, new.email);
END;
