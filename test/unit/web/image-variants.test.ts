// Poster variants: WebP at the widths offered, one conversion per variant, and a file the converter
// cannot read gives null (the route then sends the file as the author made it).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { knownWidth, resizable, variantUrl, webpVariant } from '../../../src/web/image-variants';

const JPEG = path.join(__dirname, '..', '..', 'fixtures', 'mini-course', 'media', 'clip.jpg');

test('only the widths offered, only pictures', () => {
  expect([knownWidth('560'), knownWidth('960'), knownWidth('561'), knownWidth('0560x'), knownWidth(['560']), knownWidth(undefined)]).toEqual([560, 960, null, null, null, null]);
  expect([resizable('a.jpg'), resizable('b.JPEG'), resizable('c.png'), resizable('d.webp'), resizable('e.svg'), resizable('f.mp4')]).toEqual([true, true, true, true, false, false]);
  expect(variantUrl('posters/a.jpg', 560)).toBe('/media/posters/a.jpg?w=560');
  expect(variantUrl('a.svg', 560)).toBe('/media/a.svg');
});

test('a JPEG becomes a WebP once per version; an unreadable file gives null', async () => {
  const mtime = fs.statSync(JPEG).mtimeMs;
  const first = webpVariant(JPEG, mtime, 560);
  expect(webpVariant(JPEG, mtime, 560)).toBe(first);
  const webp = (await first)!;
  expect(webp.subarray(0, 4).toString('latin1')).toBe('RIFF');
  expect(webp.subarray(8, 12).toString('latin1')).toBe('WEBP');
  // A new version of the file is converted anew.
  expect(webpVariant(JPEG, mtime + 1, 560)).not.toBe(first);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'steun-variant-'));
  try {
    const broken = path.join(dir, 'kapot.jpg');
    fs.writeFileSync(broken, 'geen plaatje');
    expect(await webpVariant(broken, 1, 560)).toBeNull();
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
