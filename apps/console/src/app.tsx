import { useEffect, useMemo, useState } from 'preact/hooks';
import { ApiError, createClient, gatewayRoot } from './api/client';
import { SessionContext, type Session } from './context';
import { BoardPage } from './pages/board';
import { ClustersPage } from './pages/clusters';
import { RestPage } from './pages/rest';
import { SignIn } from './pages/sign-in';
import { href, useRoute } from './state/hooks';
import { mayAct, sessionTokenStore, type WhoAmI } from './state/session';

const tokens = sessionTokenStore(sessionStorage);

export function App() {
  const client = useMemo(() => createClient({ root: gatewayRoot(location.pathname), token: tokens.get }), []);
  const [who, setWho] = useState<WhoAmI | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const [checking, setChecking] = useState(true);
  const route = useRoute();

  async function identify(): Promise<void> {
    setChecking(true);
    try {
      setWho((await client.call<WhoAmI>({ method: 'GET', path: '/_gateway/whoami' })).body);
      setProblem(null);
    } catch (err) {
      setWho(null);
      if (err instanceof ApiError && err.status === 401) {
        if (tokens.get()) setProblem(`The gateway refused this token: ${err.message}`);
        tokens.set(null);
      } else setProblem(`Cannot reach the gateway: ${(err as Error).message}`);
    } finally {
      setChecking(false);
    }
  }
  useEffect(() => void identify(), []);

  const session: (Session & { who: WhoAmI }) | null = who && {
    client,
    who,
    signOut(reason) {
      tokens.set(null);
      setWho(null);
      setProblem(reason ?? null);
    },
  };

  if (!session) {
    return (
      <main class="signin-wrap">
        <SignIn
          busy={checking}
          problem={problem}
          onRetry={identify}
          onToken={async (t) => {
            tokens.set(t);
            await identify();
          }}
        />
      </main>
    );
  }
  const me = session.who;
  const page = route[0] ?? 'flows';
  return (
    <SessionContext.Provider value={session}>
      <header class="top">
        <strong class="brand">Ferry</strong>
        <nav aria-label="Main">
          <a href={href('flows')} aria-current={page === 'flows' ? 'page' : undefined}>Flows</a>
          <a href={href('clusters')} aria-current={page === 'clusters' ? 'page' : undefined}>Clusters</a>
          <a href={href('rest')} aria-current={page === 'rest' ? 'page' : undefined}>REST</a>
        </nav>
        <span class="who" data-testid="who">
          {me.auth_enabled ? `${me.token_name ?? 'token'} (${me.role})` : 'auth off'}
          {!mayAct(me) && <span class="badge"> read-only</span>}
        </span>
        {me.auth_enabled && (
          <button type="button" onClick={() => session.signOut()}>
            Sign out
          </button>
        )}
      </header>
      <main>
        {page === 'clusters' ? <ClustersPage route={route.slice(1)} /> : page === 'rest' ? <RestPage /> : <BoardPage />}
      </main>
    </SessionContext.Provider>
  );
}
