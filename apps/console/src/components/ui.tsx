import type { ComponentChildren } from 'preact';
import { useEffect, useRef, useState } from 'preact/hooks';
import { sparklinePoints } from '../api/flows';
import { updatedAgo, type LiveHealth } from '../state/live';

/** Lag over the window as an inline SVG line (no chart library). */
export function Sparkline(props: { history?: [number, number | null][]; width?: number; height?: number; label: string }) {
  const w = props.width ?? 120;
  const h = props.height ?? 24;
  const points = sparklinePoints(props.history, w, h);
  return (
    <svg class="spark" width={w} height={h} viewBox={`0 0 ${w} ${h}`} role="img" aria-label={props.label}>
      {points ? <polyline points={points} fill="none" stroke="currentColor" stroke-width="1.5" /> : <line x1="0" x2={w} y1={h - 1} y2={h - 1} stroke="currentColor" stroke-opacity="0.3" />}
    </svg>
  );
}

/** A modal on the native <dialog>: focus stays inside, Escape closes. */
export function Dialog(props: { title: string; onClose(): void; children: ComponentChildren }) {
  const ref = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    const d = ref.current;
    if (d && !d.open) d.showModal();
  }, []);
  return (
    <dialog ref={ref} aria-label={props.title} onClose={props.onClose} onCancel={props.onClose}>
      <h2>{props.title}</h2>
      {props.children}
    </dialog>
  );
}

/** A result line: errors in the API's own words, announced to screen readers. */
export function Notice(props: { notice: { kind: 'error' | 'ok'; text: string } | null }) {
  if (!props.notice) return null;
  return (
    <p class={`notice ${props.notice.kind}`} role={props.notice.kind === 'error' ? 'alert' : 'status'} data-testid="notice">
      {props.notice.text}
    </p>
  );
}

/** "updated N s ago", ticking each second, plus the slow/down notice. */
export function LiveStatus(props: { at?: number; health: LiveHealth; paused?: boolean }) {
  const [now, setNow] = useState(Date.now());
  useEffect(() => {
    const t = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(t);
  }, []);
  const h = props.health;
  return (
    <div class="live" aria-live="polite">
      <span data-testid="updated">{updatedAgo(props.at, now)}</span>
      {h.kind === 'slow' && <span class="warn" data-testid="live-warning"> · the gateway is slow ({Math.round(h.ms)} ms)</span>}
      {h.kind === 'down' && (
        <span class="danger" data-testid="live-warning">
          {' '}
          · the gateway is not answering ({h.error}); retrying in {Math.round(h.retryInMs / 1000)} s
        </span>
      )}
    </div>
  );
}

export function Field(props: { label: string; children: ComponentChildren }) {
  return (
    <label class="field">
      <span>{props.label}</span>
      {props.children}
    </label>
  );
}

export const StateBadge = (props: { state: string }) => <span class={`badge s-${props.state}`}>{props.state}</span>;
