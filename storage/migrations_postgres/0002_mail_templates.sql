-- PostgreSQL dialect of storage/migrations/0002_mail_templates.sql (same number, same schema).
-- Admins' overrides of the default mail templates (assets/mail/*.json), one row per kind and
-- locale. A missing row means the embedded default applies.
CREATE TABLE mail_template_overrides (
  kind TEXT NOT NULL,
  locale TEXT NOT NULL CHECK (locale IN ('en','id')),
  subject TEXT NOT NULL,
  text_body TEXT NOT NULL,
  html_body TEXT NOT NULL,
  updated_by BIGINT REFERENCES users(id),
  updated_at TEXT NOT NULL,
  PRIMARY KEY (kind, locale)
);

-- The admin outbox list pages newest first, optionally filtered by status.
CREATE INDEX mail_outbox_status_id ON mail_outbox(status, id);
