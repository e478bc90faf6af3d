import { useEffect, useRef, useState } from 'preact/hooks';
import { ApiError } from '../api/client';
import { LivePoller, type LiveHealth } from './live';

/** A page's live data: one poller, paused while the tab is hidden (visibilitychange). */
export function useLive<T>(load: (signal: AbortSignal) => Promise<T>, options: { intervalMs: number; onUnauthorized?: () => void; deps?: unknown[] }) {
  const [data, setData] = useState<T | undefined>(undefined);
  const [at, setAt] = useState<number | undefined>(undefined);
  const [health, setHealth] = useState<LiveHealth>({ kind: 'ok' });
  const poller = useRef<LivePoller<T> | undefined>(undefined);
  useEffect(() => {
    const p = new LivePoller<T>({
      load,
      intervalMs: options.intervalMs,
      maxBackoffMs: 30_000,
      timeoutMs: 10_000,
      slowMs: 3000,
      onData: (d, t) => {
        setData(d);
        setAt(t);
      },
      onHealth: setHealth,
      isFatal: (e) => e instanceof ApiError && e.status === 401,
      onFatal: () => options.onUnauthorized?.(),
    });
    poller.current = p;
    const onVis = () => p.setVisible(document.visibilityState !== 'hidden');
    document.addEventListener('visibilitychange', onVis);
    onVis();
    p.start();
    return () => {
      document.removeEventListener('visibilitychange', onVis);
      p.stop();
    };
  }, options.deps ?? []);
  return { data, at, health, refresh: () => poller.current?.refreshNow() };
}

/** The hash route: `#/clusters/local` → ['clusters', 'local']. */
export function useRoute(): string[] {
  const read = () => location.hash.replace(/^#\/?/, '').split('/').filter(Boolean).map(decodeURIComponent);
  const [route, setRoute] = useState(read);
  useEffect(() => {
    const on = () => setRoute(read());
    addEventListener('hashchange', on);
    return () => removeEventListener('hashchange', on);
  }, []);
  return route;
}

export const href = (...parts: string[]) => `#/${parts.map(encodeURIComponent).join('/')}`;
