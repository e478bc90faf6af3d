// Lag at a steady produce rate: the age of the oldest message not yet written, sampled every 50 ms.
import { appendFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Producer } from 'kafkajs';

interface LagOptions {
  /** Where the messages go: a 4-partition Kafka topic or four ndjson files. */
  source: 'kafka' | 'file';
  /** Base directory of the file source. */
  dir: string;
  gateway: string;
  producer: Producer;
  bootstrap: string;
  /** Messages per second. */
  rate: number;
  seconds: number;
  processed: (gateway: string, index: string) => Promise<number>;
}

const TICK_MS = 20;
const SHARDS = 4;

function percentile(sorted: number[], p: number): number {
  return sorted.length === 0 ? 0 : sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

/** Produces `rate` msgs/s into 4 partitions (Kafka) or files read by a 4-shard index, and samples the lag. */
export async function steadyLag(o: LagOptions) {
  const topic = `steady-${o.source}`;
  const index = `pull-steady-${o.source}`;
  const warm = JSON.stringify({ _id: 'warm', _source: {} });
  const param = o.source === 'kafka' ? { topic, bootstrap_servers: o.bootstrap } : { stream: topic, base_directory: o.dir };
  if (o.source === 'kafka') await o.producer.send({ topic, messages: [{ partition: 0, value: warm }] });
  else {
    mkdirSync(join(o.dir, topic), { recursive: true });
    appendFileSync(join(o.dir, topic, '0.ndjson'), `${warm}\n`);
  }
  const send = async (batch: { partition: number; value: string }[]) => {
    if (o.source === 'kafka') return void (await o.producer.send({ topic, messages: batch }));
    for (let p = 0; p < SHARDS; p++) {
      const lines = batch.filter((m) => m.partition === p).map((m) => `${m.value}\n`);
      if (lines.length) appendFileSync(join(o.dir, topic, `${p}.ndjson`), lines.join(''));
    }
  };
  await fetch(`${o.gateway}/${index}`, {
    method: 'PUT',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ settings: { index: { number_of_shards: SHARDS }, ingestion_source: { type: o.source, pointer: { init: { reset: 'earliest' } }, param } } }),
  });
  while ((await o.processed(o.gateway, index)) < 1) await new Promise((r) => setTimeout(r, 50));
  // producedAt[k] = when message k+1 (counting the warm-up one as 1) was handed to the producer.
  const producedAt: number[] = [0];
  const perTick = (o.rate * TICK_MS) / 1000;
  const end = performance.now() + o.seconds * 1000;
  let sent = 0;
  const producing = (async () => {
    const start = performance.now();
    while (performance.now() < end) {
      const due = Math.floor(((performance.now() - start) / TICK_MS + 1) * perTick);
      const batch = [];
      for (; sent < due; sent++) batch.push({ partition: sent % SHARDS, value: JSON.stringify({ _id: `s-${sent}`, _source: { i: sent, at: Date.now() } }) });
      const now = performance.now();
      for (let i = 0; i < batch.length; i++) producedAt.push(now);
      if (batch.length) await send(batch);
      await new Promise((r) => setTimeout(r, TICK_MS));
    }
  })();
  const samples: number[] = [];
  while (performance.now() < end + 2000) {
    const done = await o.processed(o.gateway, index);
    const now = performance.now();
    // The oldest unwritten message is number done+1 (1-based), produced at producedAt[done].
    samples.push(done < producedAt.length ? now - producedAt[done] : 0);
    if (process.env.LAG_DEBUG) console.error(Math.round(now), done, producedAt.length, Math.round(samples.at(-1)!));
    await new Promise((r) => setTimeout(r, 50));
    if (performance.now() > end && done >= producedAt.length) break;
  }
  await producing;
  const measured = samples.sort((a, b) => a - b);
  const achieved = sent / o.seconds;
  return { source: o.source, shards: SHARDS, target_msgs_per_s: o.rate, produced_msgs_per_s: Math.round(achieved), samples: measured.length, lag_p50_ms: Math.round(percentile(measured, 50)), lag_p99_ms: Math.round(percentile(measured, 99)), lag_max_ms: Math.round(measured.at(-1) ?? 0) };
}
