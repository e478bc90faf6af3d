import { useMemo, useState } from 'preact/hooks';
import { bulkRequests, canPause, canResume, deleteAutofollow, flowTarget, ingestionAction, replicationAction } from '../api/actions';
import type { ApiRequest } from '../api/client';
import { countByState, detailPairs, filterFlows, FLOW_KINDS, FLOW_STATES, KIND_LABELS, lagSummary, sortFlows, type Flow, type FlowFilter, type FlowsAnswer } from '../api/flows';
import { LiveStatus, Notice, Sparkline, StateBadge } from '../components/ui';
import { useSession } from '../context';
import { useLive } from '../state/hooks';
import { mayAct } from '../state/session';
import { AutofollowDialog, ResumeIngestionDialog, StartDialog, StopDialog } from './board-dialogs';
import { InfluxPanel } from './influx-panel';

/** Rows per page: a board of thousands of flows stays quick to render and refresh; filters narrow it first. */
export const BOARD_PAGE_SIZE = 100;

type Modal = { kind: 'start' } | { kind: 'autofollow' } | { kind: 'stop'; flow: Flow } | { kind: 'resume-ingestion'; flow: Flow; shards: number[] } | null;

/** Runs requests one after the other and says how it went, in the API's own words when it failed. */
export function useActions(refresh: () => void) {
  const { client } = useSession();
  const [notice, setNotice] = useState<{ kind: 'error' | 'ok'; text: string } | null>(null);
  const [busy, setBusy] = useState(false);
  async function run(label: string, reqs: ApiRequest[]): Promise<boolean> {
    setBusy(true);
    const failed: string[] = [];
    for (const r of reqs) {
      try {
        await client.call(r);
      } catch (err) {
        failed.push(`${r.method} ${r.path}: ${(err as Error).message}`);
      }
    }
    setBusy(false);
    setNotice(failed.length ? { kind: 'error', text: `${label} failed: ${failed.join(' | ')}` } : { kind: 'ok', text: `${label}: done` });
    refresh();
    return failed.length === 0;
  }
  return { notice, setNotice, busy, run };
}

export function BoardPage() {
  const session = useSession();
  const live = useLive((signal) => session.client.call<FlowsAnswer>({ method: 'GET', path: '/_gateway/flows?history=true' }, { signal }).then((r) => r.body), {
    intervalMs: 3000,
    onUnauthorized: () => session.signOut('Your token is no longer accepted; sign in again.'),
  });
  const [filter, setFilter] = useState<FlowFilter>({ kind: '', state: '', q: '' });
  const [selected, setSelected] = useState<Set<string>>(new Set());
  const [pageNo, setPageNo] = useState(0);
  const [modal, setModal] = useState<Modal>(null);
  const [influxOpen, setInfluxOpen] = useState(false);
  const act = mayAct(session.who);
  const { notice, busy, run } = useActions(live.refresh);

  const all = live.data?.flows ?? [];
  const sorted = useMemo(() => sortFlows(all), [live.data]);
  const matching = useMemo(() => filterFlows(sorted, filter), [sorted, filter]);
  const pages = Math.max(1, Math.ceil(matching.length / BOARD_PAGE_SIZE));
  const at = Math.min(pageNo, pages - 1);
  const shown = matching.slice(at * BOARD_PAGE_SIZE, (at + 1) * BOARD_PAGE_SIZE);
  const refilter = (f: FlowFilter) => {
    setFilter(f);
    setPageNo(0);
  };
  const counts = useMemo(() => countByState(all), [live.data]);
  const chosen = matching.filter((f) => selected.has(f.id));
  const toggle = (id: string) => setSelected((s) => (s.has(id) ? new Set([...s].filter((x) => x !== id)) : new Set([...s, id])));
  const shardsOf = (index: string) => all.filter((f) => f.kind === 'ingestion-shard' && flowTarget(f) === index).map((f) => Number(f.details.shard));

  return (
    <section aria-labelledby="board-title">
      <div class="bar">
        <h1 id="board-title">Flows</h1>
        <LiveStatus at={live.at} health={live.health} />
      </div>
      <p class="counts" data-testid="counts">
        {FLOW_STATES.map((s) => (
          <span key={s} class={`s-${s}`}>
            {counts[s]} {s}
          </span>
        ))}
      </p>
      <form class="filters" role="search" onSubmit={(e) => e.preventDefault()}>
        <label>
          Kind{' '}
          <select value={filter.kind} onChange={(e) => refilter({ ...filter, kind: e.currentTarget.value as FlowFilter['kind'] })}>
            <option value="">all</option>
            {FLOW_KINDS.map((k) => (
              <option key={k} value={k}>
                {KIND_LABELS[k]}
              </option>
            ))}
          </select>
        </label>
        <label>
          State{' '}
          <select value={filter.state} onChange={(e) => refilter({ ...filter, state: e.currentTarget.value as FlowFilter['state'] })}>
            <option value="">all</option>
            {FLOW_STATES.map((s) => (
              <option key={s}>{s}</option>
            ))}
          </select>
        </label>
        <label>
          Text <input type="search" value={filter.q} placeholder="name, error, leader…" onInput={(e) => refilter({ ...filter, q: e.currentTarget.value })} />
        </label>
      </form>
      {act && (
        <div class="toolbar">
          <button type="button" onClick={() => setModal({ kind: 'start' })}>Start replication</button>
          <button type="button" onClick={() => setModal({ kind: 'autofollow' })}>New auto-follow rule</button>
          <button type="button" onClick={() => setInfluxOpen(!influxOpen)} aria-expanded={influxOpen}>Influx remotes &amp; replications</button>
          <span class="sep" />
          <button type="button" disabled={busy || !bulkRequests(chosen, 'pause').length} onClick={() => void run(`Pause ${chosen.length} selected`, bulkRequests(chosen, 'pause'))}>
            Pause selected
          </button>
          <button type="button" disabled={busy || !bulkRequests(chosen, 'resume').length} onClick={() => void run(`Resume ${chosen.length} selected`, bulkRequests(chosen, 'resume'))}>
            Resume selected
          </button>
        </div>
      )}
      <Notice notice={notice} />
      {influxOpen && act && <InfluxPanel onChanged={live.refresh} />}
      <div class="scroll">
        <table class="flows">
          <caption class="sr-only">Replication and ingestion flows, worst first</caption>
          <thead>
            <tr>
              {act && <th scope="col" class="sel"><span class="sr-only">Select</span></th>}
              <th scope="col">State</th>
              <th scope="col">Flow</th>
              <th scope="col">Status</th>
              <th scope="col">Lag</th>
              <th scope="col" class="spark-col">Last hour</th>
              <th scope="col" class="details">Details</th>
              {act && <th scope="col">Actions</th>}
            </tr>
          </thead>
          <tbody>
            {shown.map((f) => (
              <tr key={f.id} data-flow={f.id} data-kind={f.kind} data-state={f.state}>
                {act && (
                  <td>
                    <input type="checkbox" aria-label={`Select ${f.name}`} checked={selected.has(f.id)} onChange={() => toggle(f.id)} />
                  </td>
                )}
                <td><StateBadge state={f.state} /></td>
                <td>
                  <div class="name">{f.name}</div>
                  <div class="muted">{KIND_LABELS[f.kind] ?? f.kind}</div>
                </td>
                <td>
                  <div>{f.status}</div>
                  {f.reason && <div class="muted" data-testid="reason">{f.reason}</div>}
                  {f.error && <div class="danger" data-testid="flow-error">{f.error}</div>}
                </td>
                <td class="num" data-testid="lag">{lagSummary(f.lag)}</td>
                <td><Sparkline history={f.history} label={`lag of ${f.name} over the last hour`} /></td>
                <td>
                  <dl class="pairs">
                    {detailPairs(f).map(([k, v]) => (
                      <div key={k}>
                        <dt>{k}</dt>
                        <dd>{v}</dd>
                      </div>
                    ))}
                  </dl>
                </td>
                {act && (
                  <td class="actions">
                    <RowActions flow={f} busy={busy} run={run} onStop={() => setModal({ kind: 'stop', flow: f })} onResumeIngestion={() => setModal({ kind: 'resume-ingestion', flow: f, shards: shardsOf(flowTarget(f)) })} />
                  </td>
                )}
              </tr>
            ))}
          </tbody>
        </table>
        {pages > 1 && (
          <nav class="pager" aria-label="Flow pages">
            <button type="button" disabled={at === 0} onClick={() => setPageNo(at - 1)}>Previous</button>
            <span>
              flows {at * BOARD_PAGE_SIZE + 1}–{Math.min(matching.length, (at + 1) * BOARD_PAGE_SIZE)} of {matching.length}
            </span>
            <button type="button" disabled={at >= pages - 1} onClick={() => setPageNo(at + 1)}>Next</button>
          </nav>
        )}
        {live.data && shown.length === 0 && <p class="muted">{all.length ? 'No flow matches these filters.' : 'No flows yet: start a replication or create an ingestion index.'}</p>}
      </div>
      {modal?.kind === 'start' && <StartDialog onClose={() => setModal(null)} run={run} />}
      {modal?.kind === 'autofollow' && <AutofollowDialog onClose={() => setModal(null)} run={run} />}
      {modal?.kind === 'stop' && <StopDialog flow={modal.flow} onClose={() => setModal(null)} run={run} />}
      {modal?.kind === 'resume-ingestion' && <ResumeIngestionDialog flow={modal.flow} shards={modal.shards} onClose={() => setModal(null)} run={run} />}
    </section>
  );
}

function RowActions(props: { flow: Flow; busy: boolean; run(label: string, reqs: ApiRequest[]): Promise<boolean>; onStop(): void; onResumeIngestion(): void }) {
  const { flow: f, busy, run } = props;
  const target = flowTarget(f);
  if (f.kind === 'ccr-follower') {
    return (
      <>
        {canPause(f) && <button type="button" disabled={busy} onClick={() => void run(`Pause ${target}`, [replicationAction(target, 'pause')])}>Pause</button>}
        {canResume(f) && <button type="button" disabled={busy} onClick={() => void run(`Resume ${target}`, [replicationAction(target, 'resume')])}>Resume</button>}
        {f.state !== 'stopped' && <button type="button" class="danger" disabled={busy} onClick={props.onStop}>Stop</button>}
      </>
    );
  }
  if (f.kind === 'ingestion-shard') {
    return (
      <>
        {canPause(f) && <button type="button" disabled={busy} onClick={() => void run(`Pause ingestion of ${target}`, [ingestionAction(target, 'pause')])}>Pause</button>}
        {canResume(f) && <button type="button" disabled={busy} onClick={props.onResumeIngestion}>Resume…</button>}
      </>
    );
  }
  if (f.kind === 'ccr-autofollow') {
    const rule = { leaderAlias: String(f.details.leader_alias ?? ''), name: String(f.details.rule_name ?? f.name) };
    return <button type="button" class="danger" disabled={busy} onClick={() => confirm(`Delete auto-follow rule ${rule.name}?`) && void run(`Delete rule ${rule.name}`, [deleteAutofollow(rule)])}>Delete rule</button>;
  }
  return <span class="muted">edit under Influx remotes &amp; replications</span>;
}
