import { createServer, type IncomingMessage, type Server } from 'node:http';
import { gunzipSync } from 'node:zlib';

/** One request a {@link ScriptedRemote} received. */
export interface Received {
  url: string;
  headers: IncomingMessage['headers'];
  lines: string[];
  at: number;
}

/** An answer: status, headers and a JSON body. */
export interface Answer {
  status: number;
  headers?: Record<string, string>;
  body?: unknown;
}

/**
 * An HTTP server standing in for a remote whose answers a test scripts (413, 429, 400, 401 ...):
 * real HTTP on 127.0.0.1, used where the test needs a specific misbehaviour a real influxd will not show.
 */
export class ScriptedRemote {
  readonly received: Received[] = [];
  /** Decides the answer; default: 204. */
  answer: (req: Received) => Answer = () => ({ status: 204 });
  private server?: Server;
  url = '';

  /** Lines accepted with 204 so far. */
  readonly delivered: string[] = [];
  /** Delay before answering, to keep requests in flight. */
  delayMs = 0;
  /** Most requests seen in flight at once. */
  maxInFlight = 0;
  private inFlight = 0;

  async start(): Promise<void> {
    this.server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      this.maxInFlight = Math.max(this.maxInFlight, ++this.inFlight);
      req.on('end', async () => {
        if (this.delayMs > 0) await new Promise((r) => setTimeout(r, this.delayMs));
        this.inFlight--;
        let raw = Buffer.concat(chunks);
        if (req.headers['content-encoding'] === 'gzip' && raw.length > 0) raw = gunzipSync(raw);
        const lines = raw.toString('utf8').split('\n').filter(Boolean);
        const got = { url: req.url ?? '', headers: req.headers, lines, at: Date.now() };
        this.received.push(got);
        const a = this.answer(got);
        if (a.status === 204) this.delivered.push(...lines);
        res.writeHead(a.status, { 'content-type': 'application/json', ...(a.headers ?? {}) });
        res.end(a.status === 204 ? undefined : JSON.stringify(a.body ?? { code: 'x', message: `status ${a.status}` }));
      });
    });
    await new Promise<void>((ok) => this.server!.listen(0, '127.0.0.1', () => ok()));
    this.url = `http://127.0.0.1:${(this.server.address() as { port: number }).port}`;
  }

  async stop(): Promise<void> {
    this.server?.closeAllConnections();
    await new Promise<void>((ok) => (this.server ? this.server.close(() => ok()) : ok()));
  }
}
