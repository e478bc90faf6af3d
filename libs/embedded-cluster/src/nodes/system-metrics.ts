import { subscribe } from 'node:diagnostics_channel';
import { readdirSync, readFileSync, statfsSync } from 'node:fs';
import { cpus, freemem, loadavg, totalmem } from 'node:os';
import { constants as perf, PerformanceObserver } from 'node:perf_hooks';
import { getHeapStatistics } from 'node:v8';

/** Real figures of this process and machine, read on demand (nothing is sampled in the background). */
export interface SystemMetrics {
  timestamp: number;
  fs: { path: string; mount: string; type: string; total: number; free: number; available: number };
  mem: { total: number; free: number };
  swap: { total: number; free: number };
  load: [number, number, number];
  osCpuPercent: number;
  processCpuPercent: number;
  processCpuMillis: number;
  rss: number;
  virtual: number;
  openFds: number;
  maxFds: number;
  heap: { used: number; committed: number; max: number; nonHeapUsed: number; nonHeapCommitted: number };
  uptimeMs: number;
}

let lastProcess = { at: Date.now(), cpu: process.cpuUsage() };
let lastOs = osTimes();

function osTimes(): { idle: number; total: number } {
  let idle = 0;
  let total = 0;
  for (const c of cpus()) {
    idle += c.times.idle;
    total += c.times.idle + c.times.user + c.times.sys + c.times.nice + c.times.irq;
  }
  return { idle, total };
}

/** CPU percent of this process since the previous call (OpenSearch's `ProcessProbe.getProcessCpuPercent`). */
function processCpuPercent(): number {
  const now = Date.now();
  const cpu = process.cpuUsage();
  const usedMicros = cpu.user - lastProcess.cpu.user + (cpu.system - lastProcess.cpu.system);
  const elapsed = Math.max(1, now - lastProcess.at);
  if (now - lastProcess.at > 100) lastProcess = { at: now, cpu };
  return Math.min(100, Math.round(usedMicros / 10 / elapsed / Math.max(1, cpus().length)));
}

function osCpuPercent(): number {
  const now = osTimes();
  const total = now.total - lastOs.total;
  const busy = total - (now.idle - lastOs.idle);
  if (total > 0) lastOs = now;
  return total > 0 ? Math.round((busy / total) * 100) : 0;
}

function fdCounts(): { open: number; max: number } {
  try {
    const open = readdirSync('/proc/self/fd').length;
    const limits = readFileSync('/proc/self/limits', 'utf8');
    const m = /Max open files\s+(\d+|unlimited)/.exec(limits);
    return { open, max: m && m[1] !== 'unlimited' ? Number(m[1]) : -1 };
  } catch {
    return { open: -1, max: -1 };
  }
}

function procStatus(): { virtual: number; swapTotal: number; swapFree: number } {
  try {
    const status = readFileSync('/proc/self/status', 'utf8');
    const mem = readFileSync('/proc/meminfo', 'utf8');
    const kb = (text: string, key: string) => Number(new RegExp(`${key}:\\s+(\\d+)`).exec(text)?.[1] ?? 0) * 1024;
    return { virtual: kb(status, 'VmSize'), swapTotal: kb(mem, 'SwapTotal'), swapFree: kb(mem, 'SwapFree') };
  } catch {
    return { virtual: 0, swapTotal: 0, swapFree: 0 };
  }
}

function fsOf(path: string): SystemMetrics['fs'] {
  try {
    const s = statfsSync(path);
    return { path, mount: path, type: 'fs', total: s.blocks * s.bsize, free: s.bfree * s.bsize, available: s.bavail * s.bsize };
  } catch {
    return { path, mount: path, type: 'fs', total: 0, free: 0, available: 0 };
  }
}

/** Reads every figure `_nodes/stats` and the `_cat` node tables show, for the data folder `dataDir`. */
export function readSystemMetrics(dataDir: string): SystemMetrics {
  const heap = getHeapStatistics();
  const mem = process.memoryUsage();
  const fds = fdCounts();
  const st = procStatus();
  const cpu = process.cpuUsage();
  const [l1, l5, l15] = loadavg();
  return {
    timestamp: Date.now(),
    fs: fsOf(dataDir),
    mem: { total: totalmem(), free: freemem() },
    swap: { total: st.swapTotal, free: st.swapFree },
    load: [l1, l5, l15],
    osCpuPercent: osCpuPercent(),
    processCpuPercent: processCpuPercent(),
    processCpuMillis: Math.round((cpu.user + cpu.system) / 1000),
    rss: mem.rss,
    virtual: st.virtual,
    openFds: fds.open,
    maxFds: fds.max,
    // V8's heap plays the JVM heap: used = used_heap_size, committed = total_heap_size, max = heap_size_limit.
    heap: {
      used: heap.used_heap_size,
      committed: heap.total_heap_size,
      max: heap.heap_size_limit,
      nonHeapUsed: mem.external + mem.arrayBuffers,
      nonHeapCommitted: Math.max(0, mem.rss - heap.total_heap_size),
    },
    uptimeMs: Math.round(process.uptime() * 1000),
  };
}

/**
 * HTTP connections accepted by this process's servers (Node's `net.server.socket` channel). Every
 * embedded cluster of a process shares these figures: the node does not see its own server.
 */
export const httpConnections = { currentOpen: 0, totalOpened: 0 };

subscribe('net.server.socket', (message) => {
  const socket = (message as { socket: NodeJS.EventEmitter }).socket;
  httpConnections.totalOpened++;
  httpConnections.currentOpen++;
  socket.once('close', () => httpConnections.currentOpen--);
});

/** Garbage collections of this process by generation: V8's scavenges play the young, mark-sweeps the old. */
export const gcCounters = { young: { count: 0, millis: 0 }, old: { count: 0, millis: 0 } };

const gcObserver = new PerformanceObserver((list) => {
  for (const entry of list.getEntries()) {
    const kind = (entry as unknown as { detail?: { kind?: number } }).detail?.kind;
    const gen = kind === perf.NODE_PERFORMANCE_GC_MINOR ? gcCounters.young : gcCounters.old;
    gen.count++;
    gen.millis += entry.duration;
  }
});
gcObserver.observe({ entryTypes: ['gc'] });
// The observer must not keep a process alive on its own.
(gcObserver as unknown as { unref?: () => void }).unref?.();
