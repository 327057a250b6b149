// When a school login may stand for the account that has its address (G1, G2 of the second attack test).
import { addressStanding, mayLinkByAddress, provesAddress } from '../../../src/accounts/linking';
import { ROLES } from '../../../src/db/accounts';

test('what the provider says about the address: verified, silent (the switch decides) or explicitly not', () => {
  expect(addressStanding({ email_verified: true }, false)).toBe('verified');
  expect(addressStanding({ email_verified: 'true' }, false)).toBe('verified');
  expect(addressStanding({ xms_edov: '1' }, false)).toBe('verified');
  expect(addressStanding({}, false)).toBe('unverified');
  expect(addressStanding({}, true)).toBe('trusted');
  // OIDC_TRUST_EMAIL never overrides an explicit "not verified".
  for (const claims of [{ email_verified: false }, { email_verified: 'false' }, { xms_edov: false }, { xms_edov: '0' }]) {
    expect(addressStanding(claims, true)).toBe('unverified');
    expect(addressStanding(claims, false)).toBe('unverified');
  }
});

test('only a proven teacher is linked by a verified address; never another role, never an unproven account', () => {
  const teacher = { role: 'teacher' as const, emailProven: true, claimed: true, schoolDomain: null };
  expect(mayLinkByAddress(teacher, 'juf@regenboog.nl', 'verified')).toBe(true);
  expect(mayLinkByAddress({ ...teacher, emailProven: false }, 'juf@regenboog.nl', 'verified')).toBe(false);
  // Nobody can sign in to it yet (an unused invitation): the school login may take it.
  expect(mayLinkByAddress({ ...teacher, emailProven: false, claimed: false }, 'juf@regenboog.nl', 'verified')).toBe(true);
  expect(mayLinkByAddress(teacher, 'juf@regenboog.nl', 'unverified')).toBe(false);
  for (const role of ROLES.filter((r) => r !== 'teacher')) {
    expect(mayLinkByAddress({ ...teacher, role, schoolDomain: 'regenboog.nl' }, 'juf@regenboog.nl', 'verified')).toBe(false);
    expect(mayLinkByAddress({ ...teacher, role, schoolDomain: 'regenboog.nl' }, 'juf@regenboog.nl', 'trusted')).toBe(false);
    expect(mayLinkByAddress({ ...teacher, role, claimed: false }, 'juf@regenboog.nl', 'verified')).toBe(false);
  }
});

test('on the switch alone, only within a school whose configured domain is the address\'s', () => {
  const teacher = { role: 'teacher' as const, emailProven: true, claimed: true, schoolDomain: 'regenboog.nl' };
  expect(mayLinkByAddress(teacher, 'juf@regenboog.nl', 'trusted')).toBe(true);
  expect(mayLinkByAddress(teacher, 'juf@Regenboog.NL', 'trusted')).toBe(true);
  expect(mayLinkByAddress(teacher, 'juf@andere-school.nl', 'trusted')).toBe(false);
  expect(mayLinkByAddress(teacher, 'juf@sub.regenboog.nl', 'trusted')).toBe(false);
  expect(mayLinkByAddress({ ...teacher, schoolDomain: null }, 'juf@regenboog.nl', 'trusted')).toBe(false);
  expect(mayLinkByAddress({ ...teacher, emailProven: false }, 'juf@regenboog.nl', 'trusted')).toBe(false);
  expect(mayLinkByAddress({ ...teacher, emailProven: false, claimed: false }, 'juf@regenboog.nl', 'trusted')).toBe(true);
  expect(mayLinkByAddress({ ...teacher, emailProven: false, claimed: false, schoolDomain: null }, 'juf@regenboog.nl', 'trusted')).toBe(false);
});

test('an account a school login makes starts proven only when the provider verified the address', () => {
  expect(provesAddress('verified')).toBe(true);
  expect(provesAddress('trusted')).toBe(false);
  expect(provesAddress('unverified')).toBe(false);
});
