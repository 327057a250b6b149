-- When a pupil in mind was named: a pupil named after a wave was finished is measured from the
-- next wave on, so naming a pupil never reopens a finished wave (src/study/schedule.ts). Pupils
-- named before this column existed have none and count as named from the start.
ALTER TABLE study_pupils ADD COLUMN added_at TEXT;
