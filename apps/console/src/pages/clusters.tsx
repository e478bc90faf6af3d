import { useEffect, useState } from 'preact/hooks';
import { connectBody, hq, type ConnectionForm } from '../api/hq';
import { Field, Notice } from '../components/ui';
import { useSession } from '../context';
import { href } from '../state/hooks';
import { mayAct } from '../state/session';
import { ClusterPage } from './cluster';

interface ClusterRow { cluster_name: string; cluster_host: string; cluster_version: string | null; cluster_connected: boolean; cluster_health: { status?: string } | null; cluster_auth_type: string; cluster_local: boolean; cluster_source: string }

/** `#/clusters[/<name>/...]`: saved connections, then one cluster's pages. */
export function ClustersPage(props: { route: string[] }) {
  if (props.route[0]) return <ClusterPage cluster={props.route[0]} route={props.route.slice(1)} />;
  return <ConnectionList />;
}

const EMPTY: ConnectionForm = { name: '', url: '', authType: 'none', username: '', secret: '', verifyTls: true, ca: '' };

function ConnectionList() {
  const { client, who } = useSession();
  const [rows, setRows] = useState<ClusterRow[] | null>(null);
  const [notice, setNotice] = useState<{ kind: 'error' | 'ok'; text: string } | null>(null);
  const [form, setForm] = useState<ConnectionForm>(EMPTY);
  const act = mayAct(who);
  const load = () => hq<ClusterRow[]>(client, '/api/clusters').then(setRows, (e) => setNotice({ kind: 'error', text: (e as Error).message }));
  useEffect(() => void load(), []);
  async function add(e: Event) {
    e.preventDefault();
    try {
      await hq(client, '/api/clusters/_connect', 'POST', connectBody(form));
      setNotice({ kind: 'ok', text: `Connected ${form.name || form.url}` });
      setForm(EMPTY);
      await load();
    } catch (err) {
      setNotice({ kind: 'error', text: `Connect failed: ${(err as Error).message}` });
    }
  }
  async function remove(name: string) {
    if (!confirm(`Remove the connection ${name}?`)) return;
    try {
      await hq(client, `/api/clusters/${encodeURIComponent(name)}/_connect`, 'DELETE');
      setNotice({ kind: 'ok', text: `Removed ${name}` });
      await load();
    } catch (err) {
      setNotice({ kind: 'error', text: `Remove failed: ${(err as Error).message}` });
    }
  }
  const set = (k: keyof ConnectionForm) => (e: { currentTarget: HTMLInputElement | HTMLSelectElement | HTMLTextAreaElement }) => setForm({ ...form, [k]: e.currentTarget.value });
  return (
    <section aria-labelledby="clusters-title">
      <h1 id="clusters-title">Clusters</h1>
      <Notice notice={notice} />
      <div class="scroll">
        <table>
          <caption>Saved connections (secrets are never shown back)</caption>
          <thead><tr><th scope="col">Name</th><th scope="col">Health</th><th scope="col">Address</th><th scope="col">Version</th><th scope="col">Auth</th><th scope="col">Source</th>{act && <th scope="col">Actions</th>}</tr></thead>
          <tbody>
            {(rows ?? []).map((c) => (
              <tr key={c.cluster_name} data-cluster={c.cluster_name}>
                <td><a href={href('clusters', c.cluster_name)}>{c.cluster_name}</a></td>
                <td><span class={`badge h-${c.cluster_health?.status ?? 'unknown'}`}>{c.cluster_connected ? (c.cluster_health?.status ?? '?') : 'unreachable'}</span></td>
                <td>{c.cluster_host}</td><td>{c.cluster_version ?? '–'}</td><td>{c.cluster_auth_type}</td><td>{c.cluster_source}{c.cluster_local ? ' (local)' : ''}</td>
                {act && <td>{c.cluster_source !== 'config' && !c.cluster_local && <button type="button" class="danger" onClick={() => void remove(c.cluster_name)}>Remove</button>}</td>}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {act && (
        <form class="panel" onSubmit={add} aria-labelledby="add-title">
          <h2 id="add-title">Add a connection</h2>
          <Field label="Name (default: the cluster's own name)"><input name="name" value={form.name} onInput={set('name')} /></Field>
          <Field label="URL"><input name="url" required type="url" placeholder="https://search.example:9200" value={form.url} onInput={set('url')} /></Field>
          <Field label="Authentication">
            <select name="authType" value={form.authType} onChange={set('authType')}>
              <option value="none">none</option><option value="basic">basic (user, password)</option><option value="apiKey">API key</option><option value="bearer">bearer token</option>
            </select>
          </Field>
          {form.authType === 'basic' && <Field label="User"><input name="username" autoComplete="off" value={form.username} onInput={set('username')} /></Field>}
          {form.authType !== 'none' && <Field label={form.authType === 'basic' ? 'Password' : 'Secret'}><input name="secret" type="password" autoComplete="new-password" value={form.secret} onInput={set('secret')} /></Field>}
          <label class="check"><input type="checkbox" checked={form.verifyTls} onChange={(e) => setForm({ ...form, verifyTls: e.currentTarget.checked })} /> verify the TLS certificate</label>
          <Field label="CA certificate (PEM, optional)"><textarea name="ca" rows={3} value={form.ca} onInput={set('ca')} /></Field>
          <button type="submit" class="primary">Connect</button>
        </form>
      )}
    </section>
  );
}
