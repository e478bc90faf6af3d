import { AppError } from '@ferry/core';

/** What went wrong where in a script: its source, the offset, the cause. */
export interface ScriptErrorInfo {
  source: string;
  pos: number;
  reason: string;
  /** `compile error` (the default) or `runtime error`. */
  phase?: 'compile' | 'runtime';
  /** The Java exception type OpenSearch names in `caused_by`. */
  causeType?: string;
}

/** A window of the source around the offset and a caret line, as Painless renders `script_stack`. */
function stackOf(source: string, pos: number): string[] {
  const start = Math.max(0, pos - 25);
  const end = Math.min(source.length, pos + 25);
  return [source.slice(start, end), `${' '.repeat(pos - start)}^---- HERE`];
}

/**
 * 400 `script_exception` in OpenSearch's shape (`script_stack`, `script`, `lang`, `position`, `caused_by`):
 * a script that does not parse, uses what the embedded cluster does not run, or fails while it runs.
 */
export function scriptError(info: ScriptErrorInfo): AppError {
  const pos = Math.max(0, Math.min(info.pos, info.source.length));
  const runtime = info.phase === 'runtime';
  return new AppError(400, runtime ? 'runtime error' : 'compile error', {
    type: 'script_exception',
    fields: {
      script_stack: stackOf(info.source, pos),
      script: info.source,
      lang: 'painless',
      position: { offset: pos, start: Math.max(0, pos - 25), end: Math.min(info.source.length, pos + 25) },
      caused_by: { type: info.causeType ?? 'illegal_argument_exception', reason: info.reason },
    },
  });
}

/** Thrown inside the interpreter; turned into a {@link scriptError} with the source once it reaches the top. */
export class PainlessFault extends Error {
  constructor(
    message: string,
    readonly pos: number,
    readonly causeType = 'illegal_argument_exception',
  ) {
    super(message);
  }
}
