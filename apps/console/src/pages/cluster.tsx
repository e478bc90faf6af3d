import { useEffect, useMemo, useState } from 'preact/hooks';
import { countStatuses, diagnosticRows, hq, indexRows, type IndexSummary } from '../api/hq';
import { formatBytes, formatNumber } from '../api/flows';
import { DataTable, type Column } from '../components/data-table';
import { LiveStatus } from '../components/ui';
import { useSession } from '../context';
import { href, useLive } from '../state/hooks';
import type { Row } from '../state/table';
import { IndexPage } from './index-page';

const TABS = [['', 'Overview'], ['nodes', 'Nodes'], ['diagnostics', 'Diagnostics'], ['snapshots', 'Snapshots']] as const;

export function ClusterPage(props: { cluster: string; route: string[] }) {
  const c = props.cluster;
  const tab = props.route[0] ?? '';
  return (
    <section aria-labelledby="cluster-title">
      <p class="muted"><a href={href('clusters')}>Clusters</a> / {c}</p>
      <h1 id="cluster-title">{c}</h1>
      <nav class="sub" aria-label="Cluster pages">
        {TABS.map(([t, label]) => (
          <a key={t} href={t ? href('clusters', c, t) : href('clusters', c)} aria-current={tab === t ? 'page' : undefined}>{label}</a>
        ))}
      </nav>
      {tab === 'indices' && props.route[1] ? <IndexPage cluster={c} index={props.route[1]} /> : tab === 'nodes' ? <Nodes cluster={c} node={props.route[1]} /> : tab === 'diagnostics' ? <Diagnostics cluster={c} /> : tab === 'snapshots' ? <Snapshots cluster={c} /> : <Overview cluster={c} />}
    </section>
  );
}

const enc = encodeURIComponent;

function useOnce<T>(load: () => Promise<T>, deps: unknown[]): { data?: T; error?: string } {
  const [s, setS] = useState<{ data?: T; error?: string }>({});
  useEffect(() => {
    let live = true;
    load().then((data) => live && setS({ data }), (e) => live && setS({ error: (e as Error).message }));
    return () => void (live = false);
  }, deps);
  return s;
}

const Err = (p: { error?: string }) => (p.error ? <p class="notice error" role="alert">{p.error}</p> : null);

function Overview(props: { cluster: string }) {
  const { client, signOut } = useSession();
  const c = props.cluster;
  const live = useLive(
    async () => {
      const [summary, indices] = await Promise.all([hq<Record<string, any>[]>(client, `/api/clusters/${enc(c)}/_summary`), hq<IndexSummary[]>(client, `/api/indices/${enc(c)}/_summary`)]);
      return { summary: summary?.[0], indices: indexRows(indices ?? []) };
    },
    { intervalMs: 10_000, deps: [c], onUnauthorized: () => signOut('Your token is no longer accepted.') },
  );
  const s = live.data?.summary;
  const columns = useMemo<Column<Row>[]>(
    () => [
      { key: 'index', label: 'Index', render: (r) => <a href={href('clusters', c, 'indices', String(r.index))}>{String(r.index)}</a> },
      { key: 'health', label: 'Health', render: (r) => <span class={`h-${r.health}`}>{String(r.health ?? '–')}</span> },
      { key: 'state', label: 'State' },
      { key: 'docs', label: 'Docs', numeric: true },
      { key: 'deleted', label: 'Deleted', numeric: true },
      { key: 'size', label: 'Size', numeric: true, render: (r) => formatBytes(r.size as number) },
      { key: 'shards', label: 'Shards', numeric: true },
      { key: 'replicas', label: 'Replicas', numeric: true },
    ],
    [c],
  );
  return (
    <>
      <LiveStatus at={live.at} health={live.health} />
      {s && (
        <div class="cards" data-testid="cluster-cards">
          <div class="card">health<b class={`h-${s.status}`}>{s.status}</b></div>
          <div class="card">nodes<b>{formatNumber(s.number_of_nodes)}</b></div>
          <div class="card">indices<b>{formatNumber(s.indices_count)}</b></div>
          <div class="card">documents<b>{formatNumber(s.number_of_documents)}</b></div>
          <div class="card">size<b>{formatBytes(s.indices_size_in_bytes)}</b></div>
          <div class="card">version<b>{String(s.version ?? '–')}</b></div>
        </div>
      )}
      {live.data && <DataTable rows={live.data.indices} columns={columns} rowKey={(r) => String(r.index)} caption="Indices" testId="indices-table" />}
    </>
  );
}

interface NodeRow { node_id: string; name: string; host: string; heapPercent: string | null; heapCurrent: string | null; heapMax: string | null; fsFree: string | null; load: string | null; uptime: string | null; is_master_node: boolean; is_data_node: boolean; is_ingest_node: boolean }

function Nodes(props: { cluster: string; node?: string }) {
  const { client } = useSession();
  const nodes = useOnce(() => hq<NodeRow[]>(client, `/api/nodes/${enc(props.cluster)}/_summary`), [props.cluster]);
  // All nodes' stats, then the one asked for: `_cat/nodes` may print a shortened id that `_nodes/<id>` does not take.
  const stats = useOnce(() => (props.node ? hq<{ nodes?: Record<string, any> }[]>(client, `/api/nodes/${enc(props.cluster)}/_stats`) : Promise.resolve(null)), [props.cluster, props.node]);
  const roles = (n: NodeRow) => [n.is_master_node && 'master', n.is_data_node && 'data', n.is_ingest_node && 'ingest'].filter(Boolean).join(', ');
  const picked = props.node ? nodes.data?.find((n) => n.node_id === props.node) : undefined;
  const all = Object.entries(stats.data?.[0]?.nodes ?? {});
  const sel = props.node ? (all.find(([id, n]) => id.startsWith(props.node!) || n?.name === picked?.name)?.[1] ?? null) : null;
  return (
    <>
      <Err error={nodes.error} />
      <table>
        <caption>Nodes</caption>
        <thead><tr><th scope="col">Name</th><th scope="col">Host</th><th scope="col">Roles</th><th scope="col" class="num">Heap</th><th scope="col" class="num">Disk free</th><th scope="col" class="num">Load</th><th scope="col">Uptime</th></tr></thead>
        <tbody>
          {(nodes.data ?? []).map((n) => (
            <tr key={n.node_id}>
              <td><a href={href('clusters', props.cluster, 'nodes', n.node_id)}>{n.name}</a></td><td>{n.host}</td><td>{roles(n)}</td>
              <td class="num">{n.heapPercent ?? '–'}% ({n.heapCurrent ?? '–'} / {n.heapMax ?? '–'})</td><td class="num">{n.fsFree ?? '–'}</td><td class="num">{n.load ?? '–'}</td><td>{n.uptime ?? '–'}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {props.node && <Err error={stats.error} />}
      {sel && (
        <div class="cards" data-testid="node-cards" aria-label={`Node ${sel.name}`}>
          <div class="card">heap used<b>{formatBytes(sel.jvm?.mem?.heap_used_in_bytes)}</b></div>
          <div class="card">heap max<b>{formatBytes(sel.jvm?.mem?.heap_max_in_bytes)}</b></div>
          <div class="card">CPU<b>{formatNumber(sel.os?.cpu?.percent ?? sel.process?.cpu?.percent)}%</b></div>
          <div class="card">load 1m<b>{formatNumber(sel.os?.cpu?.load_average?.['1m'])}</b></div>
          <div class="card">disk free<b>{formatBytes(sel.fs?.total?.available_in_bytes)}</b></div>
          <div class="card">disk total<b>{formatBytes(sel.fs?.total?.total_in_bytes)}</b></div>
        </div>
      )}
    </>
  );
}

function Diagnostics(props: { cluster: string }) {
  const { client } = useSession();
  const d = useOnce(() => hq<Record<string, unknown>[]>(client, `/api/clusters/${enc(props.cluster)}/diagnostics/_summary`), [props.cluster]);
  return (
    <>
      <Err error={d.error} />
      {(d.data ?? []).map((node) => {
        const rows = diagnosticRows(node);
        const n = countStatuses(rows);
        return (
          <div key={String(node.node_id)}>
            <h2>{String(node.name)} <span class="muted">{n.PASS} PASS · {n.WARN} WARN · {n.DANGER} DANGER</span></h2>
            <table data-testid="diagnostics">
              <thead><tr><th scope="col">Status</th><th scope="col">Group</th><th scope="col">Rule</th><th scope="col" class="num">Value</th><th scope="col">Why</th></tr></thead>
              <tbody>
                {rows.map((r, i) => (
                  <tr key={i}><td><span class={`badge s-${r.status}`}>{r.status}</span></td><td>{r.group}</td><td>{r.rule_label}</td><td class="num">{String(r.rule_value)}{r.unit ?? ''}</td><td class="muted">{r.rule_comment ?? ''}</td></tr>
                ))}
              </tbody>
            </table>
          </div>
        );
      })}
    </>
  );
}

function Snapshots(props: { cluster: string }) {
  const { client } = useSession();
  const repos = useOnce(() => hq<Record<string, any>[] | Record<string, any>>(client, `/api/repositories/${enc(props.cluster)}`), [props.cluster]);
  const [repo, setRepo] = useState<string | null>(null);
  const snaps = useOnce(() => (repo ? hq<any[]>(client, `/api/snapshots/${enc(props.cluster)}/repository/${enc(repo)}`) : Promise.resolve(null)), [props.cluster, repo]);
  const list = Array.isArray(repos.data) ? repos.data : Object.entries(repos.data ?? {}).map(([name, v]) => ({ name, ...(v as object) }));
  return (
    <>
      <Err error={repos.error} />
      <table>
        <caption>Snapshot repositories</caption>
        <thead><tr><th scope="col">Name</th><th scope="col">Type</th><th scope="col"><span class="sr-only">Open</span></th></tr></thead>
        <tbody>
          {list.map((r: any) => (
            <tr key={r.name ?? r.repository_name}><td>{r.name ?? r.repository_name}</td><td>{r.type ?? r.repository_type ?? '–'}</td><td><button type="button" onClick={() => setRepo(r.name ?? r.repository_name)}>Snapshots</button></td></tr>
          ))}
        </tbody>
      </table>
      {list.length === 0 && !repos.error && <p class="muted">No snapshot repository registered.</p>}
      <Err error={snaps.error} />
      {repo && snaps.data && (
        <table>
          <caption>Snapshots in {repo}</caption>
          <thead><tr><th scope="col">Snapshot</th><th scope="col">State</th><th scope="col">Indices</th><th scope="col">Started</th></tr></thead>
          <tbody>{snaps.data.map((s: any) => <tr key={s.snapshot}><td>{s.snapshot}</td><td>{s.state}</td><td>{(s.indices ?? []).length}</td><td>{s.start_time ?? '–'}</td></tr>)}</tbody>
        </table>
      )}
    </>
  );
}
