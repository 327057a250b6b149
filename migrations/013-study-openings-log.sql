-- A researcher's opening of a wave is a logged decision: who opened it, how many teachers it
-- reached when it was confirmed, and when it was closed again (NULL while it runs its course).
ALTER TABLE study_wave_openings ADD COLUMN teachers INTEGER;
ALTER TABLE study_wave_openings ADD COLUMN opened_by INTEGER REFERENCES users (id) ON DELETE SET NULL;
ALTER TABLE study_wave_openings ADD COLUMN closed_at TEXT;
