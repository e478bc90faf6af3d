import { randomUUID } from 'node:crypto';
import type { Duplex } from 'node:stream';
import { AppError } from '../errors/app-error';
import { renderError } from '../errors/renderers';

/** Node's parser codes that mean the head of the request was too large rather than malformed. */
const TOO_LARGE = new Set(['HPE_HEADER_OVERFLOW']);

/**
 * Answers a request Node's HTTP parser refused (a control character in a header, a bad method, a head
 * past the size limit, conflicting framing) in OpenSearch's envelope, the default family of the edge:
 * the path may not even have been read, so no mount can be told. Without this handler Node writes a
 * bare `400 Bad Request` with no body. The connection is closed, as the stream cannot be trusted.
 */
export function answerClientError(err: NodeJS.ErrnoException, socket: Duplex): void {
  if (err.code === 'ECONNRESET' || !socket.writable) {
    socket.destroy();
    return;
  }
  const status = TOO_LARGE.has(err.code ?? '') ? 431 : 400;
  const reason = status === 431 ? 'the request head (URL and headers) is larger than the server accepts' : `the HTTP request is malformed (${err.code ?? 'parse error'})`;
  const rendered = renderError('opensearch', new AppError(status, reason, { type: status === 431 ? 'too_long_http_header_exception' : 'illegal_argument_exception' }));
  const body = JSON.stringify(rendered.body);
  const phrase = status === 431 ? 'Request Header Fields Too Large' : 'Bad Request';
  socket.end(
    `HTTP/1.1 ${status} ${phrase}\r\ncontent-type: application/json; charset=utf-8\r\ncontent-length: ${Buffer.byteLength(body)}\r\n` +
      `x-request-id: ${randomUUID()}\r\nconnection: close\r\n\r\n${body}`,
  );
}
