-- foreign keys off
-- The role "researcher" (only /research). SQLite cannot change a CHECK in place, so users is
-- rebuilt the documented way: new table, copy, drop, rename, with foreign keys off meanwhile.
CREATE TABLE users_new (
  id             INTEGER PRIMARY KEY,
  email          TEXT NOT NULL UNIQUE COLLATE NOCASE,
  name           TEXT NOT NULL,
  password_hash  TEXT,
  role           TEXT NOT NULL CHECK (role IN ('teacher', 'coordinator', 'author', 'admin', 'researcher')),
  school_id      INTEGER REFERENCES schools (id) ON DELETE SET NULL,
  active         INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),
  created_at     TEXT NOT NULL,
  last_active_at TEXT,
  reminders      INTEGER NOT NULL DEFAULT 1 CHECK (reminders IN (0, 1))
);
INSERT INTO users_new (id, email, name, password_hash, role, school_id, active, created_at, last_active_at, reminders)
  SELECT id, email, name, password_hash, role, school_id, active, created_at, last_active_at, reminders FROM users;
DROP TABLE users;
ALTER TABLE users_new RENAME TO users;
CREATE INDEX users_school ON users (school_id, role);
