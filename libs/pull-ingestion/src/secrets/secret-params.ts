import { ValidationError } from '@ferry/core';
import { PREFIX, type FlatSettings } from '../settings/flatten';

/**
 * What `GET _settings` shows instead of a secret source param. A `PUT _settings` that sends it back keeps
 * the stored secret, so a client may write back what it read.
 */
export const SECRET_PLACEHOLDER = '<redacted by ferry>';

const PARAM = `${PREFIX}param.`;
// Passwords, tokens, secret keys, JAAS configs (they hold the password), private key material.
const SECRET_WORD = /password|passwd|secret|token|jaas|credential|private/i;
const KEY_MATERIAL = /(^|[._-])key$/i;
// A file path or a URL names where a secret is, it is not one; an AWS access key id is an identifier.
const NOT_SECRET_LAST = /^(location|url|endpoint|type|mechanism)$/i;
const NOT_SECRET = new Set(['access_key']);

/** Whether `index.ingestion_source.param.<name>` holds a secret (Kafka `sasl.password`, Kinesis `secret_key`, ...). */
export function isSecretParam(fullKey: string): boolean {
  if (!fullKey.startsWith(PARAM)) return false;
  const name = fullKey.slice(PARAM.length);
  const last = name.split('.').pop() ?? name;
  if (NOT_SECRET.has(name) || NOT_SECRET_LAST.test(last)) return false;
  return SECRET_WORD.test(name) || KEY_MATERIAL.test(name);
}

/** The param name of a full setting key (`index.ingestion_source.param.sasl.password` → `sasl.password`). */
export function paramName(fullKey: string): string {
  return fullKey.slice(PARAM.length);
}

/**
 * Splits settings into what may be shown and stored in clear (secret params replaced by the
 * placeholder) and the secrets by param name. Values that already are the placeholder are not secrets.
 */
export function separateSecrets(flat: FlatSettings): { visible: FlatSettings; secrets: Record<string, string> } {
  const visible: FlatSettings = {};
  const secrets: Record<string, string> = {};
  for (const [key, value] of Object.entries(flat)) {
    if (!isSecretParam(key)) visible[key] = value;
    else {
      visible[key] = SECRET_PLACEHOLDER;
      if (value !== SECRET_PLACEHOLDER) secrets[paramName(key)] = value;
    }
  }
  return { visible, secrets };
}

/** Refuses a new index whose secret params are the placeholder (settings copied from another index's answer). */
export function assertNoPlaceholders(flat: FlatSettings): void {
  const copied = Object.keys(flat).filter((k) => isSecretParam(k) && flat[k] === SECRET_PLACEHOLDER);
  if (copied.length === 0) return;
  const issues = copied.map((k) => `Setting [${k}] holds Ferry's placeholder for a stored secret [${SECRET_PLACEHOLDER}]: give the secret itself`);
  throw new ValidationError(issues.join('; '), { type: 'illegal_argument_exception', details: { issues } });
}

/**
 * Splits a `PUT _settings` change: the placeholder keeps the stored secret (dropped from the change),
 * a new value is stored as a secret and shown as the placeholder, `null` removes it.
 */
export function separateSecretChange(change: Record<string, string | null>): { visible: Record<string, string | null>; secrets: Record<string, string | null> } {
  const visible: Record<string, string | null> = {};
  const secrets: Record<string, string | null> = {};
  for (const [key, value] of Object.entries(change)) {
    if (!isSecretParam(key)) visible[key] = value;
    else if (value !== SECRET_PLACEHOLDER) {
      secrets[paramName(key)] = value;
      visible[key] = value === null ? null : SECRET_PLACEHOLDER;
    }
  }
  return { visible, secrets };
}
