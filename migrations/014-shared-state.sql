-- What several steun processes on one database file share instead of keeping it in memory
-- (docs/scaling.md).
--
-- Per school, a number that grows with every write to what the school's report is computed from:
-- a teacher's lessons, quizzes and study participation, the accounts, the pending invitations.
-- Triggers bump it in the transaction of the write, whoever writes (a store, the command line,
-- another process, a hand-written UPDATE). The report keeps each school's rows until its number
-- moves (src/report/cache.ts): a write by one teacher recomputes one school, and no process shows
-- rows older than another process's write. school_id 0: teachers without a school. No foreign key:
-- the row is a counter, not a fact about the school.
CREATE TABLE school_changes (
  school_id  INTEGER PRIMARY KEY,
  generation INTEGER NOT NULL
);

CREATE TRIGGER lesson_progress_insert_school AFTER INSERT ON lesson_progress BEGIN
  INSERT INTO school_changes (school_id, generation) SELECT coalesce(school_id, 0), 1 FROM users WHERE id = NEW.user_id
  ON CONFLICT (school_id) DO UPDATE SET generation = generation + 1;
END;
CREATE TRIGGER lesson_progress_update_school AFTER UPDATE ON lesson_progress BEGIN
  INSERT INTO school_changes (school_id, generation) SELECT coalesce(school_id, 0), 1 FROM users WHERE id = NEW.user_id
  ON CONFLICT (school_id) DO UPDATE SET generation = generation + 1;
END;
CREATE TRIGGER lesson_progress_delete_school AFTER DELETE ON lesson_progress BEGIN
  INSERT INTO school_changes (school_id, generation) SELECT coalesce(school_id, 0), 1 FROM users WHERE id = OLD.user_id
  ON CONFLICT (school_id) DO UPDATE SET generation = generation + 1;
END;
CREATE TRIGGER quiz_attempts_insert_school AFTER INSERT ON quiz_attempts BEGIN
  INSERT INTO school_changes (school_id, generation) SELECT coalesce(school_id, 0), 1 FROM users WHERE id = NEW.user_id
  ON CONFLICT (school_id) DO UPDATE SET generation = generation + 1;
END;
CREATE TRIGGER quiz_attempts_update_school AFTER UPDATE ON quiz_attempts BEGIN
  INSERT INTO school_changes (school_id, generation) SELECT coalesce(school_id, 0), 1 FROM users WHERE id = NEW.user_id
  ON CONFLICT (school_id) DO UPDATE SET generation = generation + 1;
END;
CREATE TRIGGER quiz_attempts_delete_school AFTER DELETE ON quiz_attempts BEGIN
  INSERT INTO school_changes (school_id, generation) SELECT coalesce(school_id, 0), 1 FROM users WHERE id = OLD.user_id
  ON CONFLICT (school_id) DO UPDATE SET generation = generation + 1;
END;
CREATE TRIGGER study_participants_insert_school AFTER INSERT ON study_participants BEGIN
  INSERT INTO school_changes (school_id, generation) SELECT coalesce(school_id, 0), 1 FROM users WHERE id = NEW.user_id
  ON CONFLICT (school_id) DO UPDATE SET generation = generation + 1;
END;
CREATE TRIGGER study_participants_update_school AFTER UPDATE ON study_participants BEGIN
  INSERT INTO school_changes (school_id, generation) SELECT coalesce(school_id, 0), 1 FROM users WHERE id = NEW.user_id
  ON CONFLICT (school_id) DO UPDATE SET generation = generation + 1;
END;
CREATE TRIGGER study_participants_delete_school AFTER DELETE ON study_participants BEGIN
  INSERT INTO school_changes (school_id, generation) SELECT coalesce(school_id, 0), 1 FROM users WHERE id = OLD.user_id
  ON CONFLICT (school_id) DO UPDATE SET generation = generation + 1;
END;
CREATE TRIGGER study_pupils_insert_school AFTER INSERT ON study_pupils BEGIN
  INSERT INTO school_changes (school_id, generation) SELECT coalesce(school_id, 0), 1 FROM users WHERE id = NEW.user_id
  ON CONFLICT (school_id) DO UPDATE SET generation = generation + 1;
END;
CREATE TRIGGER study_pupils_update_school AFTER UPDATE ON study_pupils BEGIN
  INSERT INTO school_changes (school_id, generation) SELECT coalesce(school_id, 0), 1 FROM users WHERE id = NEW.user_id
  ON CONFLICT (school_id) DO UPDATE SET generation = generation + 1;
END;
CREATE TRIGGER study_pupils_delete_school AFTER DELETE ON study_pupils BEGIN
  INSERT INTO school_changes (school_id, generation) SELECT coalesce(school_id, 0), 1 FROM users WHERE id = OLD.user_id
  ON CONFLICT (school_id) DO UPDATE SET generation = generation + 1;
END;
CREATE TRIGGER study_forms_insert_school AFTER INSERT ON study_forms BEGIN
  INSERT INTO school_changes (school_id, generation) SELECT coalesce(school_id, 0), 1 FROM users WHERE id = NEW.user_id
  ON CONFLICT (school_id) DO UPDATE SET generation = generation + 1;
END;
CREATE TRIGGER study_forms_update_school AFTER UPDATE ON study_forms BEGIN
  INSERT INTO school_changes (school_id, generation) SELECT coalesce(school_id, 0), 1 FROM users WHERE id = NEW.user_id
  ON CONFLICT (school_id) DO UPDATE SET generation = generation + 1;
END;
CREATE TRIGGER study_forms_delete_school AFTER DELETE ON study_forms BEGIN
  INSERT INTO school_changes (school_id, generation) SELECT coalesce(school_id, 0), 1 FROM users WHERE id = OLD.user_id
  ON CONFLICT (school_id) DO UPDATE SET generation = generation + 1;
END;

-- An account's own columns that a report row shows (a new password or sign-in changes nothing there).
CREATE TRIGGER users_insert_school AFTER INSERT ON users BEGIN
  INSERT INTO school_changes (school_id, generation) VALUES (coalesce(NEW.school_id, 0), 1)
  ON CONFLICT (school_id) DO UPDATE SET generation = generation + 1;
END;
CREATE TRIGGER users_update_school AFTER UPDATE OF name, email, role, school_id, active, last_active_at ON users BEGIN
  INSERT INTO school_changes (school_id, generation) VALUES (coalesce(OLD.school_id, 0), 1)
  ON CONFLICT (school_id) DO UPDATE SET generation = generation + 1;
  INSERT INTO school_changes (school_id, generation) VALUES (coalesce(NEW.school_id, 0), 1)
  ON CONFLICT (school_id) DO UPDATE SET generation = generation + 1;
END;
CREATE TRIGGER users_delete_school AFTER DELETE ON users BEGIN
  INSERT INTO school_changes (school_id, generation) VALUES (coalesce(OLD.school_id, 0), 1)
  ON CONFLICT (school_id) DO UPDATE SET generation = generation + 1;
END;
CREATE TRIGGER invitations_insert_school AFTER INSERT ON invitations BEGIN
  INSERT INTO school_changes (school_id, generation) VALUES (coalesce(NEW.school_id, 0), 1)
  ON CONFLICT (school_id) DO UPDATE SET generation = generation + 1;
END;
CREATE TRIGGER invitations_update_school AFTER UPDATE ON invitations BEGIN
  INSERT INTO school_changes (school_id, generation) VALUES (coalesce(NEW.school_id, 0), 1)
  ON CONFLICT (school_id) DO UPDATE SET generation = generation + 1;
END;
CREATE TRIGGER invitations_delete_school AFTER DELETE ON invitations BEGIN
  INSERT INTO school_changes (school_id, generation) VALUES (coalesce(OLD.school_id, 0), 1)
  ON CONFLICT (school_id) DO UPDATE SET generation = generation + 1;
END;

-- The report's latest reminder per teacher, and a school's, without reading the whole outbox.
CREATE INDEX outbox_user ON outbox (user_id, kind, created_at);

-- One process of several runs the schedules and sends the mail: the one holding this lease, renewed
-- while it runs; another takes over once it has run out (src/db/lease.ts).
CREATE TABLE leases (
  name       TEXT PRIMARY KEY,
  holder     TEXT NOT NULL,
  expires_at INTEGER NOT NULL
);

-- Sign-in throttles' counts, so a guesser gets no more tries from several processes than from one
-- (src/web/throttle.ts): failed attempts per key in a window that starts with the first.
CREATE TABLE throttle_hits (
  key      TEXT PRIMARY KEY,
  hits     INTEGER NOT NULL,
  reset_at INTEGER NOT NULL
) WITHOUT ROWID;
CREATE INDEX throttle_hits_reset ON throttle_hits (reset_at);

-- What one person spent of an hourly and daily budget (a coordinator's invitations, src/web/budget.ts).
CREATE TABLE budget_spending (
  key TEXT NOT NULL,
  at  INTEGER NOT NULL,
  n   INTEGER NOT NULL
);
CREATE INDEX budget_spending_key ON budget_spending (key, at);
CREATE INDEX budget_spending_at ON budget_spending (at);
