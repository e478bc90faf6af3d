import { useState } from 'preact/hooks';

/** The token form. The token goes to sessionStorage and an Authorization header, never into a URL. */
export function SignIn(props: { busy: boolean; problem: string | null; onToken(token: string): Promise<void>; onRetry(): void }) {
  const [token, setToken] = useState('');
  if (props.busy && !props.problem) return <p class="muted">Connecting to the gateway…</p>;
  const unreachable = props.problem?.startsWith('Cannot reach');
  return (
    <form
      class="signin"
      method="post"
      action="about:blank"
      onSubmit={(e) => {
        e.preventDefault();
        if (token.trim()) void props.onToken(token.trim());
      }}
    >
      <h1>Ferry console</h1>
      <p>This gateway asks for an API token (from <code>auth.tokens</code> in its config).</p>
      <label class="field">
        <span>Token</span>
        <input type="password" name="token" autoComplete="current-password" autoFocus required value={token} onInput={(e) => setToken(e.currentTarget.value)} />
      </label>
      {props.problem && (
        <p class="notice error" role="alert">
          {props.problem}
        </p>
      )}
      <div class="row">
        <button type="submit" class="primary" disabled={props.busy}>
          Sign in
        </button>
        {unreachable && (
          <button type="button" onClick={props.onRetry}>
            Retry
          </button>
        )}
      </div>
    </form>
  );
}
