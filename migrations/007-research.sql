-- The study run beside the course. Everything here belongs to a teacher and goes when they go.
-- A teacher's decision about taking part; code is their pseudonym for the researcher (P + 6).
CREATE TABLE study_participants (
  user_id         INTEGER PRIMARY KEY REFERENCES users (id) ON DELETE CASCADE,
  code            TEXT NOT NULL UNIQUE,
  decision        TEXT NOT NULL CHECK (decision IN ('yes', 'no', 'withdrawn')),
  consent_version TEXT NOT NULL,
  decided_at      TEXT NOT NULL,
  consented_at    TEXT
);

-- Pupils in mind, named as the teacher likes; shown only to that teacher, never exported to research.
CREATE TABLE study_pupils (
  user_id INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  number  INTEGER NOT NULL CHECK (number >= 1),
  name    TEXT NOT NULL,
  PRIMARY KEY (user_id, number)
) WITHOUT ROWID;

-- One answer per item; pupil 0 for questionnaires about the teacher. value: a whole number,
-- JSON [1,3] for a multiple item, or the text as written.
CREATE TABLE study_answers (
  user_id       INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  wave          TEXT NOT NULL,
  questionnaire TEXT NOT NULL,
  pupil         INTEGER NOT NULL,
  item          TEXT NOT NULL,
  value         TEXT NOT NULL,
  answered_at   TEXT NOT NULL,
  PRIMARY KEY (user_id, wave, questionnaire, pupil, item)
) WITHOUT ROWID;

-- A questionnaire finished (every required item answered) in a wave, for a pupil or the teacher.
CREATE TABLE study_forms (
  user_id       INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  wave          TEXT NOT NULL,
  questionnaire TEXT NOT NULL,
  pupil         INTEGER NOT NULL,
  finished_at   TEXT NOT NULL,
  PRIMARY KEY (user_id, wave, questionnaire, pupil)
) WITHOUT ROWID;

-- A wave opened early or extended by a researcher or admin, for one school or (NULL) for all.
CREATE TABLE study_wave_openings (
  id        INTEGER PRIMARY KEY,
  wave      TEXT NOT NULL,
  school_id INTEGER REFERENCES schools (id) ON DELETE CASCADE,
  opened_at TEXT NOT NULL,
  until     TEXT NOT NULL
);
