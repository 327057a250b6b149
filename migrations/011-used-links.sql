-- One-time links that were used, by the SHA-256 of their token (nothing else): opening a used link
-- again says "your account is already activated, sign in" instead of "this link does not exist".
-- Forgotten after a while by the schedules' housekeeping.
CREATE TABLE used_links (
  token_hash TEXT PRIMARY KEY,
  used_at    TEXT NOT NULL
) WITHOUT ROWID;
CREATE INDEX used_links_used_at ON used_links (used_at);
