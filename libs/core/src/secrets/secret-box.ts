import { createCipheriv, createDecipheriv, createHmac, randomBytes } from 'node:crypto';

const VERSION = 'fsec:v1:';
const B64 = '[A-Za-z0-9+/]*={0,2}';
const SEALED = new RegExp(`^fsec:v1:([0-9a-f]{8}):(${B64}):(${B64}):(${B64})$`);

/** Finds every sealed value inside a longer text (e.g. a JSON document); global, so reset `lastIndex` or use `replace`. */
export const SEALED_PATTERN = new RegExp(`fsec:v1:[0-9a-f]{8}:${B64}:${B64}:${B64}`, 'g');

/** Thrown when a sealed value cannot be opened; names where it is stored, never the value. */
export class SecretOpenError extends Error {
  constructor(
    /** Where the value is stored, e.g. `influx_remotes.remote_api_token/0a1b`. */
    readonly context: string,
    reason: string,
  ) {
    super(`cannot open the secret stored in ${context}: ${reason}`);
    this.name = 'SecretOpenError';
  }
}

/**
 * Seals and opens secrets with AES-256-GCM. A sealed value is the string
 * `fsec:v1:<keyId>:<iv>:<tag>:<ciphertext>` (base64 parts, a fresh 12-byte IV each time); the context,
 * usually {@link secretContext} of where the value is stored, is authenticated with it, so a sealed value
 * copied to another row does not open.
 */
export interface SecretBox {
  /** Id of the key that seals (the first 8 hex digits of an HMAC of the key; it does not reveal it). */
  readonly keyId: string;
  /** Encrypts `plaintext` for `context`. */
  seal(plaintext: string, context: string): string;
  /** Decrypts a value sealed for `context` by the current or a previous key; {@link SecretOpenError} otherwise. */
  open(sealed: string, context: string): string;
  /** True if the value was sealed by a key this box holds. */
  canOpen(sealed: string): boolean;
  /** Opens with any known key and seals again with the current one (fresh IV). */
  reseal(sealed: string, context: string): string;
}

/** True for a string in the sealed format (whichever key sealed it); anything else is plaintext. */
export function isSealed(value: unknown): value is string {
  return typeof value === 'string' && SEALED.test(value);
}

/** The id of a 32-byte key, as written into the values it seals. */
export function secretKeyId(key: Buffer): string {
  return createHmac('sha256', key).update('ferry secret key id').digest('hex').slice(0, 8);
}

/** The context of a value stored in `table.column` of the row with primary key `key` (parts joined by `/`). */
export function secretContext(table: string, column: string, key: string | readonly string[]): string {
  return `${table}.${column}/${typeof key === 'string' ? key : key.join('/')}`;
}

/** Options of {@link createSecretBox}. */
export interface SecretBoxOptions {
  /** The 32-byte key that seals and opens. */
  current: Buffer;
  /** Older keys that still open (during and after an interrupted rotation). */
  previous?: readonly Buffer[];
}

function checkKey(key: Buffer): Buffer {
  if (key.length !== 32) throw new Error(`a secret key must be 32 bytes, got ${key.length}`);
  return key;
}

/** Builds a {@link SecretBox} from its keys. */
export function createSecretBox(options: SecretBoxOptions): SecretBox {
  const current = checkKey(options.current);
  const keyId = secretKeyId(current);
  const keys = new Map<string, Buffer>([[keyId, current]]);
  for (const k of options.previous ?? []) if (!keys.has(secretKeyId(checkKey(k)))) keys.set(secretKeyId(k), k);

  function seal(plaintext: string, context: string): string {
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', current, iv);
    cipher.setAAD(Buffer.from(context, 'utf8'));
    const data = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
    return `${VERSION}${keyId}:${iv.toString('base64')}:${cipher.getAuthTag().toString('base64')}:${data.toString('base64')}`;
  }

  function open(sealed: string, context: string): string {
    const m = typeof sealed === 'string' ? SEALED.exec(sealed) : null;
    if (!m) throw new SecretOpenError(context, 'it is not a sealed value');
    const key = keys.get(m[1]);
    if (!key) throw new SecretOpenError(context, `it was sealed with key ${m[1]}, which is not configured`);
    const iv = Buffer.from(m[2], 'base64');
    const tag = Buffer.from(m[3], 'base64');
    if (iv.length !== 12 || tag.length !== 16) throw new SecretOpenError(context, 'it is malformed');
    try {
      const decipher = createDecipheriv('aes-256-gcm', key, iv);
      decipher.setAAD(Buffer.from(context, 'utf8'));
      decipher.setAuthTag(tag);
      return Buffer.concat([decipher.update(Buffer.from(m[4], 'base64')), decipher.final()]).toString('utf8');
    } catch {
      throw new SecretOpenError(context, 'it does not authenticate (altered, or sealed for another place)');
    }
  }

  return {
    keyId,
    seal,
    open,
    canOpen: (sealed) => isSealed(sealed) && keys.has(sealed.slice(VERSION.length, VERSION.length + 8)),
    reseal: (sealed, context) => seal(open(sealed, context), context),
  };
}
