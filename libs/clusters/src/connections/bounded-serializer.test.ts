import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Client } from '@opensearch-project/opensearch';
import { MAX_ANSWER_DEPTH } from '@ferry/core';
import { BoundedSerializer, JsonTooDeepError } from './bounded-serializer';

const nested = (levels: number): string => '['.repeat(levels) + ']'.repeat(levels);

describe('BoundedSerializer', () => {
  let server: Server;
  let client: Client;
  let answer = '';

  beforeAll(async () => {
    server = createServer((_req, res) => {
      res.setHeader('content-type', 'application/json');
      res.end(answer);
    });
    await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
    client = new Client({ node: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, Serializer: BoundedSerializer, maxRetries: 0 });
  });
  afterAll(async () => {
    await client.close();
    await new Promise<void>((ok) => server.close(() => ok()));
  });

  it('reads an answer at the limit', async () => {
    answer = nested(MAX_ANSWER_DEPTH);
    expect((await client.transport.request({ method: 'GET', path: '/' })).statusCode).toBe(200);
  });

  it.each([MAX_ANSWER_DEPTH + 1, 100_000])('refuses an answer %i levels deep with JsonTooDeepError', async (levels) => {
    answer = nested(levels);
    await expect(client.transport.request({ method: 'GET', path: '/' })).rejects.toBeInstanceOf(JsonTooDeepError);
  });
});
