import { stringify as toYaml } from 'yaml';
import { illegalArgument } from '../http/errors';
import { json, type Reply } from '../http/respond';
import { toCbor, toSmile } from './binary-formats';

/** A table as `format=json|yaml|cbor|smile` render it: one object per row, cells as strings or null. */
export type CatObjects = Record<string, string | null>[];

/** Renders `_cat` rows in a structured format, or undefined for the text table (`text`/`txt`). */
export function structuredReply(rows: CatObjects, format: string): Reply | undefined {
  switch (format) {
    case 'text':
    case 'txt':
      return undefined;
    case 'json':
      return json(rows);
    case 'yaml':
      return { status: 200, text: `---\n${toYaml(rows)}`, headers: { 'content-type': 'application/yaml' } };
    case 'cbor':
      return { status: 200, raw: toCbor(rows), headers: { 'content-type': 'application/cbor' } };
    case 'smile':
      return { status: 200, raw: toSmile(rows), headers: { 'content-type': 'application/smile' } };
    default:
      throw illegalArgument(`Unsupported format [${format}]`);
  }
}
