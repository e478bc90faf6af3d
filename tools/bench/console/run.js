#!/usr/bin/env node
/**
 * The web console's figures against the targets (a command that prints them, not a timed test):
 *   - all console JS gzipped (target ≤ 80 KB);
 *   - first page usable on loopback: navigation start → the board's table with its rows (target ≤ 1 s),
 *     against a real `ferry serve` (auth off, its embedded cluster, one CCR-free board);
 *   - the board with 1,000 flows and the indices table with 5,000 indices: render and refresh in Chromium
 *     (target ≤ 100 ms each). The data comes from a page-level fake fetch (init script), so the figure is the
 *     page's own work: JSON parse, Preact render, style, layout, up to the next frame.
 *
 *   node tools/bench/console/run.js            (builds gateway and console first; RUNS=5 by default)
 */
const { execFileSync } = require('node:child_process');
const { readdirSync, readFileSync } = require('node:fs');
const { join } = require('node:path');
const { gzipSync } = require('node:zlib');
const { mkdtempSync } = require('node:fs');
const { tmpdir } = require('node:os');
const { startFerry, median, root } = require('../lib');

process.env.PLAYWRIGHT_BROWSERS_PATH ??= mkdtempSync(join(tmpdir(), 'ferry-no-browsers-'));
const { chromium } = require('playwright-core');

const RUNS = Number(process.env.RUNS ?? 5);
const CHROMIUM = process.env.FERRY_CHROMIUM ?? '/usr/bin/chromium';
const ARGS = ['--no-sandbox', '--headless', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'];
const dist = join(root, 'apps/console/dist');

function buildAll() {
  const nx = join(root, 'node_modules/nx/bin/nx.js');
  execFileSync(process.execPath, [nx, 'run-many', '-t', 'build', '-p', 'gateway', 'console', '--output-style=static'], { cwd: root, stdio: 'ignore', env: { ...process.env, NX_DAEMON: 'false', NX_NO_CLOUD: 'true' } });
}

function jsSize() {
  const files = readdirSync(join(dist, 'assets')).filter((f) => f.endsWith('.js'));
  const raw = files.reduce((n, f) => n + readFileSync(join(dist, 'assets', f)).length, 0);
  const gz = files.reduce((n, f) => n + gzipSync(readFileSync(join(dist, 'assets', f)), { level: 9 }).length, 0);
  return { files: files.length, raw, gz };
}

// In the page: answers the console's API calls from generated data, and times each render of it.
function fakeApi({ flows, indices }) {
  const kinds = ['ccr-follower', 'ccr-autofollow', 'influx-replication', 'ingestion-shard'];
  const states = ['failed', 'paused', 'stopped', 'lagging', 'bootstrapping', 'ok'];
  let tick = 0;
  const now = Date.now();
  const flow = (i) => {
    const kind = kinds[i % 4];
    const state = states[i % 13 === 0 ? i % 6 : 5];
    const lag = (i * 7 + tick * 13) % 500;
    return {
      id: `${kind}:f${i}`, kind, name: `flow-${i}`, state, status: state.toUpperCase(), severity: { failed: 3, paused: 2, stopped: 2, lagging: 1 }[state] ?? 0,
      reason: state === 'paused' ? 'User initiated' : null, error: state === 'failed' ? `connection refused ${i}` : null,
      lag: { operations: lag, seconds: lag / 10, bytes: kind === 'influx-replication' ? lag * 1024 : null },
      details: { leader_alias: 'leader', leader_index: `idx-${i}`, follower_index: `flow-${i}`, leader_checkpoint: 1000 + tick, follower_checkpoint: 1000 + tick - lag, index: `idx-${i}`, shard: i % 3, pointer: `KafkaOffset{offset=${tick}}`, poller_state: 'POLLING', paused: false },
      history: Array.from({ length: 60 }, (_, k) => [now - (60 - k) * 60000, (lag + k * 3) % 97]),
    };
  };
  const index = (i) => ({ index_name: `logs-${String(i).padStart(5, '0')}`, health: ['green', 'yellow', 'red'][i % 3], docs: (i * 7919) % 100000, docs_deleted: i % 17, size_in_bytes: (i * 104729) % 10 ** 9, fielddata: { memory_size_in_bytes: 0 }, settings: { number_of_shards: 1 + (i % 5), number_of_replicas: i % 2 }, state: 'open' });
  const json = (v) => new Response(JSON.stringify(v), { status: 200, headers: { 'content-type': 'application/json' } });
  window.__renders = [];
  const realFetch = window.fetch.bind(window);
  window.fetch = async (input, init) => {
    const url = String(typeof input === 'string' ? input : input.url);
    if (url.includes('/_gateway/whoami')) return json({ auth_enabled: false, role: null, token_name: null });
    let body;
    if (url.includes('/_gateway/flows')) {
      tick++;
      body = { sampled_at: new Date().toISOString(), interval_ms: 5000, window_ms: 3600000, flows: Array.from({ length: flows }, (_, i) => flow(i)) };
    } else if (url.includes('/api/indices/local/_summary')) body = { status_code: 200, message: null, data: Array.from({ length: indices }, (_, i) => index(i)) };
    else if (url.includes('/api/clusters/local/_summary')) body = { status_code: 200, message: null, data: [{ status: 'green', number_of_nodes: 1, indices_count: indices, number_of_documents: 1, indices_size_in_bytes: 1, version: '3.6.0' }] };
    else return realFetch(input, init);
    // The clock starts when the answer's bytes are handed to the page, and stops at the frame after the DOM settled.
    const text = JSON.stringify(body);
    const res = new Response(text, { status: 200, headers: { 'content-type': 'application/json' } });
    const started = performance.now();
    // The "updated N s ago" ticker mutates the page every second: its changes do not count as the render.
    const obs = new MutationObserver((records) => {
      const el = (n) => (n.nodeType === 1 ? n : n.parentElement);
      if (records.every((m) => el(m.target)?.closest('.live'))) return;
      obs.disconnect();
      requestAnimationFrame(() => setTimeout(() => window.__renders.push({ url, ms: performance.now() - started })));
    });
    obs.observe(document.body, { subtree: true, childList: true, characterData: true, attributes: true });
    return res;
  };
}

async function boardFigures(browser, base) {
  const renders = [];
  const refreshes = [];
  for (let r = 0; r < RUNS; r++) {
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    await page.addInitScript(fakeApi, { flows: 1000, indices: 5000 });
    await page.goto(`${base}/_console/#/flows`);
    await page.waitForFunction(() => window.__renders.filter((x) => x.url.includes('/flows')).length >= 2, null, { timeout: 30_000 });
    // The board pages its rows (100 a page): 1,000 flows are sorted and counted, the first 100 drawn.
    const rows = await page.locator('table.flows tbody tr').count();
    if (rows !== 100 || !(await page.getByText('flows 1–100 of 1000').count())) throw new Error(`board shows ${rows} rows, not the first 100 of 1000`);
    const t = await page.evaluate(() => window.__renders.filter((x) => x.url.includes('/flows')).map((x) => x.ms));
    renders.push(t[0]);
    refreshes.push(t[1]);
    await page.close();
  }
  return { render: median(renders), refresh: median(refreshes), renders, refreshes };
}

async function indicesFigures(browser, base) {
  const renders = [];
  const sorts = [];
  const filters = [];
  for (let r = 0; r < RUNS; r++) {
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    await page.addInitScript(fakeApi, { flows: 0, indices: 5000 });
    await page.goto(`${base}/_console/#/clusters/local`);
    await page.waitForFunction(() => window.__renders.some((x) => x.url.includes('/api/indices/')), null, { timeout: 30_000 });
    await page.getByText('5,000 shown of 5,000').waitFor();
    renders.push(await page.evaluate(() => window.__renders.filter((x) => x.url.includes('/api/')).pop().ms));
    // A sort and a filter over all 5,000 rows: input event → next frame.
    const timeAction = (action) =>
      page.evaluate(
        (a) =>
          new Promise((done) => {
            const started = performance.now();
            const obs = new MutationObserver(() => {
              obs.disconnect();
              requestAnimationFrame(() => setTimeout(() => done(performance.now() - started)));
            });
            obs.observe(document.body, { subtree: true, childList: true, characterData: true, attributes: true });
            if (a === 'sort') document.querySelectorAll('th button.sort')[3].click();
            else {
              const input = document.querySelector('input[aria-label="Filter Index"]');
              input.value = '12';
              input.dispatchEvent(new Event('input', { bubbles: true }));
            }
          }),
        action,
      );
    sorts.push(await timeAction('sort'));
    filters.push(await timeAction('filter'));
    await page.close();
  }
  return { render: median(renders), sort: median(sorts), filter: median(filters) };
}

async function firstPage(browser, base) {
  const times = [];
  for (let r = 0; r < RUNS; r++) {
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    const page = await context.newPage();
    await page.goto(`${base}/_console/`, { waitUntil: 'commit' });
    // Usable: the board's table is there and its data came (the live line says when), checked every frame.
    const handle = await page.waitForFunction(() => document.querySelector('table.flows') && /updated \d+ s ago/.test(document.querySelector('.live')?.textContent ?? '') && performance.now(), null, { polling: 'raf', timeout: 30_000 });
    times.push(await handle.jsonValue());
    await context.close();
  }
  return { median: median(times), times };
}

async function main() {
  if (!process.env.NO_BUILD) buildAll();
  const size = jsSize();
  const ferry = await startFerry();
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: ARGS });
  try {
    const first = await firstPage(browser, ferry.url);
    const board = await boardFigures(browser, ferry.url);
    const table = await indicesFigures(browser, ferry.url);
    const ms = (v) => `${v.toFixed(1)} ms`;
    const line = (what, value, target, ok) => console.log(`${what.padEnd(52)} ${value.padStart(12)}   target ${target.padEnd(9)} ${ok ? 'met' : 'NOT MET'}`);
    console.log(`console bench, ${RUNS} runs each (medians), Chromium ${browser.version()}, ${new Date().toISOString()}, load average ${require('node:os').loadavg().map((l) => l.toFixed(1)).join(' ')} on ${require('node:os').cpus().length} cores`);
    line(`all console JS gzipped (${size.files} file, ${(size.raw / 1024).toFixed(1)} KB raw)`, `${(size.gz / 1024).toFixed(1)} KB`, '≤ 80 KB', size.gz <= 80 * 1024);
    line('first page usable (navigation → board with data)', ms(first.median), '≤ 1000 ms', first.median <= 1000);
    line('board, 1,000 flows (page of 100): first render', ms(board.render), '≤ 100 ms', board.render <= 100);
    line('board, 1,000 flows (page of 100): refresh', ms(board.refresh), '≤ 100 ms', board.refresh <= 100);
    line('indices table, 5,000 indices: render (page of 50)', ms(table.render), '≤ 100 ms', table.render <= 100);
    line('indices table, 5,000 indices: sort by a column', ms(table.sort), '≤ 100 ms', table.sort <= 100);
    line('indices table, 5,000 indices: filter a column', ms(table.filter), '≤ 100 ms', table.filter <= 100);
  } finally {
    await browser.close();
    await ferry.stop();
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
