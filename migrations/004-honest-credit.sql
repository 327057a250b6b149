-- Credit that can have happened: a video's watched seconds are bounded by the wall-clock time
-- since the teacher started playing it, and study time by the wall-clock time the teacher's
-- credited time has reached (one clock per teacher across lessons and tabs).
ALTER TABLE video_progress ADD COLUMN started_at TEXT;

CREATE TABLE study_clock (
  user_id        INTEGER PRIMARY KEY REFERENCES users (id) ON DELETE CASCADE,
  credited_until TEXT NOT NULL
);

-- Browsers that signed in to an account before: they pass the per-account lockout that a
-- stranger can trigger with wrong passwords (OWASP's device cookie). Only a hash is kept.
CREATE TABLE known_devices (
  token_hash TEXT PRIMARY KEY,
  user_id    INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  created_at TEXT NOT NULL
) WITHOUT ROWID;
CREATE INDEX known_devices_user ON known_devices (user_id);
