-- Invitations that have no account to belong to: without mail, a coordinator who invites an address
-- that already has an account in another school (or is an administrator's) gets the same answer as
-- for a new address — a link and a teacher in the list — so the page reveals no account outside the
-- school. Using the link never changes that account; it only says that the address has one. Should
-- the account be gone by then, the link makes a new teacher account in the school, as any
-- invitation does.
--
-- The id comes from the same sequence as users.id and is retired there at once (retired_user_ids):
-- no account ever gets it, so /school/teachers/:id names either an account or an invitation, and the
-- ids a coordinator sees run on the same way whichever it was. The row stays, like a teacher who
-- never signed in, until its link is used; an expired link's hash is cleared (token_hash and
-- expires_at NULL), "nieuwe link" writes a new one, deactivating clears it.
CREATE TABLE invitations (
  id         INTEGER PRIMARY KEY,
  email      TEXT NOT NULL COLLATE NOCASE,
  school_id  INTEGER NOT NULL REFERENCES schools (id) ON DELETE CASCADE,
  invited_by INTEGER REFERENCES users (id) ON DELETE SET NULL,
  token_hash TEXT UNIQUE,
  expires_at TEXT,
  active     INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),
  created_at TEXT NOT NULL,
  UNIQUE (school_id, email)
);
CREATE INDEX invitations_email ON invitations (email);
CREATE INDEX invitations_invited_by ON invitations (invited_by);
CREATE INDEX invitations_expires ON invitations (expires_at) WHERE expires_at IS NOT NULL;
