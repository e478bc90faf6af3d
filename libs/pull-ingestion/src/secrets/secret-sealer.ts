/**
 * Seals a secret before it is stored and opens it where it is used. `aad` names where the value is
 * stored (`<table>.<column>/<key>`), so a sealed value copied to another row does not open.
 */
export interface SecretSealer {
  seal(value: string, aad: string): string;
  open(sealed: string, aad: string): string;
}

/**
 * Stores values as given. TODO(lead): wire core SecretBox (TOKENS.secrets) as INGESTION_TOKENS.sealer, seal
 * the rows this sealer wrote in clear at boot, and purge freed pages after the plaintext migration.
 */
export const identitySealer: SecretSealer = {
  seal: (value) => value,
  open: (sealed) => sealed,
};

/** Where a source param's secret is stored: `ingestion_secrets.sealed/<index>/<param>` (core's secretContext form). */
export function secretAad(index: string, param: string): string {
  return `ingestion_secrets.sealed/${index}/${param}`;
}
