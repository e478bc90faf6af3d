import { JsonTooDeepError } from '@ferry/clusters';
import { FatalReplicationError, withRetry } from '../engine/retry';
import { toRestError } from './rest';

describe('toRestError', () => {
  it.each([
    ['an answer too deep to read', new JsonTooDeepError(), 422, false],
    ['a connection refused', Object.assign(new Error('connect ECONNREFUSED'), { name: 'ConnectionError' }), 0, true],
  ])('%s', (_name, err, status, transient) => {
    const rest = toRestError(err);
    expect(rest).toMatchObject({ status });
    expect(rest.transient).toBe(transient);
  });

  it('makes a deep answer fatal at once instead of retrying it forever', async () => {
    let calls = 0;
    const run = withRetry(
      async () => {
        calls++;
        throw new JsonTooDeepError();
      },
      { signal: new AbortController().signal, initialMs: 1, maxMs: 1 },
    );
    await expect(run).rejects.toBeInstanceOf(FatalReplicationError);
    await expect(run).rejects.toThrow(/nested deeper than/);
    expect(calls).toBe(1);
  });
});
