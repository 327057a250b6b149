// The form token is masked afresh for every page (against BREACH): every pad is new random bytes,
// also across the blocks they are cut from, and every masked copy gives the session's token back.
import crypto from 'node:crypto';
import { maskToken, unmaskToken } from '../../../src/web/csrf';

test('three hundred masks of one token: all different, pads never repeated across blocks, each unmasks to the token', () => {
  const token = crypto.randomBytes(32).toString('hex');
  const masked = Array.from({ length: 300 }, () => maskToken(token));
  expect(new Set(masked).size).toBe(300);
  const pads = masked.map((m) => m.split('.')[0]!);
  expect(new Set(pads).size).toBe(300);
  for (const m of masked) expect(unmaskToken(m)).toBe(token);
  // No pad is the all-zero pad of an unfilled buffer, and none shows the token as it is.
  for (const m of masked) {
    expect(Buffer.from(m.split('.')[0]!, 'base64url').equals(Buffer.alloc(32))).toBe(false);
    expect(m).not.toContain(Buffer.from(token, 'hex').toString('base64url'));
  }
});

test('a token longer than a block is masked too (and refused on its way back, as any copy over 1,000 characters)', () => {
  const token = crypto.randomBytes(5000).toString('hex');
  expect(unmaskToken(maskToken(token))).toBe(undefined);
  const masked = maskToken(token);
  expect(masked.split('.')[0]!.length).toBeGreaterThan(6000);
});
