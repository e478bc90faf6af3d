import { normalizeLineProtocol } from './line-protocol';
import { plainNsPoints } from './line-protocol-fast';

const NOW = '1700000000000000000';

/** What the full parser makes of a body: its normalised data and point count, or its error. */
function parse(body: string): { data: string; points: number } | { error: string } {
  try {
    const b = normalizeLineProtocol(body, { precision: 'ns', nowNs: NOW });
    return { data: b.data, points: b.points };
  } catch (err) {
    return { error: (err as Error).message };
  }
}

/** The fast path may decline anything, but what it accepts the parser must accept unchanged. */
function agrees(body: string): void {
  const fast = plainNsPoints(Buffer.from(body));
  if (fast === undefined) return;
  expect(parse(body)).toEqual({ data: body, points: fast });
}

describe('plainNsPoints', () => {
  it.each([
    ['cpu value=1 1\n', 1],
    ['cpu,host=a,region=r1 value=1i,u=2u,ok=true,f=F,s="x y, z",e=-1.5e+3,g=.5,h=5. -17\n', 1],
    ['my\\ cpu,ta\\,g=v\\ x f\\=ld=1u 7\nb v=TRUE 8\n', 2],
    ['cpu s="quote \\" inside" 9\n', 1],
    ['cpu,地点=东京 值=1 1\n', 1],
  ])('accepts the plain ns batch %j', (body, points) => {
    expect(plainNsPoints(Buffer.from(body))).toBe(points);
    agrees(body);
  });

  it.each([
    ['no final newline', 'cpu value=1 1'],
    ['no timestamp', 'cpu value=1\n'],
    ['two spaces before the timestamp', 'cpu value=1  1\n'],
    ['CRLF', 'cpu value=1 1\r\n'],
    ['a comment', '# c\ncpu value=1 1\n'],
    ['a blank line', 'cpu value=1 1\n\ncpu value=1 2\n'],
    ['leading whitespace', ' cpu value=1 1\n'],
    ['a leading BOM', '\ufeffcpu value=1 1\n'],
    ['a bad number', 'cpu value=1x 1\n'],
    ['a signed unsigned', 'cpu value=-1u 1\n'],
    ['an empty value', 'cpu value= 1\n'],
    ['an unbalanced quote', 'cpu value="x 1\n'],
    ['a bad timestamp', 'cpu value=1 1x\n'],
    ['a tag without value', 'cpu,host value=1 1\n'],
    ['an empty body', ''],
  ])('leaves %s to the parser', (_, body) => {
    expect(plainNsPoints(Buffer.from(body))).toBeUndefined();
  });

  it('never accepts what the parser refuses or rewrites (valid lines with random edits)', () => {
    const lines = ['cpu,host=a,region=r1 value=1i,u=2u,ok=true,s="x y" 17', 'm f=1.5e-3 -4', 'my\\ m,t\\,g=v\\ x f\\=ld="a\\"b",g=.5 7'];
    const chars = ['m', ',', ' ', '=', '\\', '"', '1', '-', '+', '.', 'e', 'E', 'i', 'u', 't', 'F', 'x', '#', '\r', '\t', '0', '\u00a0'];
    let seed = 42;
    const rand = (n: number) => (seed = (seed * 1103515245 + 12345) % 2 ** 31) % n;
    let accepted = 0;
    for (let k = 0; k < 20_000; k++) {
      let line = lines[rand(lines.length)];
      for (let edits = 1 + rand(2); edits > 0; edits--) {
        const at = rand(line.length + 1);
        const kind = rand(3);
        const c = chars[rand(chars.length)];
        line = kind === 0 ? line.slice(0, at) + c + line.slice(at) : kind === 1 ? line.slice(0, at) + line.slice(at + 1) : line.slice(0, at) + c + line.slice(at + 1);
      }
      const body = `${line}\n`;
      if (plainNsPoints(Buffer.from(body)) !== undefined) accepted++;
      agrees(body);
    }
    // The generator must reach the fast path often enough for the comparison to mean something.
    expect(accepted).toBeGreaterThan(5_000);
  });
});
