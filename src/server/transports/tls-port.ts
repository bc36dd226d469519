// The HTTP port's front door: it accepts every connection, counts it against the per-address limit, and hands it
// to the HTTP server. With a certificate the same port speaks TLS too: the first byte of a TLS ClientHello is
// 0x16, which no HTTP request starts with, so plain connections go to the HTTP server as they are and TLS ones
// after their handshake.
import type http from 'node:http';
import net from 'node:net';
import tls from 'node:tls';
import type { Logger } from 'pino';
import { NO_ADDRESS_LIMIT } from './address-limit.js';
import type { AddressLimit } from './address-limit.js';
import { answerAndClose, ignoreError } from './sockets.js';
import { isTlsHello } from './tls-sniff.js';

/** What an HTTP client over the per-address limit reads (plain HTTP only: a TLS client could not read it). */
const TOO_MANY =
  'HTTP/1.1 429 Too Many Requests\r\nConnection: close\r\nContent-Type: text/plain; charset=utf-8\r\n' +
  'X-Content-Type-Options: nosniff\r\nContent-Length: 42\r\n\r\ntoo many connections from this address\r\n\r\n';

/** Options of the front door. */
export interface FrontOptions {
  /** TLS credentials: when set, the port serves HTTPS and wss:// beside plain HTTP. */
  credentials: { cert: Buffer; key: Buffer } | null;
  /** How long a connection may stay silent before its first byte, and a TLS handshake may take. */
  helloTimeoutMs: number;
  /** Open connections per address, shared by every listener of the server. */
  addressLimit?: AddressLimit;
  log: Logger;
}

/**
 * A listener in front of `target` (the HTTP server): each accepted connection is counted per address, then
 * handed to the target (plain) or to a TLS server that hands it over after its handshake. The target itself never
 * listens; it hears 'listening' and 'close' from the front, which start and stop its request-timeout checks.
 */
export function plainAndTls(target: http.Server, options: FrontOptions): net.Server {
  const { credentials, helloTimeoutMs, log } = options;
  const addressLimit = options.addressLimit ?? NO_ADDRESS_LIMIT;
  const secure = credentials
    ? new tls.Server({
        cert: credentials.cert,
        key: credentials.key,
        ALPNProtocols: ['http/1.1'],
        // A handshake that stalls is dropped after the hello timeout (Node's default holds it for 120 s).
        handshakeTimeout: helloTimeoutMs,
      })
    : null;
  secure?.on('secureConnection', (socket: tls.TLSSocket) => target.emit('connection', socket));
  secure?.on('tlsClientError', (error, socket) => {
    log.debug({ err: error.message, remote: socket.remoteAddress }, 'TLS handshake failed');
    socket.destroy();
  });
  const front = net.createServer({ noDelay: true }, (socket) => {
    if (!addressLimit.admit(socket)) {
      log.debug({ remote: socket.remoteAddress }, 'too many connections from this address: refused');
      answerAndClose(socket, secure ? null : TOO_MANY);
      return;
    }
    // A plain port hands the socket over at once: the HTTP server adds its error listener as it takes it.
    if (!secure) {
      target.emit('connection', socket);
      return;
    }
    // The raw socket keeps this listener for its whole life: under TLS nobody else listens on it.
    socket.on('error', ignoreError);
    firstByte(socket, secure, target, helloTimeoutMs);
  });
  // The HTTP server's headers and request timeouts are checked by a timer it starts on 'listening'.
  front.on('listening', () => target.emit('listening'));
  front.on('close', () => target.close());
  return front;
}

/** Wait (at most the hello timeout) for the first byte, which tells TLS from plain HTTP, then hand over. */
function firstByte(socket: net.Socket, secure: tls.Server, target: http.Server, timeoutMs: number): void {
  const timer = setTimeout(() => socket.destroy(), timeoutMs);
  timer.unref();
  socket.once('close', () => clearTimeout(timer));
  socket.once('data', (chunk: Buffer) => {
    clearTimeout(timer);
    socket.pause();
    socket.unshift(chunk);
    // On the first byte (depth 1): a chunk is never empty, so the answer is never 'more' here.
    (isTlsHello(chunk, 1) === true ? secure : target).emit('connection', socket);
    process.nextTick(() => socket.resume());
  });
}
