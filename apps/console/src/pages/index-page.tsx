import { useEffect, useRef, useState } from 'preact/hooks';
import { hq } from '../api/hq';
import { formatBytes, formatNumber } from '../api/flows';
import { Field, Notice } from '../components/ui';
import { useSession } from '../context';
import { href } from '../state/hooks';
import { mayAct } from '../state/session';

const ACTIONS = [['_refresh', 'Refresh'], ['_flush', 'Flush'], ['_cache', 'Clear cache'], ['_force_merge', 'Force merge'], ['_expunge_deleted', 'Expunge deleted'], ['_close', 'Close'], ['_open', 'Open']] as const;
const enc = encodeURIComponent;

interface ShardRow { index?: string; shard?: string; prirep?: string; state?: string; docs?: string; store?: string; node?: string }

/** One index: settings, mappings, aliases, shards per node, stats, HQ's index commands, delete (name typed again). */
export function IndexPage(props: { cluster: string; index: string }) {
  const { client, who } = useSession();
  const { cluster: c, index: i } = props;
  const [info, setInfo] = useState<Record<string, any> | null>(null);
  const [shards, setShards] = useState<ShardRow[]>([]);
  const [stats, setStats] = useState<Record<string, any> | null>(null);
  const [notice, setNotice] = useState<{ kind: 'error' | 'ok'; text: string } | null>(null);
  const [typed, setTyped] = useState('');
  const [deleted, setDeleted] = useState(false);
  // Set before the DELETE is sent: a load still in flight then finds the index gone and must not replace the
  // "Deleted" notice with its 404.
  const deleting = useRef(false);
  const act = mayAct(who);
  const load = async () => {
    try {
      const [all, sh, st] = await Promise.all([
        hq<Record<string, any>>(client, `/api/indices/${enc(c)}/${enc(i)}`),
        hq<ShardRow[]>(client, `/api/indices/${enc(c)}/${enc(i)}/_shards`).catch(() => []),
        hq<Record<string, any>>(client, `/api/indices/${enc(c)}/${enc(i)}/_stats`),
      ]);
      if (deleting.current) return;
      const body = Array.isArray(all) ? all[0] : all;
      setInfo(body?.[i] ?? body);
      setShards(Array.isArray(sh) ? sh : []);
      setStats((Array.isArray(st) ? st[0] : st)?.indices?.[i] ?? null);
    } catch (err) {
      if (!deleting.current) setNotice({ kind: 'error', text: (err as Error).message });
    }
  };
  useEffect(() => void load(), [c, i]);
  async function command(action: string, label: string) {
    try {
      await hq(client, `/api/indices/${enc(c)}/${enc(i)}/action/${action}`, 'PUT');
      setNotice({ kind: 'ok', text: `${label}: done` });
      await load();
    } catch (err) {
      setNotice({ kind: 'error', text: `${label} failed: ${(err as Error).message}` });
    }
  }
  async function remove(e: Event) {
    e.preventDefault();
    if (typed !== i) return;
    deleting.current = true;
    try {
      await client.call({ method: 'DELETE', path: `/api/proxy/${enc(c)}/${enc(i)}` });
      setDeleted(true);
      setNotice({ kind: 'ok', text: `Deleted ${i}` });
    } catch (err) {
      deleting.current = false;
      setNotice({ kind: 'error', text: `Delete failed: ${(err as Error).message}` });
    }
  }
  const byNode = shards.reduce<Record<string, ShardRow[]>>((m, s) => ((m[s.node ?? 'unassigned'] ??= []).push(s), m), {});
  const p = stats?.primaries;
  return (
    <section aria-labelledby="index-title">
      <h2 id="index-title">Index {i}</h2>
      <p><a href={href('clusters', c)}>back to the indices</a></p>
      <Notice notice={notice} />
      {deleted ? null : (
        <>
          {stats && (
            <div class="cards" data-testid="index-cards">
              <div class="card">documents<b>{formatNumber(p?.docs?.count)}</b></div>
              <div class="card">deleted<b>{formatNumber(p?.docs?.deleted)}</b></div>
              <div class="card">size (primaries)<b>{formatBytes(p?.store?.size_in_bytes)}</b></div>
              <div class="card">indexing ops<b>{formatNumber(p?.indexing?.index_total)}</b></div>
              <div class="card">searches<b>{formatNumber(stats.total?.search?.query_total)}</b></div>
            </div>
          )}
          {act && (
            <div class="toolbar" aria-label="Index commands">
              {ACTIONS.map(([a, label]) => <button key={a} type="button" onClick={() => void command(a, label)}>{label}</button>)}
            </div>
          )}
          <h3>Shards per node</h3>
          <table>
            <thead><tr><th scope="col">Node</th><th scope="col">Shards</th></tr></thead>
            <tbody>{Object.entries(byNode).map(([n, list]) => <tr key={n}><td>{n}</td><td>{list.map((s) => `${s.shard}${s.prirep === 'p' ? 'P' : 'R'} ${s.state ?? ''}`).join(', ')}</td></tr>)}</tbody>
          </table>
          <h3>Aliases</h3>
          <p>{Object.keys(info?.aliases ?? {}).join(', ') || 'none'}</p>
          <h3>Settings</h3>
          <pre data-testid="index-settings">{JSON.stringify(info?.settings ?? {}, null, 2)}</pre>
          <h3>Mappings</h3>
          <pre>{JSON.stringify(info?.mappings ?? {}, null, 2)}</pre>
          {act && (
            <form class="panel" onSubmit={remove}>
              <h3>Delete this index</h3>
              <Field label={`Type ${i} to confirm`}><input name="confirm-delete" autoComplete="off" value={typed} onInput={(e) => setTyped(e.currentTarget.value)} /></Field>
              <button type="submit" class="danger" disabled={typed !== i}>Delete index</button>
            </form>
          )}
        </>
      )}
    </section>
  );
}
