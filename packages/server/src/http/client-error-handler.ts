import { STATUS_CODES } from 'node:http';
import type { Socket } from 'node:net';
import type { FastifyInstance } from 'fastify';
import { securityHeaderValues } from '../security/security-headers.js';
import { errorCatalog, type ErrorCode } from './error-catalog.js';

/** How long a refused connection may keep sending before it is cut. */
const lingerMs = 2000;

/**
 * Errors Node's HTTP parser raises before Fastify sees a request (`clientError`): headers over
 * the 16 KiB limit (a 1 MiB `Authorization`), malformed request lines, header timeouts. Fastify's
 * default answers in its own shape and drops the socket at once, which can reset the connection
 * before the client reads the answer. This one writes the same problem document as every other
 * error (with the security headers, as no hook runs here), half-closes, and discards whatever the
 * client is still sending for a moment, so the client gets its 4xx JSON, fast.
 */
export function handleClientError(this: FastifyInstance, error: NodeJS.ErrnoException, socket: Socket): void {
  if (error.code === 'ECONNRESET' || socket.destroyed) return;
  const code: ErrorCode = error.code === 'HPE_HEADER_OVERFLOW' ? 'header_too_large' : 'invalid_request';
  // A request that took longer than the request timeout (slow loris) is a 408, with the same body shape.
  const status = error.code === 'ERR_HTTP_REQUEST_TIMEOUT' ? 408 : errorCatalog[code].status;
  const body = JSON.stringify({
    type: `urn:tessera:problem:${code}`,
    title: status === 408 ? 'Request timeout' : errorCatalog[code].title,
    status,
    detail: status === 431 ? 'Request headers exceed the server limit' : 'The request could not be parsed',
    code,
    error: code,
  });
  this.log.debug({ code: error.code }, 'client error');
  if (!socket.writable) {
    socket.destroy();
    return;
  }
  socket.write(
    `HTTP/1.1 ${status} ${STATUS_CODES[status] ?? 'Error'}\r\n` +
      'Content-Type: application/problem+json; charset=utf-8\r\n' +
      `Content-Length: ${Buffer.byteLength(body)}\r\n` +
      Object.entries(securityHeaderValues)
        .map(([name, value]) => `${name}: ${value}\r\n`)
        .join('') +
      'Cache-Control: no-store\r\nConnection: close\r\n\r\n' +
      body,
  );
  socket.end();
  socket.on('error', () => socket.destroy());
  socket.resume();
  setTimeout(() => socket.destroy(), lingerMs).unref();
}
