import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';

/** Every file under `dir`, recursively. */
export function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? filesUnder(path) : [path];
  });
}

/**
 * The `file: form` pairs where one of `secrets` occurs as bytes (UTF-8, UTF-16LE, or base64 as in a Basic
 * header) in a file under `dir`, like `strings | grep`; files whose name ends with one of `skip` are not read.
 */
export function findSecrets(dir: string, secrets: readonly string[], skip: readonly string[] = []): string[] {
  const found: string[] = [];
  for (const file of filesUnder(dir).filter((f) => !skip.some((s) => f.endsWith(s)))) {
    const bytes = readFileSync(file);
    for (const s of secrets) {
      const forms = { utf8: Buffer.from(s, 'utf8'), utf16: Buffer.from(s, 'utf16le'), base64: Buffer.from(Buffer.from(s).toString('base64').slice(0, 16)) };
      for (const [form, needle] of Object.entries(forms)) if (bytes.indexOf(needle) >= 0) found.push(`${file}: ${form} of secret #${secrets.indexOf(s)}`);
    }
  }
  return found;
}
