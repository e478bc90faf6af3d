import { downstreamHeaders, upstreamHeaders } from './forward-headers';

const pairs = (flat: string[]) => Object.fromEntries(flat.flatMap((v, i) => (i % 2 ? [] : [[v, flat[i + 1]]])));

describe('forward headers', () => {
  const incoming = { host: 'gw:1', connection: 'keep-alive', authorization: 'Bearer gw', accept: 'application/json', 'x-custom': 'c', 'content-length': '2' };

  it.each([
    ['no allow-list', undefined, { accept: 'application/json', 'x-custom': 'c', 'content-length': '2', authorization: 'Basic cw==' }],
    ['an allow-list', new Set(['accept', 'content-length', 'authorization', 'connection']), { accept: 'application/json', 'content-length': '2', authorization: 'Basic cw==' }],
  ])('upstream with %s: hop-by-hop and the client’s Authorization never go, the target’s auth does', (_name, allowed, expected) => {
    expect(pairs(upstreamHeaders(incoming, { authorization: 'Basic cw==' }, false, allowed))).toEqual(expected);
  });

  it.each([
    ['no allow-list', undefined, { 'content-type': 'application/json', 'set-cookie': 'a=1' }],
    ['an allow-list', new Set(['content-type', 'transfer-encoding']), { 'content-type': 'application/json' }],
  ])('downstream with %s', (_name, allowed, expected) => {
    const answer = { 'content-type': 'application/json', 'set-cookie': ['a=1'], 'transfer-encoding': 'chunked', connection: 'keep-alive' };
    expect(pairs(downstreamHeaders(answer, allowed))).toEqual(expected);
  });
});
