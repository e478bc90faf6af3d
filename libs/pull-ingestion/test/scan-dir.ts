import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';

/** Files under `dir` whose bytes hold `secret` as UTF-8, UTF-16LE or base64. */
export function filesHolding(dir: string, secret: string): string[] {
  const needles = [Buffer.from(secret, 'utf8'), Buffer.from(secret, 'utf16le'), Buffer.from(Buffer.from(secret).toString('base64'))];
  const found: string[] = [];
  const walk = (d: string) => {
    for (const name of readdirSync(d)) {
      const p = join(d, name);
      if (statSync(p).isDirectory()) walk(p);
      else if (needles.some((n) => readFileSync(p).includes(n))) found.push(p);
    }
  };
  walk(dir);
  return found;
}
