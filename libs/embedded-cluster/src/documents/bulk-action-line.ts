import { illegalArgument } from '../http/errors';
import { parseJson } from '../http/json-depth';

/** The four `_bulk` actions. */
export type BulkAction = 'index' | 'create' | 'update' | 'delete';

/** A parsed action/metadata line: the action and its parameters with simple values. */
export interface ActionLine {
  action: BulkAction;
  meta: Record<string, unknown>;
}

const ACTIONS = new Set<string>(['index', 'create', 'update', 'delete']);

/** OpenSearch's `XContentParser.Token` name for the first token of a JSON value. */
function tokenOf(value: unknown): string {
  if (value === null) return 'VALUE_NULL';
  if (Array.isArray(value)) return 'START_ARRAY';
  switch (typeof value) {
    case 'object':
      return 'START_OBJECT';
    case 'number':
      return 'VALUE_NUMBER';
    case 'boolean':
      return 'VALUE_BOOLEAN';
    default:
      return 'VALUE_STRING';
  }
}

function malformed(line: number, detail: string): Error {
  return illegalArgument(`Malformed action/metadata line [${line}], ${detail}`);
}

/**
 * Parses one action/metadata line with the checks of OpenSearch's `BulkRequestParser`, in its order and
 * with its messages: an object holding exactly one known action whose value is an object (or absent
 * parameters) of simple values. `line` is 1-based.
 */
export function parseActionLine(text: string, line: number): ActionLine {
  let header: unknown;
  try {
    header = parseJson(text);
  } catch (err) {
    if (!(err instanceof SyntaxError)) throw err;
    throw malformed(line, 'expected START_OBJECT or END_OBJECT but found [VALUE_STRING]');
  }
  if (tokenOf(header) !== 'START_OBJECT') throw malformed(line, `expected START_OBJECT but found [${tokenOf(header)}]`);
  const keys = Object.keys(header as object);
  if (keys.length === 0) throw malformed(line, 'expected FIELD_NAME but found [END_OBJECT]');
  const action = keys[0];
  if (!ACTIONS.has(action)) throw malformed(line, `expected field [create], [delete], [index] or [update] but found [${action}]`);
  const params = (header as Record<string, unknown>)[action];
  if (tokenOf(params) !== 'START_OBJECT') throw malformed(line, `expected START_OBJECT or END_OBJECT but found [${tokenOf(params)}]`);
  if (keys.length > 1) throw malformed(line, 'expected END_OBJECT but found [FIELD_NAME]');
  const meta = params as Record<string, unknown>;
  for (const [field, value] of Object.entries(meta)) {
    if (value !== null && typeof value === 'object' && field !== '_source') {
      throw malformed(line, `expected a simple value for field [${field}] but found [${tokenOf(value)}]`);
    }
  }
  return { action: action as BulkAction, meta };
}
