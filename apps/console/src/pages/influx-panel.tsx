import { useEffect, useState } from 'preact/hooks';
import { deleteRemote, deleteReplication, saveRemote, saveReplication } from '../api/actions';
import { formatBytes } from '../api/flows';
import { Dialog, Field, Notice } from '../components/ui';
import { useSession } from '../context';
import { useActions } from './board';

interface Remote { id: string; name: string; remoteURL: string; remoteOrgID?: string; allowInsecureTLS: boolean; remoteType?: string }
interface Replication { id: string; name: string; remoteID: string; localBucketID: string; remoteBucketName?: string; remoteBucketID?: string; maxQueueSizeBytes: number; currentQueueSizeBytes: number; latestResponseCode?: number }
interface Bucket { id: string; name: string }
interface State { orgID: string; remotes: Remote[]; replications: Replication[]; buckets: Bucket[] }

/** InfluxDB v2 remotes and replications of the gateway's org, through `/api/v2` (create, edit, delete). */
export function InfluxPanel(props: { onChanged(): void }) {
  const { client } = useSession();
  const [state, setState] = useState<State | null>(null);
  const [loadError, setLoadError] = useState<string | null>(null);
  const [editing, setEditing] = useState<{ kind: 'remote'; item?: Remote } | { kind: 'replication'; item?: Replication } | null>(null);
  const reload = async () => {
    try {
      const orgs = (await client.call<{ orgs: { id: string }[] }>({ method: 'GET', path: '/api/v2/orgs' })).body.orgs;
      const orgID = orgs[0]?.id ?? '';
      const q = `?orgID=${encodeURIComponent(orgID)}`;
      const [r, p, b] = await Promise.all([
        client.call<{ remotes: Remote[] }>({ method: 'GET', path: `/api/v2/remotes${q}` }),
        client.call<{ replications: Replication[] }>({ method: 'GET', path: `/api/v2/replications${q}` }),
        client.call<{ buckets: Bucket[] }>({ method: 'GET', path: `/api/v2/buckets${q}` }),
      ]);
      setState({ orgID, remotes: r.body.remotes ?? [], replications: p.body.replications ?? [], buckets: b.body.buckets ?? [] });
      setLoadError(null);
    } catch (err) {
      setLoadError((err as Error).message);
    }
  };
  const { notice, busy, run } = useActions(() => {
    void reload();
    props.onChanged();
  });
  useEffect(() => void reload(), []);
  if (loadError) return <p class="notice error" role="alert">Influx API: {loadError}</p>;
  if (!state) return <p class="muted">Loading Influx remotes…</p>;
  const remoteName = (id: string) => state.remotes.find((r) => r.id === id)?.name ?? id;
  return (
    <section class="panel" aria-labelledby="influx-title">
      <h2 id="influx-title">Influx remotes &amp; replications</h2>
      <Notice notice={notice} />
      <table>
        <caption>Remotes</caption>
        <thead><tr><th scope="col">Name</th><th scope="col">URL</th><th scope="col">Type</th><th scope="col">Actions</th></tr></thead>
        <tbody>
          {state.remotes.map((r) => (
            <tr key={r.id} data-remote={r.name}>
              <td>{r.name}</td><td>{r.remoteURL}</td><td>{r.remoteType ?? 'v2'}</td>
              <td class="actions">
                <button type="button" onClick={() => setEditing({ kind: 'remote', item: r })}>Edit</button>
                <button type="button" class="danger" disabled={busy} onClick={() => confirm(`Delete remote ${r.name}?`) && void run(`Delete remote ${r.name}`, [deleteRemote(r.id)])}>Delete</button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <button type="button" onClick={() => setEditing({ kind: 'remote' })}>Add remote</button>
      <table>
        <caption>Replications</caption>
        <thead><tr><th scope="col">Name</th><th scope="col">Remote</th><th scope="col">Remote bucket</th><th scope="col">Queue</th><th scope="col">Actions</th></tr></thead>
        <tbody>
          {state.replications.map((r) => (
            <tr key={r.id} data-replication={r.name}>
              <td>{r.name}</td><td>{remoteName(r.remoteID)}</td><td>{r.remoteBucketName ?? r.remoteBucketID}</td>
              <td class="num">{formatBytes(r.currentQueueSizeBytes)} / {formatBytes(r.maxQueueSizeBytes)}</td>
              <td class="actions">
                <button type="button" onClick={() => setEditing({ kind: 'replication', item: r })}>Edit</button>
                <button type="button" class="danger" disabled={busy} onClick={() => confirm(`Delete replication ${r.name}?`) && void run(`Delete replication ${r.name}`, [deleteReplication(r.id)])}>Delete</button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <button type="button" disabled={!state.remotes.length} onClick={() => setEditing({ kind: 'replication' })}>Add replication</button>
      {editing?.kind === 'remote' && <RemoteForm orgID={state.orgID} item={editing.item} onClose={() => setEditing(null)} run={run} />}
      {editing?.kind === 'replication' && <ReplicationForm state={state} item={editing.item} onClose={() => setEditing(null)} run={run} />}
    </section>
  );
}

type Run = ReturnType<typeof useActions>['run'];

function RemoteForm(props: { orgID: string; item?: Remote; onClose(): void; run: Run }) {
  const it = props.item;
  // The stored token is never sent back: on edit the field starts empty and empty means "keep it".
  const [v, setV] = useState({ name: it?.name ?? '', remoteURL: it?.remoteURL ?? '', remoteAPIToken: '', remoteOrgID: it?.remoteOrgID ?? '', remoteType: (it?.remoteType ?? 'v2') as 'v1' | 'v2', allowInsecureTLS: it?.allowInsecureTLS ?? false });
  const set = (k: 'name' | 'remoteURL' | 'remoteAPIToken' | 'remoteOrgID') => (e: { currentTarget: HTMLInputElement }) => setV({ ...v, [k]: e.currentTarget.value });
  return (
    <Dialog title={it ? `Edit remote ${it.name}` : 'Add remote'} onClose={props.onClose}>
      <form onSubmit={async (e) => { e.preventDefault(); if (await props.run(it ? `Save remote ${v.name}` : `Add remote ${v.name}`, [saveRemote({ ...v, orgID: props.orgID }, it?.id)])) props.onClose(); }}>
        <Field label="Name"><input required name="name" value={v.name} onInput={set('name')} /></Field>
        <Field label="URL"><input required name="remoteURL" type="url" value={v.remoteURL} onInput={set('remoteURL')} /></Field>
        {!it && (
          <Field label="Type">
            <select name="remoteType" value={v.remoteType} onChange={(e) => setV({ ...v, remoteType: e.currentTarget.value as 'v1' | 'v2' })}>
              <option value="v2">InfluxDB v2</option>
              <option value="v1">InfluxDB 1.x</option>
            </select>
          </Field>
        )}
        <Field label="API token"><input name="remoteAPIToken" type="password" autoComplete="off" placeholder={it ? 'unchanged' : ''} value={v.remoteAPIToken} onInput={set('remoteAPIToken')} /></Field>
        <Field label="Remote org ID"><input name="remoteOrgID" value={v.remoteOrgID} onInput={set('remoteOrgID')} /></Field>
        <label class="check"><input type="checkbox" checked={v.allowInsecureTLS} onChange={(e) => setV({ ...v, allowInsecureTLS: e.currentTarget.checked })} /> allow insecure TLS</label>
        <div class="row"><button type="submit" class="primary">Save</button><button type="button" onClick={props.onClose}>Cancel</button></div>
      </form>
    </Dialog>
  );
}

function ReplicationForm(props: { state: State; item?: Replication; onClose(): void; run: Run }) {
  const it = props.item;
  const s = props.state;
  const [v, setV] = useState({ name: it?.name ?? '', remoteID: it?.remoteID ?? s.remotes[0]?.id ?? '', localBucketID: it?.localBucketID ?? s.buckets[0]?.id ?? '', remoteBucketName: it?.remoteBucketName ?? '', maxQueueSizeBytes: it?.maxQueueSizeBytes ?? 67108860 });
  return (
    <Dialog title={it ? `Edit replication ${it.name}` : 'Add replication'} onClose={props.onClose}>
      <form onSubmit={async (e) => { e.preventDefault(); if (await props.run(it ? `Save replication ${v.name}` : `Add replication ${v.name}`, [saveReplication({ ...v, orgID: s.orgID }, it?.id)])) props.onClose(); }}>
        <Field label="Name"><input required name="name" value={v.name} onInput={(e) => setV({ ...v, name: e.currentTarget.value })} /></Field>
        <Field label="Remote">
          <select name="remoteID" value={v.remoteID} onChange={(e) => setV({ ...v, remoteID: e.currentTarget.value })}>
            {s.remotes.map((r) => <option key={r.id} value={r.id}>{r.name}</option>)}
          </select>
        </Field>
        {!it && (
          <Field label="Local bucket">
            <select name="localBucketID" value={v.localBucketID} onChange={(e) => setV({ ...v, localBucketID: e.currentTarget.value })}>
              {s.buckets.map((b) => <option key={b.id} value={b.id}>{b.name}</option>)}
            </select>
          </Field>
        )}
        <Field label="Remote bucket name"><input required name="remoteBucketName" value={v.remoteBucketName} onInput={(e) => setV({ ...v, remoteBucketName: e.currentTarget.value })} /></Field>
        <Field label="Max queue size (bytes)"><input name="maxQueueSizeBytes" type="number" min="33554430" value={v.maxQueueSizeBytes} onInput={(e) => setV({ ...v, maxQueueSizeBytes: Number(e.currentTarget.value) })} /></Field>
        <div class="row"><button type="submit" class="primary">Save</button><button type="button" onClick={props.onClose}>Cancel</button></div>
      </form>
    </Dialog>
  );
}
