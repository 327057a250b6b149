// An image of the course's media/ folder (a video's poster) in WebP at a width a page shows it at:
// /media/<file>?w=<width>. The author keeps one JPEG or PNG; a phone gets a few kilobytes instead
// of the full picture. Made on first request with sharp (libvips works off the event loop) and kept
// in memory per file version; a picture sharp cannot read (or a machine without sharp's library)
// gets the file as it is.
import type Sharp from 'sharp';
import { onFirstUse } from '../first-use';

/** The widths offered (CSS pixels at about twice the density of a phone's column, and a desktop's column at 1.3×). */
export const IMAGE_WIDTHS = [560, 960] as const;
/** The width a video's poster has before the player is set up: a phone's column at about 1.7× (views/course/_video.ejs). */
export const POSTER_WIDTH = 560;
const RESIZABLE = /\.(jpe?g|png|webp)$/i;
/** Variants kept (a few kilobytes each). */
const KEPT = 200;

/** sharp's native library, loaded with the first poster asked for (it takes about 60 ms, at start-up every time otherwise). */
const sharp = onFirstUse(() => {
  const library = require('sharp') as typeof Sharp;
  // Variants are kept below; libvips need not keep its own copies.
  library.cache(false);
  return library;
});

export function resizable(file: string): boolean {
  return RESIZABLE.test(file);
}

export function knownWidth(value: unknown): number | null {
  if (typeof value !== 'string' || !/^\d{1,5}$/.test(value)) return null;
  const width = Number(value);
  return (IMAGE_WIDTHS as readonly number[]).includes(width) ? width : null;
}

const made = new Map<string, Promise<Buffer | null>>();

/**
 * The WebP of `fullPath` (modified at `mtimeMs`) at most `width` pixels wide (never enlarged), or
 * null when sharp cannot read it. Requests for the same variant share one conversion.
 */
export function webpVariant(fullPath: string, mtimeMs: number, width: number): Promise<Buffer | null> {
  const key = `${fullPath}\0${mtimeMs}\0${width}`;
  let variant = made.get(key);
  if (variant) {
    made.delete(key);
    made.set(key, variant);
    return variant;
  }
  try {
    variant = sharp()(fullPath)
      .resize({ width, withoutEnlargement: true })
      .webp({ quality: 72 })
      .toBuffer()
      .catch(() => null);
  } catch {
    // No libvips for this machine (sharp's binaries did not install): the original is sent.
    variant = Promise.resolve(null);
  }
  made.set(key, variant);
  if (made.size > KEPT) made.delete(made.keys().next().value as string);
  return variant;
}

/** The URL of a media file's variant (`/media/<file>?w=<width>`), or the file itself when it cannot be resized. */
export function variantUrl(file: string, width: number): string {
  return resizable(file) ? `/media/${file}?w=${width}` : `/media/${file}`;
}

const posterUrls = new Map<string, { poster: string; posterSet: string }>();
/**
 * A video poster's URLs on a lesson page: the one the browser's own player shows (POSTER_WIDTH) and
 * the `srcset` the set-up player offers ('' for a file that cannot be resized). Worked out once per
 * poster, not on every page.
 */
export function posterSources(file: string): { poster: string; posterSet: string } {
  let urls = posterUrls.get(file);
  if (!urls) {
    urls = { poster: variantUrl(file, POSTER_WIDTH), posterSet: resizable(file) ? IMAGE_WIDTHS.map((w) => `${variantUrl(file, w)} ${w}w`).join(', ') : '' };
    posterUrls.set(file, urls);
  }
  return urls;
}
