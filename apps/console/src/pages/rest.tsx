import { useEffect, useState } from 'preact/hooks';
import type { ApiRequest } from '../api/client';
import { Field } from '../components/ui';
import { useSession } from '../context';
import { loadHistory, pushHistory, restTarget, saveHistory, type RestEntry } from '../state/rest-history';
import { restMethods } from '../state/session';

interface ClusterRow { cluster_name: string; cluster_local?: boolean }

/** Method, path, body → status, time and the answer; a viewer gets GET and HEAD only (the gateway refuses the rest anyway). */
export function RestPage() {
  const { client, who } = useSession();
  const methods = restMethods(who);
  const [clusters, setClusters] = useState<ClusterRow[]>([]);
  const [v, setV] = useState<RestEntry>({ cluster: '', method: 'GET', path: '_cluster/health', body: '' });
  const [answer, setAnswer] = useState<{ status: number; ms: number; text: string } | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [history, setHistory] = useState<RestEntry[]>(() => loadHistory(sessionStorage));
  useEffect(() => {
    client
      .call<{ data: ClusterRow[] }>({ method: 'GET', path: '/api/clusters' })
      .then((r) => {
        setClusters(r.body.data);
        const local = r.body.data.find((c) => c.cluster_local) ?? r.body.data[0];
        setV((x) => ({ ...x, cluster: x.cluster || local?.cluster_name || '' }));
      })
      .catch((err) => setError(`cannot list clusters: ${(err as Error).message}`));
  }, []);
  const localName = clusters.find((c) => c.cluster_local)?.cluster_name ?? 'local';
  async function send(e: Event) {
    e.preventDefault();
    setError(null);
    try {
      const r = await client.call({ method: v.method as ApiRequest['method'], path: restTarget(v.cluster, localName, v.path) }, { raw: true, bodyText: v.method === 'GET' || v.method === 'HEAD' ? '' : v.body });
      let text = r.text;
      try {
        text = JSON.stringify(JSON.parse(r.text), null, 2);
      } catch {
        /* not JSON */
      }
      setAnswer({ status: r.status, ms: r.ms, text });
      const next = pushHistory(history, { ...v, status: r.status, ms: Math.round(r.ms) });
      setHistory(next);
      saveHistory(sessionStorage, next);
    } catch (err) {
      setAnswer(null);
      setError((err as Error).message);
    }
  }
  return (
    <section aria-labelledby="rest-title" class="rest">
      <h1 id="rest-title">REST console</h1>
      <form onSubmit={send} class="rest-form">
        <Field label="Cluster">
          <select name="cluster" value={v.cluster} onChange={(e) => setV({ ...v, cluster: e.currentTarget.value })}>
            {clusters.map((c) => <option key={c.cluster_name}>{c.cluster_name}</option>)}
          </select>
        </Field>
        <Field label="Method">
          <select name="method" value={v.method} onChange={(e) => setV({ ...v, method: e.currentTarget.value })}>
            {methods.map((m) => <option key={m}>{m}</option>)}
          </select>
        </Field>
        <Field label="Path"><input name="path" class="wide" value={v.path} onInput={(e) => setV({ ...v, path: e.currentTarget.value })} /></Field>
        {v.method !== 'GET' && v.method !== 'HEAD' && (
          <Field label="Body (JSON)"><textarea name="body" rows={6} value={v.body} onInput={(e) => setV({ ...v, body: e.currentTarget.value })} /></Field>
        )}
        <button type="submit" class="primary" disabled={!v.cluster}>Send</button>
      </form>
      {error && <p class="notice error" role="alert">{error}</p>}
      {answer && (
        <div class="answer">
          <p data-testid="rest-status">
            <strong class={answer.status < 300 ? 'ok' : 'danger'}>{answer.status}</strong> in {Math.round(answer.ms)} ms
          </p>
          <pre data-testid="rest-body">{answer.text}</pre>
        </div>
      )}
      {history.length > 0 && (
        <table class="history">
          <caption>History</caption>
          <thead><tr><th scope="col">Cluster</th><th scope="col">Request</th><th scope="col">Status</th><th scope="col">ms</th><th scope="col"><span class="sr-only">Use</span></th></tr></thead>
          <tbody>
            {history.map((h, i) => (
              <tr key={i}>
                <td>{h.cluster}</td><td><code>{h.method} /{h.path.replace(/^\/+/, '')}</code></td><td>{h.status}</td><td class="num">{h.ms}</td>
                <td><button type="button" disabled={!methods.includes(h.method)} onClick={() => setV({ cluster: h.cluster, method: h.method, path: h.path, body: h.body })}>Load</button></td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
