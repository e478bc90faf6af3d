import { illegalArgument } from '../http/errors';
import { parseJson } from '../http/json-depth';

/** What a script does to a document's source; `op` may be set to `noop` or `delete` as painless's `ctx.op`. */
export type ScriptFn = (source: Record<string, unknown>) => 'index' | 'noop' | 'delete';

const ASSIGN = /^ctx\._source((?:\.[A-Za-z_][\w]*|\[\s*(?:'[^']*'|"[^"]*")\s*\])+)\s*(=|\+=|-=)\s*(.+)$/;
const REMOVE = /^ctx\._source\.remove\(\s*(?:'([^']*)'|"([^"]*)")\s*\)$/;
const OP = /^ctx\.op\s*=\s*(?:'([^']*)'|"([^"]*)")$/;

function pathOf(raw: string): string[] {
  const parts: string[] = [];
  const re = /\.([A-Za-z_]\w*)|\[\s*(?:'([^']*)'|"([^"]*)")\s*\]/g;
  for (let m = re.exec(raw); m; m = re.exec(raw)) parts.push(m[1] ?? m[2] ?? m[3]);
  return parts;
}

function literal(text: string, params: Record<string, unknown>): unknown {
  const t = text.trim();
  if (t.startsWith('params.')) {
    const name = t.slice('params.'.length);
    if (!(name in params)) throw illegalArgument(`script parameter [${name}] is not defined`);
    return params[name];
  }
  if (/^'.*'$/.test(t)) return t.slice(1, -1);
  try {
    return parseJson(t);
  } catch {
    throw illegalArgument(`unsupported script value [${t}]: the embedded cluster runs only assignments of literals or params`);
  }
}

function holder(source: Record<string, unknown>, path: string[]): Record<string, unknown> {
  let node = source;
  for (const p of path.slice(0, -1)) {
    if (node[p] === null || typeof node[p] !== 'object') node[p] = {};
    node = node[p] as Record<string, unknown>;
  }
  return node;
}

/**
 * Compiles the small painless subset the embedded cluster runs: statements separated by `;`, each one of
 * `ctx._source.a.b = <literal|params.x>`, `+=` / `-=` on numbers (or `+=` on strings),
 * `ctx._source.remove('field')` and `ctx.op = 'noop'|'delete'`. Anything else is a 400, never a guess.
 */
export function compileScript(script: unknown): ScriptFn {
  const spec = typeof script === 'string' ? { source: script } : (script as { source?: unknown; lang?: unknown; params?: unknown; id?: unknown });
  if (spec === null || typeof spec !== 'object') throw illegalArgument('script must be a string or an object');
  if (spec.id !== undefined) throw illegalArgument('stored scripts are not supported by the embedded cluster');
  if (spec.lang !== undefined && spec.lang !== 'painless') throw illegalArgument(`script_lang not supported [${String(spec.lang)}]`);
  if (typeof spec.source !== 'string') throw illegalArgument('must specify either [source] for an inline script or [id] for a stored script');
  const params = (spec.params ?? {}) as Record<string, unknown>;
  const steps = spec.source.split(';').map((s) => s.trim()).filter(Boolean).map((stmt) => compileStatement(stmt, params));
  return (source) => {
    let op: 'index' | 'noop' | 'delete' = 'index';
    for (const step of steps) op = step(source) ?? op;
    return op;
  };
}

function compileStatement(stmt: string, params: Record<string, unknown>): (s: Record<string, unknown>) => 'index' | 'noop' | 'delete' | void {
  const op = OP.exec(stmt);
  if (op) {
    const value = op[1] ?? op[2];
    if (value !== 'noop' && value !== 'delete' && value !== 'index') throw illegalArgument(`Operation type [${value}] not allowed, only [noop, index, delete] are allowed`);
    return () => value;
  }
  const rm = REMOVE.exec(stmt);
  if (rm) {
    const field = rm[1] ?? rm[2];
    return (s) => void delete s[field];
  }
  const m = ASSIGN.exec(stmt);
  if (!m) throw illegalArgument(`unsupported script statement [${stmt}]: the embedded cluster runs only ctx._source assignments, remove() and ctx.op`);
  const path = pathOf(m[1]);
  const value = literal(m[3], params);
  const key = path[path.length - 1];
  return (s) => {
    const h = holder(s, path);
    if (m[2] === '=') h[key] = structuredClone(value);
    else if (m[2] === '+=' && typeof h[key] === 'string') h[key] = `${h[key] as string}${String(value)}`;
    else h[key] = Number(h[key] ?? 0) + (m[2] === '+=' ? Number(value) : -Number(value));
  };
}
