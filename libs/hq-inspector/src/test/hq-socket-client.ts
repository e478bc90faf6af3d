// socket.io-client 2.x is what HQ's UI bundles (Engine.IO 3); it ships no types, so this file types the part used.

/** The part of a socket.io-client 2.x socket the tests use. */
export interface ClientSocket {
  connected: boolean;
  io: { engine: { transport: { name: string }; once(event: 'upgrade', fn: () => void): void } };
  on(event: string, fn: (...args: never[]) => void): void;
  emit(event: string, body?: unknown): void;
  close(): void;
}

type Connect = (url: string, options: Record<string, unknown>) => ClientSocket;
const io: Connect = require('socket.io-client');

/** A connected HQ feed client that records every `event` payload. */
export interface FeedClient {
  socket: ClientSocket;
  events: Record<string, unknown>[];
  /** The next recorded payload (from `from` on) that passes `test`. */
  next(test: (e: Record<string, unknown>) => boolean, from?: number, timeoutMs?: number): Promise<Record<string, unknown>>;
}

/** Options of {@link openFeed}. */
export interface OpenFeedOptions {
  transports: string[];
  headers?: Record<string, string>;
  query?: Record<string, string>;
}

/** Connects as HQ's UI does (`io(origin + '/ws', {path: '/socket.io'})`); rejects on a refused handshake. */
export function openFeed(origin: string, options: OpenFeedOptions): Promise<FeedClient> {
  const socket = io(`${origin}/ws`, {
    path: '/socket.io',
    transports: options.transports,
    forceNew: true,
    reconnection: false,
    extraHeaders: options.headers,
    query: options.query,
  });
  const events: Record<string, unknown>[] = [];
  socket.on('event', (e: Record<string, unknown>) => events.push(e));
  const next: FeedClient['next'] = (test, from = 0, timeoutMs = 8000) =>
    new Promise((ok, fail) => {
      const started = Date.now();
      const look = () => {
        const hit = events.slice(from).find(test);
        if (hit) return ok(hit);
        if (Date.now() - started > timeoutMs) return fail(new Error(`no matching event in ${timeoutMs} ms; got ${JSON.stringify(events).slice(0, 400)}`));
        setTimeout(look, 20);
      };
      look();
    });
  return new Promise((ok, fail) => {
    socket.on('connect', () => ok({ socket, events, next }));
    socket.on('connect_error', (err: Error) => {
      socket.close();
      fail(err);
    });
    socket.on('error', (err: unknown) => {
      socket.close();
      fail(err instanceof Error ? err : new Error(String(err)));
    });
  });
}
