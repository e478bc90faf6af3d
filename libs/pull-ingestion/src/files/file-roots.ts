import { lstatSync, realpathSync } from 'node:fs';
import { realpath } from 'node:fs/promises';
import { basename, dirname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import { ValidationError } from '@ferry/core';

/** The config setting named in refusals (never the paths themselves). */
export const ROOTS_SETTING = 'ingestion.file.roots';

/** Why a setting's path is refused. */
export function outsideRoots(setting: string): string {
  return `Setting [${setting}] must name a path inside the directories allowed by Ferry's [${ROOTS_SETTING}] setting`;
}

// NAME_MAX of Linux and most file systems: no longer file or directory name can exist or be created.
const MAX_NAME_BYTES = 255;

const codeOf = (err: unknown) => (err as NodeJS.ErrnoException).code;

/**
 * The real path of `path`: symlinks resolved in the part that exists, the rest appended. Undefined for a
 * dangling symlink, whose target a write would create wherever it points.
 */
export function realpathOfExisting(path: string): string | undefined {
  const tail: string[] = [];
  for (let head = path; ; head = dirname(head)) {
    try {
      return join(realpathSync(head), ...tail);
    } catch (err) {
      if (codeOf(err) !== 'ENOENT' && codeOf(err) !== 'ENOTDIR') throw err;
      if (lstatOrUndefined(head)?.isSymbolicLink()) return undefined;
    }
    if (dirname(head) === head) return path;
    tail.unshift(basename(head));
  }
}

function lstatOrUndefined(path: string) {
  try {
    return lstatSync(path);
  } catch {
    return undefined;
  }
}

function inside(root: string, path: string): boolean {
  const rel = relative(root, path);
  return rel === '' || (rel !== '..' && !rel.startsWith(`..${sep}`) && !isAbsolute(rel));
}

/**
 * The directories under which file sources and dead-letter files may live. Every path a client names is
 * resolved (relative ones under the first root), its symlinks followed, and refused outside the roots.
 */
export class FileRoots {
  private readonly real: string[];

  /** `roots` must be absolute. */
  constructor(readonly roots: readonly string[]) {
    if (roots.length === 0) throw new Error(`${ROOTS_SETTING} must name at least one directory`);
    this.real = roots.map((r) => realpathOfExisting(resolve(r)) ?? resolve(r));
  }

  /** The real path `path` names (relative: under the first root), or undefined when it is outside the roots. */
  locate(path: string): string | undefined {
    // No file name holds a NUL byte or a part past the file system's limit, and fs throws on either (a 500
    // where the client deserves a 400).
    if (path.includes('\0') || path.split(/[\\/]/).some((part) => Buffer.byteLength(part) > MAX_NAME_BYTES)) return undefined;
    const real = realpathOfExisting(resolve(this.roots[0], path));
    return real !== undefined && this.real.some((r) => inside(r, real)) ? real : undefined;
  }

  /** {@link locate}, or a 400 naming `setting` (and neither the path nor the roots). */
  resolve(path: string, setting: string): string {
    const real = this.locate(path);
    if (real === undefined) throw new ValidationError(outsideRoots(setting), { type: 'illegal_argument_exception' });
    return real;
  }

  /** Re-checks an existing file just before it is opened: a symlink made since must not lead out. */
  async checkOpen(path: string, what: string): Promise<string> {
    const real = await realpath(path).catch((err: unknown) => (codeOf(err) === 'ENOENT' ? undefined : Promise.reject(err)));
    if (real === undefined) return path;
    if (!this.real.some((r) => inside(r, real))) throw new Error(`${what} leads outside the directories allowed by [${ROOTS_SETTING}]`);
    return real;
  }
}
