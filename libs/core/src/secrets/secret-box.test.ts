import { randomBytes } from 'node:crypto';
import { createSecretBox, isSealed, SEALED_PATTERN, secretContext, secretKeyId, SecretOpenError } from './secret-box';
import { parseSecretKey } from './secret-key';

const key = randomBytes(32);
const box = createSecretBox({ current: key });
const here = secretContext('influx_remotes', 'remote_api_token', 'r1');

/** Flips one base64 character of part `index` (3 iv, 4 tag, 5 ciphertext) of a sealed value. */
function tamper(sealed: string, index: number): string {
  const parts = sealed.split(':');
  const p = parts[index];
  parts[index] = (p[0] === 'A' ? 'B' : 'A') + p.slice(1);
  return parts.join(':');
}

describe('SecretBox', () => {
  it('round-trips text, with a fresh IV each time', () => {
    const a = box.seal('hunter2 ✓', here);
    const b = box.seal('hunter2 ✓', here);
    expect(a).toMatch(new RegExp(`^fsec:v1:${box.keyId}:`));
    expect(a).not.toBe(b);
    expect(a).not.toContain('hunter2');
    expect([box.open(a, here), box.open(b, here)]).toEqual(['hunter2 ✓', 'hunter2 ✓']);
    expect(box.open(box.seal('', here), here)).toBe('');
    expect(isSealed(a)).toBe(true);
    expect(isSealed('hunter2')).toBe(false);
  });

  it.each([
    ['iv', 3],
    ['tag', 4],
    ['ciphertext', 5],
  ])('refuses a value whose %s was altered', (_part, index) => {
    const sealed = box.seal('hunter2', here);
    expect(() => box.open(tamper(sealed, index), here)).toThrow(SecretOpenError);
  });

  it('refuses a value moved to another row, naming the row and not the value', () => {
    const sealed = box.seal('hunter2', here);
    const there = secretContext('influx_remotes', 'remote_api_token', 'r2');
    expect(() => box.open(sealed, there)).toThrow('cannot open the secret stored in influx_remotes.remote_api_token/r2: it does not authenticate');
    try {
      box.open(sealed, there);
    } catch (err) {
      expect((err as Error).message).not.toContain('hunter2');
      expect((err as Error).message).not.toContain(sealed.split(':')[5]);
    }
  });

  it('refuses a value of another key, by key id, and plaintext', () => {
    const other = createSecretBox({ current: randomBytes(32) });
    const sealed = other.seal('hunter2', here);
    expect(box.canOpen(sealed)).toBe(false);
    expect(() => box.open(sealed, here)).toThrow(`it was sealed with key ${other.keyId}, which is not configured`);
    expect(() => box.open('hunter2', here)).toThrow('cannot open the secret stored in influx_remotes.remote_api_token/r1: it is not a sealed value');
  });

  it('refuses a same-id forgery made with another key', () => {
    const forged = createSecretBox({ current: randomBytes(32) }).seal('hunter2', here).replace(/^fsec:v1:[0-9a-f]{8}/, `fsec:v1:${box.keyId}`);
    expect(() => box.open(forged, here)).toThrow('does not authenticate');
  });

  it('opens with a previous key and reseals with the current one', () => {
    const next = randomBytes(32);
    const old = box.seal('hunter2', here);
    const rotated = createSecretBox({ current: next, previous: [key] });
    const resealed = rotated.reseal(old, here);
    expect(resealed.split(':')[2]).toBe(secretKeyId(next));
    expect(rotated.open(old, here)).toBe('hunter2');
    expect(createSecretBox({ current: next }).open(resealed, here)).toBe('hunter2');
    expect(() => box.open(resealed, here)).toThrow(SecretOpenError);
  });

  it('finds sealed values inside JSON', () => {
    const json = JSON.stringify({ auth: { type: 'basic', password: box.seal('a', here) }, tls: { key: box.seal('b', here) } });
    expect(json.match(SEALED_PATTERN)?.map((s) => box.open(s, here))).toEqual(['a', 'b']);
  });
});

describe('parseSecretKey', () => {
  const raw = randomBytes(32);
  it.each([
    ['base64', raw.toString('base64')],
    ['base64url', raw.toString('base64url')],
    ['hex', raw.toString('hex')],
    ['hex with a newline', `${raw.toString('hex').toUpperCase()}\n`],
  ])('reads %s', (_form, text) => {
    expect(parseSecretKey(text, 'FERRY_SECRET_KEY').equals(raw)).toBe(true);
  });

  it.each([
    ['16 bytes of base64', randomBytes(16).toString('base64'), 'FERRY_SECRET_KEY must be 32 bytes (44 base64 or 64 hex characters), got 16 bytes'],
    ['33 bytes of base64', randomBytes(33).toString('base64'), 'got 33 bytes'],
    ['31 bytes of hex', randomBytes(31).toString('hex'), 'got 46 bytes'],
    ['not base64', 'not a key!', 'FERRY_SECRET_KEY is not base64 or hex'],
    ['empty', '', 'FERRY_SECRET_KEY is not base64 or hex'],
  ])('refuses %s without echoing it', (_case, text, message) => {
    expect(() => parseSecretKey(text, 'FERRY_SECRET_KEY')).toThrow(message);
    try {
      parseSecretKey(text, 'FERRY_SECRET_KEY');
    } catch (err) {
      if (text) expect((err as Error).message).not.toContain(text);
    }
  });
});
