/**
 * The flows board's answer for many flows with a full hour of history, in-process (no HTTP):
 * `GET /_gateway/flows` without history, thinned to 60 points and in full, with the time of one answer
 * (view + JSON.stringify) and its size, and the ratio of each to the answer without history.
 *
 *   npx ts-node -T -P tools/bench/flows/tsconfig.json -r tsconfig-paths/register tools/bench/flows/run.ts [--flows 1000] [--rounds 5]
 */
import { createLogger, FlowBoard, type FlowSummary } from '@ferry/core';

function arg(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : fallback;
}

function summaries(count: number): FlowSummary[] {
  return Array.from({ length: count }, (_, i) => ({
    id: `ccr-follower:logs-${i}`,
    kind: 'ccr-follower',
    name: `logs-${i}`,
    state: i % 50 === 0 ? 'paused' : 'ok',
    status: i % 50 === 0 ? 'PAUSED' : 'SYNCING',
    reason: i % 50 === 0 ? 'User initiated' : null,
    error: null,
    lag: { operations: i % 7, seconds: 0, bytes: null },
    details: { leader_alias: 'leader', leader_index: `logs-${i}`, follower_index: `logs-${i}`, leader_checkpoint: 100_000 + i, follower_checkpoint: 100_000 },
    historyValue: i % 7,
  }));
}

async function main(): Promise<void> {
  const count = arg('flows', 1000);
  const rounds = arg('rounds', 5);
  let now = Date.UTC(2026, 0, 1);
  const flows = summaries(count);
  const board = new FlowBoard({
    sources: () => [{ kind: 'ccr-follower', list: async () => flows }],
    clock: { now: () => now },
    logger: createLogger({ level: 'silent' }),
    intervalMs: 5000,
    windowMs: 3_600_000,
    maxFlows: 10_000,
  });
  for (let s = 0; s <= 720; s++, now += 5000) await board.sample();
  const rows: { name: string; ms: number; bytes: number }[] = [];
  for (const [name, query] of [
    ['history=false', { history: false }],
    ['history_points=60', { history: true, history_points: 60 }],
    ['full history (721 points)', { history: true }],
  ] as const) {
    let bytes = 0;
    const started = process.hrtime.bigint();
    for (let r = 0; r < rounds; r++) bytes = Buffer.byteLength(JSON.stringify(await board.view(query)));
    rows.push({ name, ms: Number(process.hrtime.bigint() - started) / 1e6 / rounds, bytes });
  }
  const base = rows[0];
  console.log(`flows board, ${count} flows, 1 h of samples every 5 s, mean of ${rounds} answers (view + JSON.stringify)`);
  for (const r of rows) {
    console.log(`${r.name.padEnd(28)} ${r.ms.toFixed(1).padStart(8)} ms ${(r.bytes / 1e6).toFixed(2).padStart(8)} MB   x${(r.ms / base.ms).toFixed(1)} time, x${(r.bytes / base.bytes).toFixed(1)} size`);
  }
  console.log(`heap used ${(process.memoryUsage().heapUsed / 1e6).toFixed(0)} MB with the ring full`);
}

void main();
