// When a school login (OpenID Connect) may stand for a steun account found by its e-mail address.
// Pure rules over what the provider said and what steun knows of the account; src/web/oidc.ts asks
// them. Linking from /me, by the signed-in owner, needs none of this.
import type { Role } from '../db/accounts';

/** The address claims of an ID token or userinfo answer that decide how far the address counts. */
export interface AddressClaims {
  email_verified?: unknown;
  /** Microsoft Entra ID: the tenant's domain owner verified the address. */
  xms_edov?: unknown;
}

/**
 * How far the provider's address counts:
 * - 'verified': the provider says it verified it;
 * - 'trusted': it says nothing either way and OIDC_TRUST_EMAIL is on (the provider is trusted to
 *   hand out only addresses the schools manage, but nothing about this one was checked);
 * - 'unverified': it says it did not verify it (never overridden by the switch), or says nothing
 *   and the switch is off.
 */
export type AddressStanding = 'verified' | 'trusted' | 'unverified';

const isTrue = (v: unknown) => v === true || v === 'true' || v === '1';
const isFalse = (v: unknown) => v === false || v === 'false' || v === '0';

export function addressStanding(claims: AddressClaims, trustEmail: boolean): AddressStanding {
  if (isTrue(claims.email_verified) || isTrue(claims.xms_edov)) return 'verified';
  if (isFalse(claims.email_verified) || isFalse(claims.xms_edov)) return 'unverified';
  return trustEmail ? 'trusted' : 'unverified';
}

/** Only teachers are ever linked by address: every other role links from /me after a password sign-in. */
const LINKED_BY_ADDRESS: readonly Role[] = ['teacher'];

/** The domain of an address, lower case ('' without one). */
export const domainOf = (email: string) => email.slice(email.lastIndexOf('@') + 1).toLowerCase();

/**
 * May a first school login with this address link to the existing account that has it?
 * `claimed`: somebody can sign in to the account already (it has a password or a school login).
 * An unproven account nobody can sign in to yet (an invitation whose link was not used) may be
 * taken by the school login; the caller voids its outstanding links, so whoever holds one (the
 * coordinator who passed it on) cannot set a password afterwards.
 * `schoolDomain` is the configured e-mail domain of the account's school (null: none, or no school).
 */
export function mayLinkByAddress(
  account: { role: Role; emailProven: boolean; claimed: boolean; schoolDomain: string | null },
  email: string,
  standing: AddressStanding,
): boolean {
  if (standing === 'unverified' || !LINKED_BY_ADDRESS.includes(account.role)) return false;
  if (!account.emailProven && account.claimed) return false;
  // On the switch alone, the address is the provider's word: for a federation, any member's. It
  // counts only where the school itself said which domain is its own.
  if (standing === 'trusted') return account.schoolDomain !== null && account.schoolDomain === domainOf(email);
  return true;
}

/** A new account made from a school login starts proven only when the provider verified the address. */
export const provesAddress = (standing: AddressStanding) => standing === 'verified';
