const NEWLINE = 0x0a;
const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const BRACE = 0x7b;
const COLON = 0x3a;

type Action = 'index' | 'create' | 'update' | 'delete';
const ACTIONS: readonly (readonly [Action, Buffer])[] = (['index', 'create', 'update', 'delete'] as const).map((a) => [a, Buffer.from(`"${a}"`)] as const);

/** The ingestion names, and their UTF-8 lengths to skip most strings without decoding them. */
interface NameSet {
  names: ReadonlySet<string>;
  byteLengths: ReadonlySet<number>;
}

/** Whether bytes `start..end` hold only the whitespace `String.prototype.trim` drops from ASCII. */
function isBlank(body: Buffer, start: number, end: number): boolean {
  for (let i = start; i < end; i++) {
    const b = body[i];
    if (b !== 0x20 && b !== 0x09 && b !== 0x0d && b !== 0x0b && b !== 0x0c) return false;
  }
  return true;
}

/** Skips JSON whitespace (a line holds no newline). */
function skipSpace(body: Buffer, i: number, end: number): number {
  while (i < end && (body[i] === 0x20 || body[i] === 0x09 || body[i] === 0x0d)) i++;
  return i;
}

function startsWith(body: Buffer, at: number, end: number, bytes: Buffer): boolean {
  if (at + bytes.length > end) return false;
  for (let k = 0; k < bytes.length; k++) if (body[at + k] !== bytes[k]) return false;
  return true;
}

/** The action of a line shaped as writers print one (`{"index":`, `{ "delete" :` ...), else undefined. */
function leadingAction(body: Buffer, start: number, end: number): Action | undefined {
  let i = skipSpace(body, start, end);
  if (body[i] !== BRACE) return undefined;
  i = skipSpace(body, i + 1, end);
  for (const [action, bytes] of ACTIONS) {
    if (startsWith(body, i, end, bytes)) return body[skipSpace(body, i + bytes.length, end)] === COLON ? action : undefined;
  }
  return undefined;
}

/**
 * Whether some string of a line is one of the names; 'escaped' when the line holds a backslash. Without
 * escapes a JSON line has no quote inside a string, so each pair of quotes encloses one key or value.
 */
function stringsOf(body: Buffer, start: number, end: number, set: NameSet): 'name' | 'escaped' | 'clear' {
  let open = -1;
  for (let i = start; i < end; i++) {
    const b = body[i];
    if (b === BACKSLASH) return 'escaped';
    if (b !== QUOTE) continue;
    if (open < 0) {
      open = i;
      continue;
    }
    if (set.byteLengths.has(i - open - 1) && set.names.has(body.toString('utf8', open + 1, i))) return 'name';
    open = -1;
  }
  return 'clear';
}

/** The action of a line with escapes or an unusual shape, from `JSON.parse` (escapes decoded). */
function parsedAction(line: string, names: ReadonlySet<string>): Action | undefined {
  let parsed: unknown;
  try {
    parsed = JSON.parse(line);
  } catch {
    return undefined;
  }
  if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) return undefined;
  const keys = Object.keys(parsed);
  const action = ACTIONS.find(([a]) => a === keys[0])?.[0];
  if (keys.length !== 1 || !action) return undefined;
  const meta = (parsed as Record<string, unknown>)[action] as { _index?: unknown } | null;
  if (typeof meta !== 'object' || (meta && typeof meta._index === 'string' && names.has(meta._index))) return undefined;
  return action;
}

/**
 * The action of one action line, or undefined when the line may name an ingestion index or alias
 * (any string of it equals a name) or is not a plain action line: the caller then runs the full check.
 */
function lineAction(body: Buffer, start: number, end: number, set: NameSet): Action | undefined {
  const action = leadingAction(body, start, end);
  const strings = action ? stringsOf(body, start, end, set) : 'escaped';
  if (strings === 'name') return undefined;
  return strings === 'clear' ? action : parsedAction(body.toString('utf8', start, end), set.names);
}

/** Past this many names, searching the body once per name costs more than the scan. */
const MAX_BYTE_SEARCHES = 8;

/**
 * Whether no name can be in the body at all: no name as bytes and no escape that could spell one. A
 * few native byte searches, much cheaper than the scan, for the usual bulk that is nowhere near one.
 */
function absent(body: Buffer, names: ReadonlySet<string>): boolean {
  if (names.size > MAX_BYTE_SEARCHES || body.includes(BACKSLASH)) return false;
  for (const name of names) if (body.includes(name)) return false;
  return true;
}

/**
 * Whether a `_bulk` body may write to one of `names` (ingestion indices and their aliases), reading only
 * its action lines: source lines are skipped by counting lines, never decoded or searched, so names
 * inside documents and `\u` escapes in them cost nothing. A name must be a whole JSON string of an
 * action line (so `logs` does not match `"logs-2024"`); action lines with escapes are parsed, which
 * decodes them. True also for any body this scan cannot follow: the full check (`parseBulkEntries`)
 * then decides, so the answer is never less strict than parsing every action line.
 */
export function bulkMayWriteTo(body: Buffer, names: ReadonlySet<string>): boolean {
  if (names.size === 0) return false;
  // Invalid UTF-8 decodes to U+FFFD, so such a name can be spelled with bytes no search would find.
  for (const name of names) if (name.includes('\uFFFD')) return true;
  if (absent(body, names)) return false;
  const set: NameSet = { names, byteLengths: new Set([...names].map((n) => Buffer.byteLength(n))) };
  let expectSource = false;
  for (let pos = 0; pos < body.length; ) {
    let end = body.indexOf(NEWLINE, pos);
    if (end < 0) end = body.length;
    const start = pos;
    pos = end + 1;
    const blank = isBlank(body, start, end);
    if (expectSource) {
      if (blank) return true;
      expectSource = false;
      continue;
    }
    if (blank) continue;
    const action = lineAction(body, start, end, set);
    if (action === undefined) return true;
    expectSource = action !== 'delete';
  }
  return expectSource;
}
