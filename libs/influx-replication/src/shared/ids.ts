import { randomBytes } from 'node:crypto';

const ID = /^[0-9a-f]{16}$/;

/** A new platform ID: 16 lowercase hex characters, never all zeros. */
export function newId(): string {
  for (;;) {
    const id = randomBytes(8).toString('hex');
    if (id !== '0000000000000000') return id;
  }
}

/** The reason InfluxDB gives for a bad ID, or undefined when the ID is valid. */
export function idProblem(value: unknown): string | undefined {
  if (typeof value !== 'string') return 'invalid ID';
  if (value.length !== 16) return 'id must have a length of 16 bytes';
  if (!ID.test(value) || value === '0000000000000000') return 'invalid ID';
  return undefined;
}

/** True for a valid 16-hex, non-zero ID. */
export function isId(value: unknown): value is string {
  return idProblem(value) === undefined;
}
