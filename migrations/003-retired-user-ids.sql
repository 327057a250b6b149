-- Ids of erased accounts are never given out again: a session or link that still names an old id
-- must never reach a new person. users.id has no AUTOINCREMENT (SQLite would then hand out the
-- highest id again once it is free), and rebuilding that table would cascade-delete everything
-- that references it, so new ids are taken above the highest id ever used instead.
CREATE TABLE retired_user_ids (
  id INTEGER PRIMARY KEY
);
