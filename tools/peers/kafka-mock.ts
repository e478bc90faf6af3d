import { spawn } from 'node:child_process';

/** A running librdkafka mock cluster (one broker), started through Debian's `kcat`. */
export interface KafkaMock {
  /** `127.0.0.1:PORT`, for kafkajs `brokers` or `bootstrap_servers`. */
  bootstrap: string;
  /** Kills kcat (and with it the mock broker) and waits for it to exit. */
  stop(): Promise<void>;
}

/**
 * Starts `kcat -C -b x:9092 -t warmup -X test.mock.num.brokers=1 -d mock` and reads the mock's
 * `bootstrap.servers=127.0.0.1:PORT` from its stderr. Topics are auto-created with 4 partitions on first
 * produce; the mock keeps only ~5 MB per partition (see shared/reference/kafka-mock.md).
 */
export function startKafkaMock(options: { timeoutMs?: number } = {}): Promise<KafkaMock> {
  const child = spawn('kcat', ['-C', '-b', 'x:9092', '-t', 'warmup', '-X', 'test.mock.num.brokers=1', '-d', 'mock', '-o', 'beginning'], {
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    await exited;
  };
  return new Promise<KafkaMock>((resolve, reject) => {
    let seen = '';
    const timer = setTimeout(() => fail(new Error(`kcat mock did not print bootstrap.servers: ${seen.slice(-500)}`)), options.timeoutMs ?? 10_000);
    function fail(err: Error) {
      clearTimeout(timer);
      void stop().then(() => reject(err));
    }
    child.once('error', (err) => fail(new Error(`cannot start kcat (apt-get install -y kafkacat): ${err.message}`)));
    child.stderr.on('data', (chunk: Buffer) => {
      seen += chunk.toString('utf8');
      const match = /bootstrap\.servers=(127\.0\.0\.1:\d+)/.exec(seen);
      if (!match) return;
      clearTimeout(timer);
      // Keep draining stderr (debug output) so kcat never blocks on a full pipe.
      seen = '';
      child.stderr.removeAllListeners('data');
      child.stderr.resume();
      resolve({ bootstrap: match[1], stop });
    });
  });
}
