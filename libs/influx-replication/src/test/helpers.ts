import { createTestGateway, type TestGateway } from '@ferry/core';
import { createServer, type Server, type Socket, connect } from 'node:net';
import { influxReplicationPlugin } from '../plugin';

/** A gateway with only this plugin, listening on 127.0.0.1. */
export function startGateway(influx: Record<string, unknown>, extra: Record<string, unknown> = {}, dataDir?: string): Promise<TestGateway> {
  return createTestGateway({ plugins: [influxReplicationPlugin], config: { influx, ...extra }, dataDir });
}

/** A small HTTP call returning status, headers and parsed body. */
export async function call(
  base: string,
  method: string,
  path: string,
  options: { body?: unknown; token?: string; headers?: Record<string, string> } = {},
): Promise<{ status: number; headers: Headers; body: any }> {
  const headers: Record<string, string> = { ...(options.headers ?? {}) };
  if (options.token) headers.authorization = `Token ${options.token}`;
  let body: string | Buffer | undefined;
  if (Buffer.isBuffer(options.body) || typeof options.body === 'string') body = options.body as string;
  else if (options.body !== undefined) {
    body = JSON.stringify(options.body);
    headers['content-type'] = 'application/json';
  }
  const res = await fetch(`${base}${path}`, { method, headers, body });
  const text = await res.text();
  let parsed: unknown = text;
  try {
    parsed = text ? JSON.parse(text) : undefined;
  } catch {
    // keep text
  }
  return { status: res.status, headers: res.headers, body: parsed };
}

/** Polls `fn` until it returns true or the time is up. */
export async function waitFor(fn: () => Promise<boolean> | boolean, timeoutMs = 20_000, what = 'condition'): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await fn()) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`timed out waiting for ${what}`);
}

/** A TCP proxy to a real peer that can be switched off (connections refused and cut) to simulate an outage. */
export class OutageProxy {
  private server?: Server;
  private readonly sockets = new Set<Socket>();
  port = 0;

  constructor(private readonly target: { host: string; port: number }) {}

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  async up(): Promise<void> {
    const server = createServer((client) => {
      const upstream = connect(this.target.port, this.target.host);
      for (const s of [client, upstream]) {
        this.sockets.add(s);
        s.on('close', () => this.sockets.delete(s));
        s.on('error', () => s.destroy());
      }
      client.pipe(upstream).pipe(client);
      client.on('close', () => upstream.destroy());
      upstream.on('close', () => client.destroy());
    });
    await new Promise<void>((ok) => server.listen(this.port, '127.0.0.1', () => ok()));
    this.port = (server.address() as { port: number }).port;
    this.server = server;
  }

  async down(): Promise<void> {
    const server = this.server;
    this.server = undefined;
    for (const s of this.sockets) s.destroy();
    if (server) await new Promise<void>((ok) => server.close(() => ok()));
  }
}
