import { mkdtempSync, rmSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createGateway, type Gateway } from './create-gateway';

/** Sends raw bytes and reads until the server closes the connection. */
function rawExchange(port: number, bytes: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1', () => socket.write(bytes, 'latin1'));
    const chunks: Buffer[] = [];
    socket.on('data', (c) => chunks.push(c));
    socket.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    socket.on('error', reject);
  });
}

describe('requests the HTTP parser refuses', () => {
  let gateway: Gateway;
  let port: number;
  let dataDir: string;
  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'ferry-client-error-'));
    gateway = await createGateway({ config: { dataDir, log: { level: 'silent' } } });
    port = (await gateway.listen({ port: 0, host: '127.0.0.1' })).port;
  });
  afterAll(async () => {
    await gateway.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it.each([
    ['a control character in a header', 'GET / HTTP/1.1\r\nhost: x\r\nx-a: a\x01b\r\n\r\n', 400],
    ['an unknown method', 'FOO / HTTP/1.1\r\nhost: x\r\n\r\n', 400],
    ['both Content-Length and Transfer-Encoding', 'POST / HTTP/1.1\r\nhost: x\r\ncontent-length: 3\r\ntransfer-encoding: chunked\r\n\r\n0\r\n\r\n', 400],
    ['a URL past the head size limit', `GET /${'a'.repeat(300_000)} HTTP/1.1\r\nhost: x\r\n\r\n`, 431],
  ])('%s: a JSON error in the OpenSearch envelope, and the connection closed', async (_name, bytes, status) => {
    const answer = await rawExchange(port, bytes);
    const [head, body] = answer.split('\r\n\r\n');
    expect(head.split('\r\n')[0]).toBe(`HTTP/1.1 ${status} ${status === 431 ? 'Request Header Fields Too Large' : 'Bad Request'}`);
    expect(head).toMatch(/\r\ncontent-type: application\/json; charset=utf-8\r\n/);
    expect(head).toMatch(/\r\nconnection: close/);
    const parsed = JSON.parse(body) as { status: number; error: { type: string; reason: string } };
    expect(parsed.status).toBe(status);
    expect(parsed.error.reason).toMatch(status === 431 ? /larger than the server accepts/ : /malformed \(HPE_/);
  });

  it("answers in the envelope of the family the request line's path falls under", async () => {
    const answer = await rawExchange(port, 'GET /_gateway/health HTTP/1.1\r\nhost: x\r\nx-a: a\x01b\r\n\r\n');
    const parsed = JSON.parse(answer.split('\r\n\r\n')[1]) as { error: { code: string; message: string } };
    expect(parsed.error).toEqual({ code: 'bad_request', message: 'the HTTP request is malformed (HPE_INVALID_HEADER_TOKEN)' });
  });

  it('answers a refused HEAD without a body', async () => {
    const answer = await rawExchange(port, 'HEAD /_gateway/health HTTP/1.1\r\nhost: x\r\nx-a: a\x01b\r\n\r\n');
    const [head, body] = answer.split('\r\n\r\n');
    expect(head.split('\r\n')[0]).toBe('HTTP/1.1 400 Bad Request');
    expect(body).toBe('');
  });

  it('routes a 70 KB URL (under server.maxHeaderBytes) to the gateway, which answers it in its own envelope', async () => {
    const res = await fetch(`http://127.0.0.1:${port}/_gateway/${'h'.repeat(70_000)}`);
    expect(res.status).toBe(404);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe('not_found');
  });

  it('keeps serving well-formed requests afterwards', async () => {
    const res = await fetch(`http://127.0.0.1:${port}/_gateway/health`);
    expect(res.status).toBe(200);
  });
});
