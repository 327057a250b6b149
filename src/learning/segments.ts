// Watched parts of a video: only what was actually played counts, merged, never the furthest
// position, and never more than can have been played since the teacher pressed play.

export type Segment = [start: number, end: number];

/** Gaps shorter than this (seconds) between played parts are closed: rounding and buffering, not skipping. */
const JOIN_GAP = 0.5;
/**
 * A gap is only closed between parts at least this long. Parts far shorter than the gaps between
 * them are not playback with rounding noise but fragments, and must not add up to coverage.
 */
const MIN_JOINED_PART = 2;
/** Parts shorter than this are dropped: no player reports them (the page drops them too). */
export const MIN_PART = 0.25;
/** A reported end may exceed the duration by this much (container vs player rounding). */
const END_TOLERANCE = 1;
/** The fastest playback speed the player offers. */
export const FASTEST_RATE = 2;
/** Seconds of slack on the wall-clock bound: network delay between the start beacon and a report. */
export const CREDIT_SLACK_SECONDS = 3;

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

/** The exact union: sorted, overlapping or touching segments merged, nothing added. */
function union(segments: readonly Segment[]): Segment[] {
  const all = segments.filter(([s, e]) => e > s).sort((x, y) => x[0] - y[0] || x[1] - y[1]);
  const out: Segment[] = [];
  for (const [s, e] of all) {
    const last = out[out.length - 1];
    if (last && s <= last[1]) last[1] = Math.max(last[1], e);
    else out.push([s, e]);
  }
  return out;
}

/**
 * The union of both lists; a small gap between two parts is closed only when both parts are real
 * stretches of playback (see MIN_JOINED_PART).
 */
export function mergeSegments(a: readonly Segment[], b: readonly Segment[] = []): Segment[] {
  const out: Segment[] = [];
  for (const [s, e] of union([...a, ...b])) {
    const last = out[out.length - 1];
    if (last && s - last[1] <= JOIN_GAP && last[1] - last[0] >= MIN_JOINED_PART && e - s >= MIN_JOINED_PART) last[1] = e;
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
  const seconds = watchedSeconds(clampSegments(segments, duration));
  // A player reports its last played range a frame or two short of the file's length: what is
  // missing is less than half a second, and the person saw the whole video ("100 %", not "99 %").
  if (seconds > 0 && duration - seconds < Math.min(END_SLACK_SECONDS, duration * END_SLACK_SHARE)) return 1;
  return Math.min(1, seconds / duration);
}

/** Unplayed time, in all, below which a video counts as seen to the end: half a second, and under 1 % of it. */
export const END_SLACK_SECONDS = 0.5;
const END_SLACK_SHARE = 0.01;

/** The parts of `segments` not covered by `covered` (exact, in time order). */
export function subtractSegments(segments: readonly Segment[], covered: readonly Segment[]): Segment[] {
  const cover = union(covered);
  const out: Segment[] = [];
  for (const [s0, e] of union(segments)) {
    let s = s0;
    for (const [cs, ce] of cover) {
      if (ce <= s || cs >= e) continue;
      if (cs > s) out.push([s, cs]);
      s = Math.max(s, ce);
      if (s >= e) break;
    }
    if (s < e) out.push([s, e]);
  }
  return out;
}

/** Most seconds of a video that can have been played `elapsedSeconds` after pressing play. */
export function playableSeconds(elapsedSeconds: number, duration: number): number {
  const elapsed = Number.isFinite(elapsedSeconds) ? Math.max(0, elapsedSeconds) : 0;
  return Math.min(duration, elapsed * FASTEST_RATE + CREDIT_SLACK_SECONDS);
}

/** Seconds after pressing play before `seconds` of a video can count (the inverse of playableSeconds). */
export function secondsUntilPlayable(seconds: number): number {
  return Math.max(0, (seconds - CREDIT_SLACK_SECONDS) / FASTEST_RATE);
}

/**
 * The watched parts after a report: what was credited before plus the newly reported parts, in
 * time order, as far as `maxWatched` seconds allow. What does not fit is not kept; the player sends
 * its whole played list with every report, so it is offered again once more time has passed.
 * Fragments shorter than MIN_PART add nothing.
 */
export function creditWatched(previous: readonly Segment[], reported: readonly Segment[], duration: number, maxWatched: number): Segment[] {
  let result = mergeSegments(clampSegments(previous, duration));
  // A reported part too short to be playback is dropped; what a real part adds to what was credited
  // counts however little it is (the player reports its whole played list, a little longer each time).
  const played = clampSegments(reported, duration).filter(([s, e]) => e - s >= MIN_PART);
  const fresh = subtractSegments(played, result);
  for (const [s, e] of fresh) {
    const room = maxWatched - watchedSeconds(result);
    if (room <= 0) break;
    let next = mergeSegments(result, [[s, Math.min(e, s + room)]]);
    // Closing a gap can add a little; never past the bound.
    const over = watchedSeconds(next) - maxWatched;
    if (over > 0) {
      const end = Math.min(e, s + room) - over;
      next = end > s ? mergeSegments(result, [[s, end]]) : result;
    }
    result = next;
  }
  return result;
}
