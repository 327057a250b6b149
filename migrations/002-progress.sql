-- What a teacher did in the course. Progress is keyed on '<module-slug>/<lesson-slug>', so
-- renumbering course files keeps it. Every row belongs to a user and goes when the user goes.
CREATE TABLE lesson_progress (
  user_id        INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  lesson_key     TEXT NOT NULL,
  first_seen_at  TEXT NOT NULL,
  last_seen_at   TEXT NOT NULL,
  done_at        TEXT,
  -- Set when the completion rule held at the last write (for reports; pages recompute the rule).
  completed_at   TEXT,
  active_seconds INTEGER NOT NULL DEFAULT 0,
  -- When study time was last reported: a report never adds more than the time since then.
  time_reported_at TEXT,
  PRIMARY KEY (user_id, lesson_key)
) WITHOUT ROWID;

-- The union of the parts of a video that were actually played, as JSON [[start, end], ...].
CREATE TABLE video_progress (
  user_id    INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  lesson_key TEXT NOT NULL,
  src        TEXT NOT NULL,
  segments   TEXT NOT NULL,
  position   REAL NOT NULL DEFAULT 0,
  duration   REAL NOT NULL DEFAULT 0,
  updated_at TEXT NOT NULL,
  PRIMARY KEY (user_id, lesson_key, src)
) WITHOUT ROWID;

-- Private to the teacher who wrote it: never in a report.
CREATE TABLE reflections (
  user_id       INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  lesson_key    TEXT NOT NULL,
  reflection_id TEXT NOT NULL,
  text          TEXT NOT NULL,
  updated_at    TEXT NOT NULL,
  PRIMARY KEY (user_id, lesson_key, reflection_id)
) WITHOUT ROWID;

-- The options chosen per question, as JSON [[0], [1, 2], ...] (option indexes as written).
CREATE TABLE exercise_answers (
  user_id     INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  lesson_key  TEXT NOT NULL,
  exercise_id TEXT NOT NULL,
  answers     TEXT NOT NULL,
  updated_at  TEXT NOT NULL,
  PRIMARY KEY (user_id, lesson_key, exercise_id)
) WITHOUT ROWID;

-- Every attempt is kept. question_order is the attempt's own shuffled order; result holds the
-- graded answers per question once submitted.
CREATE TABLE quiz_attempts (
  id             TEXT PRIMARY KEY,
  user_id        INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  module_slug    TEXT NOT NULL,
  question_order TEXT NOT NULL,
  started_at     TEXT NOT NULL,
  submitted_at   TEXT,
  score          REAL,
  passed         INTEGER,
  result         TEXT
);
CREATE INDEX quiz_attempts_user ON quiz_attempts (user_id, module_slug, submitted_at);
CREATE INDEX quiz_attempts_module ON quiz_attempts (module_slug, submitted_at);

CREATE TABLE certificates (
  code         TEXT PRIMARY KEY,
  user_id      INTEGER NOT NULL UNIQUE REFERENCES users (id) ON DELETE CASCADE,
  name         TEXT NOT NULL,
  course_title TEXT NOT NULL,
  hours        REAL NOT NULL,
  issuer       TEXT NOT NULL,
  completed_at TEXT NOT NULL,
  issued_at    TEXT NOT NULL
);
