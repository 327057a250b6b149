// Watched parts of a video: only what was actually played counts, merged, never the furthest position.

export type Segment = [start: number, end: number];

/** Gaps shorter than this (seconds) between played parts are closed: rounding and buffering, not skipping. */
const JOIN_GAP = 0.5;
/** A reported end may exceed the duration by this much (container vs player rounding). */
const END_TOLERANCE = 1;

export function isValidSegment(seg: unknown, duration: number): seg is Segment {
  if (!Array.isArray(seg) || seg.length !== 2) return false;
  const [start, end] = seg as unknown[];
  return typeof start === 'number' && typeof end === 'number' && Number.isFinite(start) && Number.isFinite(end) && start >= 0 && start < end && end <= duration + END_TOLERANCE;
}

/** Limits segments to [0, duration], dropping what falls outside. */
export function clampSegments(segments: readonly Segment[], duration: number): Segment[] {
  const out: Segment[] = [];
  for (const [s, e] of segments) {
    const start = Math.max(0, s);
    const end = Math.min(duration, e);
    if (end > start) out.push([start, end]);
  }
  return out;
}

/** The union of both lists, sorted, overlapping and (nearly) touching segments merged. */
export function mergeSegments(a: readonly Segment[], b: readonly Segment[] = []): Segment[] {
  const all = [...a, ...b].filter(([s, e]) => e > s).sort((x, y) => x[0] - y[0] || x[1] - y[1]);
  const out: Segment[] = [];
  for (const [s, e] of all) {
    const last = out[out.length - 1];
    if (last && s <= last[1] + JOIN_GAP) last[1] = Math.max(last[1], e);
    else out.push([s, e]);
  }
  return out;
}

export function watchedSeconds(segments: readonly Segment[]): number {
  return mergeSegments(segments).reduce((sum, [s, e]) => sum + (e - s), 0);
}

/** Share of the video watched, 0..1. */
export function watchedFraction(segments: readonly Segment[], duration: number): number {
  if (!(duration > 0)) return 0;
  return Math.min(1, watchedSeconds(clampSegments(segments, duration)) / duration);
}
