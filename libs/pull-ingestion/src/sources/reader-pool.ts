import { readdirSync, readFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { extname, join } from 'node:path';
import { Worker } from 'node:worker_threads';
import type { FromReader, ReaderSetup, ToReader } from './reader-protocol';

const READER_FILE = join(__dirname, `reader-thread${extname(__filename)}`);

/**
 * Starts the reader file in a thread. Built code is plain JavaScript. From TypeScript sources (tests,
 * benchmarks) the thread's files come compiled from here (see {@link compiledSources}).
 */
const BOOTSTRAP = `
const { workerData } = require('node:worker_threads');
if (workerData.compiled) {
  require.extensions['.ts'] = (module, filename) => {
    const code = workerData.compiled[filename];
    if (code === undefined) throw new Error('Not compiled for the reader thread: ' + filename);
    module._compile(code, filename);
  };
}
require(workerData.file);
`;

let compiled: Record<string, string> | undefined;

/**
 * From TypeScript sources: this folder's files, compiled once in this thread with swc (a development
 * dependency, only reached then). A thread must not load swc itself: its native module crashes the
 * process when the thread is stopped. Loader hooks such as `-r ts-node/register` are not passed on
 * either: loading TypeScript costs a thread about a second of CPU.
 */
function compiledSources(): Record<string, string> | undefined {
  if (!READER_FILE.endsWith('.ts')) return undefined;
  if (compiled) return compiled;
  const swc = require('@swc/core') as { transformSync(code: string, options: object): { code: string } };
  const out: Record<string, string> = {};
  for (const name of readdirSync(__dirname)) {
    if (!name.endsWith('.ts') || name.endsWith('.test.ts') || name.endsWith('.d.ts')) continue;
    const filename = join(__dirname, name);
    out[filename] = swc.transformSync(readFileSync(filename, 'utf8'), { filename, jsc: { parser: { syntax: 'typescript' }, target: 'es2022' }, module: { type: 'commonjs' } }).code;
  }
  compiled = out;
  return out;
}

/** The process's Node options for a thread, without loader hooks when running from sources. */
function threadExecArgv(): string[] | undefined {
  if (!READER_FILE.endsWith('.ts')) return undefined;
  const out: string[] = [];
  for (let i = 0; i < process.execArgv.length; i++) {
    const arg = process.execArgv[i];
    if (arg === '-r' || arg === '--require') i++;
    else if (!arg.startsWith('--require=')) out.push(arg);
  }
  return out;
}

/** The consumer side of one reader. */
export interface ReaderClient {
  onMessage(m: FromReader): void;
  /** The thread died (a bug or out of memory): the reader is gone. */
  onThreadExit(message: string): void;
}

/** A consumer's reader in a thread of the pool. */
export interface ReaderHandle {
  /** The reader's id in its thread's messages. */
  rid: number;
  post(m: ToReader): void;
  /** Forgets the reader (after its `closed`); the thread stops with its last reader. */
  release(): void;
}

interface Thread {
  worker: Worker;
  clients: Map<number, ReaderClient>;
  /** Set while the thread has no reader: it stops when this fires. */
  idle?: NodeJS.Timeout;
}

/**
 * The reader threads of the process, shared by every Kafka and Kinesis consumer: at most one per spare
 * core (1 to 4), each hosting several readers, so an index of many shards costs threads in proportion to
 * the cores, not to the shards. A thread starts with its first reader and stops a while after its last.
 */
export class ReaderPool {
  private readonly threads: Thread[] = [];
  private nextRid = 1;

  constructor(
    private readonly size = Math.max(1, Math.min(4, availableParallelism() - 1)),
    private readonly idleMs = 10_000,
  ) {}

  open(client: ReaderClient, setup: ReaderSetup): ReaderHandle {
    const thread = this.pick();
    const rid = this.nextRid++;
    thread.clients.set(rid, client);
    thread.worker.postMessage({ op: 'open', rid, setup } satisfies ToReader);
    return {
      rid,
      post: (m) => thread.worker.postMessage(m),
      release: () => this.release(thread, rid),
    };
  }

  /** Threads running now (for tests). */
  get threadCount(): number {
    return this.threads.length;
  }

  private pick(): Thread {
    const least = this.threads.reduce<Thread | undefined>((a, t) => (!a || t.clients.size < a.clients.size ? t : a), undefined);
    const thread = least && (least.clients.size === 0 || this.threads.length >= this.size) ? least : this.spawn();
    clearTimeout(thread.idle);
    thread.idle = undefined;
    thread.worker.ref();
    return thread;
  }

  private spawn(): Thread {
    const worker = new Worker(BOOTSTRAP, { eval: true, execArgv: threadExecArgv(), workerData: { file: READER_FILE, compiled: compiledSources(), ferryReaders: true } });
    const thread: Thread = { worker, clients: new Map() };
    worker.on('message', (m: FromReader) => thread.clients.get(m.rid)?.onMessage(m));
    const died = (message: string) => {
      const at = this.threads.indexOf(thread);
      if (at < 0) return;
      this.threads.splice(at, 1);
      const clients = [...thread.clients.values()];
      thread.clients.clear();
      for (const c of clients) c.onThreadExit(message);
    };
    worker.on('error', (err) => died(`Source reader thread failed: ${err.message}`));
    worker.on('exit', (code) => died(`Source reader thread exited with code ${code}`));
    this.threads.push(thread);
    return thread;
  }

  /**
   * A thread left without readers lingers `idleMs` (a poller rebuilding its consumer, a pause and resume,
   * the next index) before it stops; meanwhile it does not keep the process alive.
   */
  private release(thread: Thread, rid: number): void {
    thread.clients.delete(rid);
    if (thread.clients.size > 0 || !this.threads.includes(thread)) return;
    thread.worker.unref();
    clearTimeout(thread.idle);
    thread.idle = setTimeout(() => this.stop(thread), this.idleMs).unref();
  }

  private stop(thread: Thread): void {
    if (thread.clients.size > 0) return;
    const at = this.threads.indexOf(thread);
    if (at >= 0) this.threads.splice(at, 1);
    void thread.worker.terminate();
  }
}

/** The pool every Kafka consumer of the process uses unless given another. */
export const readerPool = new ReaderPool();
