import { randomBytes } from 'node:crypto';

/** Every secret the fuzzed gateway is configured with; none may appear in an answer or a log line. */
export interface FuzzSecrets {
  viewerToken: string;
  operatorToken: string;
  adminToken: string;
  /** Password of the leader connection the CCR replication uses. */
  ccrPassword: string;
  /** Password of the CCR `use_roles` role on the leader side. */
  ccrRolePassword: string;
  /** Basic-auth password of an HQ saved connection. */
  hqPassword: string;
  /** apiKey of another HQ saved connection. */
  hqApiKey: string;
  /** remoteAPIToken of an InfluxDB remote. */
  influxToken: string;
}

function secret(label: string): string {
  return `fz${label}${randomBytes(12).toString('hex')}`;
}

/** Distinctive random secrets, new for every run. */
export function makeSecrets(): FuzzSecrets {
  return {
    viewerToken: secret('viewer'),
    operatorToken: secret('operator'),
    adminToken: secret('admin'),
    ccrPassword: secret('ccrpw'),
    ccrRolePassword: secret('ccrrolepw'),
    hqPassword: secret('hqpw'),
    hqApiKey: secret('hqkey'),
    influxToken: secret('influxtok'),
  };
}

/** The strings to look for: each secret as is and in the forms it travels (basic auth, base64, percent-encoded). */
export function leakNeedles(secrets: FuzzSecrets): { name: string; needle: string }[] {
  const out: { name: string; needle: string }[] = [];
  for (const [name, value] of Object.entries(secrets)) {
    out.push({ name, needle: value });
    out.push({ name: `${name} (base64)`, needle: Buffer.from(value).toString('base64').slice(0, 20) });
  }
  return out;
}

/** Names of the secrets that appear in `text`. */
export function findLeaks(text: string, needles: readonly { name: string; needle: string }[]): string[] {
  return needles.filter((n) => text.includes(n.needle)).map((n) => n.name);
}
