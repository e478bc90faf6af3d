import { secretContext } from '@ferry/core';

/**
 * Seals a secret before it is stored and opens it where it is used. `aad` names where the value is
 * stored (`<table>.<column>/<key>`), so a sealed value copied to another row does not open.
 */
export interface SecretSealer {
  seal(value: string, aad: string): string;
  open(sealed: string, aad: string): string;
}

/** Where a source param's secret is stored, as core's `secretContext` names it (so `ferry secrets rotate` finds it). */
export function secretAad(index: string, param: string): string {
  return secretContext('ingestion_secrets', 'sealed', [index, param]);
}
