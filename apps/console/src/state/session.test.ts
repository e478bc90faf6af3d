import { describe, expect, it } from 'vitest';
import { pushHistory, restTarget } from './rest-history';
import { mayAct, restMethods, sessionTokenStore, type WhoAmI } from './session';

const who = (role: WhoAmI['role'], auth = true): WhoAmI => ({ auth_enabled: auth, role, token_name: 't' });

describe('roles', () => {
  it.each([
    [who('viewer'), false, ['GET', 'HEAD']],
    [who('operator'), true, ['GET', 'POST', 'PUT', 'DELETE', 'HEAD']],
    [who('admin'), true, ['GET', 'POST', 'PUT', 'DELETE', 'HEAD']],
    [who(null, false), true, ['GET', 'POST', 'PUT', 'DELETE', 'HEAD']],
    [who(null), false, ['GET', 'HEAD']],
    [null, false, ['GET', 'HEAD']],
  ])('%j acts: %s, methods %j', (w, acts, methods) => {
    expect(mayAct(w)).toBe(acts);
    expect(restMethods(w)).toEqual(methods);
  });

  it('an admin-only action needs admin', () => {
    expect(mayAct(who('operator'), 'admin')).toBe(false);
    expect(mayAct(who('admin'), 'admin')).toBe(true);
  });
});

describe('token store', () => {
  it('keeps the token in the given storage and removes it on sign-out', () => {
    const m = new Map<string, string>();
    const storage = { getItem: (k: string) => m.get(k) ?? null, setItem: (k: string, v: string) => void m.set(k, v), removeItem: (k: string) => void m.delete(k) };
    const store = sessionTokenStore(storage);
    expect(store.get()).toBeNull();
    store.set('abc-token');
    expect(store.get()).toBe('abc-token');
    store.set(null);
    expect(m.size).toBe(0);
  });
});

describe('REST console', () => {
  it('goes through the pass-through for the local cluster and the HQ proxy for others', () => {
    expect(restTarget('local', 'local', '/_cat/indices?v')).toBe('/_cat/indices?v');
    expect(restTarget('local', 'local', '_search')).toBe('/_search');
    expect(restTarget('eu west', 'local', '/_cluster/health')).toBe('/api/proxy/eu%20west/_cluster/health');
  });

  it('keeps history newest first, without duplicates, bounded', () => {
    const e = (path: string) => ({ cluster: 'local', method: 'GET', path, body: '' });
    let h = pushHistory([], e('a'));
    h = pushHistory(h, e('b'));
    h = pushHistory(h, { ...e('a'), status: 200 });
    expect(h.map((x) => x.path)).toEqual(['a', 'b']);
    expect(h[0].status).toBe(200);
    for (let i = 0; i < 10; i++) h = pushHistory(h, e(`p${i}`), 5);
    expect(h.map((x) => x.path)).toEqual(['p9', 'p8', 'p7', 'p6', 'p5']);
  });
});
