import { randomUUID } from 'node:crypto';
import type { Duplex } from 'node:stream';
import { AppError } from '../errors/app-error';
import { renderError, type ErrorFormat } from '../errors/renderers';

/** Node's parser codes that mean the head of the request was too large rather than malformed. */
const TOO_LARGE = new Set(['HPE_HEADER_OVERFLOW']);

/**
 * The method and target of the refused bytes (`GET /path HTTP/1.1`), when Node kept them: `rawPacket` is
 * the chunk being parsed, so a head larger than one read (past `server.maxHeaderBytes`) may not hold it.
 */
function requestLine(err: NodeJS.ErrnoException): { method?: string; target?: string } {
  const raw = (err as { rawPacket?: unknown }).rawPacket;
  if (!Buffer.isBuffer(raw)) return {};
  const [method, target] = raw.subarray(0, 65_536).toString('latin1').split('\r\n', 1)[0].split(' ');
  return { method, target: target?.startsWith('/') ? target : undefined };
}

/**
 * Answers a request Node's HTTP parser refused (a control character in a header, a bad method, a head
 * past the size limit, conflicting framing) in the envelope of the API family its path falls under,
 * when the request line could be read (`formatFor`), else OpenSearch's. Without this handler Node writes
 * a bare `400 Bad Request` with no body. The connection is closed, as the stream cannot be trusted.
 */
export function answerClientError(err: NodeJS.ErrnoException, socket: Duplex, formatFor: (url: string) => ErrorFormat = () => 'opensearch'): void {
  if (err.code === 'ECONNRESET' || !socket.writable) {
    socket.destroy();
    return;
  }
  const status = TOO_LARGE.has(err.code ?? '') ? 431 : 400;
  const reason = status === 431 ? 'the request head (URL and headers) is larger than the server accepts' : `the HTTP request is malformed (${err.code ?? 'parse error'})`;
  const { method, target } = requestLine(err);
  const format = target === undefined ? 'opensearch' : formatFor(target);
  const rendered = renderError(format, new AppError(status, reason, { type: status === 431 ? 'too_long_http_header_exception' : 'illegal_argument_exception' }));
  const body = JSON.stringify(rendered.body);
  const phrase = status === 431 ? 'Request Header Fields Too Large' : 'Bad Request';
  socket.end(
    `HTTP/1.1 ${status} ${phrase}\r\ncontent-type: application/json; charset=utf-8\r\ncontent-length: ${Buffer.byteLength(body)}\r\n` +
      // An answer to HEAD has no body, or the client reads it as the start of the next answer.
      `x-request-id: ${randomUUID()}\r\nconnection: close\r\n\r\n${method === 'HEAD' ? '' : body}`,
  );
}
