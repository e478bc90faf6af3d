/**
 * Splits a batch of line protocol into `n` lanes by series (measurement and tag set), so that lanes can be
 * sent at the same time without reordering the writes of any one series: every line of a series goes to the
 * same lane, in queue order. Points of different series cannot overwrite each other, so their relative
 * order does not matter to InfluxDB. A tag set written in a different order is the same series: the lane is
 * chosen from the tags in a canonical order.
 */

import { BACKSLASH, COMMA, NL, SPACE } from '../shared/line-bytes';

const FNV_OFFSET = 0x811c9dc5;
const FNV_PRIME = 0x01000193;

function fnv(buf: Buffer, start: number, end: number, hash: number): number {
  let h = hash;
  for (let i = start; i < end; i++) h = Math.imul(h ^ buf[i], FNV_PRIME);
  return h;
}

/** End of the series key of the line at `start`: its first unescaped space (or `end`). */
function seriesEnd(buf: Buffer, start: number, end: number): number {
  for (let i = start; i < end; i++) {
    const c = buf[i];
    if (c === BACKSLASH) i++;
    else if (c === SPACE) return i;
  }
  return end;
}

/** Start offsets of the comma-separated segments of `[start, end)` (measurement first, then tags). */
function segments(buf: Buffer, start: number, end: number): number[] {
  const starts = [start];
  for (let i = start; i < end; i++) {
    const c = buf[i];
    if (c === BACKSLASH) i++;
    else if (c === COMMA) starts.push(i + 1);
  }
  return starts;
}

/** A hash of the series key `[start, end)` that does not depend on the order of its tags. */
export function seriesHash(buf: Buffer, start: number, end: number): number {
  const starts = segments(buf, start, end);
  if (starts.length <= 2) return fnv(buf, start, end, FNV_OFFSET) >>> 0;
  const bounds = starts.map((s, i) => [s, i + 1 < starts.length ? starts[i + 1] - 1 : end] as const);
  let sorted = true;
  for (let i = 2; i < bounds.length && sorted; i++) {
    sorted = buf.compare(buf, bounds[i][0], bounds[i][1], bounds[i - 1][0], bounds[i - 1][1]) >= 0;
  }
  // Clients usually sort tags (InfluxDB recommends it): then the key as written is already canonical.
  if (sorted) return fnv(buf, start, end, FNV_OFFSET) >>> 0;
  const tags = bounds.slice(1).sort((a, b) => buf.compare(buf, a[0], a[1], b[0], b[1]));
  let h = fnv(buf, bounds[0][0], bounds[0][1], FNV_OFFSET);
  for (const [s, e] of tags) h = fnv(buf, s, e, Math.imul(h ^ COMMA, FNV_PRIME));
  return h >>> 0;
}

/** The lines of `lines` (newline-terminated) in `n` lanes; empty lanes are left out. */
export function splitBySeries(lines: Buffer, n: number): Buffer[] {
  if (n <= 1 || lines.length === 0) return [lines];
  const laneOf: number[] = [];
  const starts: number[] = [];
  const sizes = new Array<number>(n).fill(0);
  for (let start = 0; start < lines.length; ) {
    let end = lines.indexOf(NL, start);
    if (end < 0) end = lines.length - 1;
    const lane = seriesHash(lines, start, seriesEnd(lines, start, end)) % n;
    laneOf.push(lane);
    starts.push(start);
    sizes[lane] += end + 1 - start;
    start = end + 1;
  }
  const out = sizes.map((size) => Buffer.allocUnsafe(size));
  const filled = new Array<number>(n).fill(0);
  for (let k = 0; k < starts.length; k++) {
    // Runs of consecutive lines in the same lane are copied at once.
    const lane = laneOf[k];
    let j = k;
    while (j + 1 < starts.length && laneOf[j + 1] === lane) j++;
    const end = j + 1 < starts.length ? starts[j + 1] : lines.length;
    filled[lane] += lines.copy(out[lane], filled[lane], starts[k], end);
    k = j;
  }
  return out.filter((b) => b.length > 0);
}
