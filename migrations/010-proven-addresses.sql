-- Whether an account's e-mail address is proven to be its owner's (G1 of the second attack test).
-- A school login links to an existing account by address only when it is: otherwise whoever made
-- the account with someone else's address (registering with a join code, or using an invitation
-- link handed to them while no mail is sent) would keep a password into the teacher's account.
--
-- users.email_proven: 1 once a link that only the address's mailbox received was used (a
-- forgotten-password link, the welcome link of registration by mail, an invitation by mail), or
-- when a school login with a verified address made the account.
--
-- Existing accounts start unproven: nothing recorded shows how their address was ever confirmed,
-- and the accounts an attacker could have prepared are exactly among them. Their owners lose
-- nothing but one automatic link: a school login for such an account asks them to sign in with
-- their password once and link it from /me (or to use "Wachtwoord vergeten", which proves it).
ALTER TABLE users ADD COLUMN email_proven INTEGER NOT NULL DEFAULT 0 CHECK (email_proven IN (0, 1));

-- password_tokens.proves_address: 1 for a link that went only to the address's mailbox (nobody
-- was shown it: not the coordinator, not an administrator, not the command line).
ALTER TABLE password_tokens ADD COLUMN proves_address INTEGER NOT NULL DEFAULT 0 CHECK (proves_address IN (0, 1));
