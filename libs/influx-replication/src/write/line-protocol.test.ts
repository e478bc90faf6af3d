import { LineProtocolError, normalizeLineProtocol } from './line-protocol';

const NOW = '1700000000000000000';
const norm = (body: string, precision = 'ns') => normalizeLineProtocol(body, { precision, nowNs: NOW });

describe('normalizeLineProtocol', () => {
  it.each([
    ['cpu value=1 1', 'ns', 'cpu value=1 1\n'],
    ['cpu,host=a value=1i,ok=true,s="x y, z" 1', 'ns', 'cpu,host=a value=1i,ok=true,s="x y, z" 1\n'],
    ['cpu value=1 1700000000', 's', 'cpu value=1 1700000000000000000\n'],
    ['cpu value=1 1700000000000', 'ms', 'cpu value=1 1700000000000000000\n'],
    ['cpu value=1 1700000000000000', 'us', 'cpu value=1 1700000000000000000\n'],
    ['cpu value=1 2', 'm', 'cpu value=1 120000000000\n'],
    ['cpu value=1', 'ns', `cpu value=1 ${NOW}\n`],
    ['cpu value=1 0', 's', 'cpu value=1 0\n'],
    ['# comment\n\n  cpu value=1 5\r\n', 'ns', 'cpu value=1 5\n'],
    ['my\\ cpu,ta\\,g=v\\ x f\\=ld=1u 7', 'ns', 'my\\ cpu,ta\\,g=v\\ x f\\=ld=1u 7\n'],
    ['cpu s="quote \\" inside" 9', 'ns', 'cpu s="quote \\" inside" 9\n'],
    ['', 'ns', ''],
  ])('normalises %j at %s', (body, precision, expected) => {
    expect(norm(body, precision).data).toBe(expected);
  });

  it.each([
    ['cpu', 'ns', 'missing fields'],
    ['cpu,host=a', 'ns', 'missing fields'],
    [',host=a value=1', 'ns', 'missing measurement'],
    ['cpu,host value=1', 'ns', 'missing tag value'],
    ['cpu,=a value=1', 'ns', 'missing tag key'],
    ['cpu value=', 'ns', 'missing field value'],
    ['cpu value=abc', 'ns', 'invalid field format'],
    ['cpu value=1x', 'ns', 'invalid number'],
    ['cpu value=tru', 'ns', 'invalid boolean'],
    ['cpu value="open', 'ns', 'unbalanced quotes'],
    ['cpu value=1 12x', 'ns', 'bad timestamp'],
    ['cpu value=1 1 2', 'ns', 'bad timestamp'],
    ['cpu value=1 9999999999999', 's', 'time outside range'],
  ])('refuses %j', (line, precision, reason) => {
    expect(() => norm(`ok value=1 1\n${line}`, precision)).toThrow(new LineProtocolError(line, reason));
  });

  it('counts points', () => {
    expect(norm('a v=1 1\nb v=2 2\n').points).toBe(2);
  });
});
