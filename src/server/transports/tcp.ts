// The TCP port: plain and TLS on the same port, the dialect picked from the first bytes a client sends.
import net from 'node:net';
import tls from 'node:tls';
import { DETECT_BYTES, detectDialect } from '../dialects/detect.js';
import { isTlsHello } from './tls-sniff.js';
import type { DetectRule } from '../dialects/detect.js';
import type { Dialect } from '../dialects/dialect.js';
import { StreamConnection } from './stream.js';
import type { StreamLimits } from './stream.js';
import type { ListenerHost, TransportKind } from './connection.js';
import { NO_ADDRESS_LIMIT } from './address-limit.js';
import { answerAndClose, ignoreError } from './sockets.js';
import type { AddressLimit } from './address-limit.js';

/** Options of a TCP listener. */
export interface TcpListenerOptions extends ListenerHost<Dialect> {
  /** Frame size and time limits and the output bound, shared by every connection of the listener. */
  limits: StreamLimits;
  /** Detection rules, tried in order on the first bytes. */
  rules: readonly DetectRule[];
  /** TLS credentials: when set, a TLS ClientHello on this port is answered with TLS. */
  tls: { cert: Buffer; key: Buffer } | null;
  /** Keepalive probes find dead peers of dialects that have no ping of their own. */
  keepAliveMs?: number;
  /** Open connections per address, shared by every listener of the server. */
  addressLimit?: AddressLimit;
  /** What a client refused by the address limit reads before the close (null: a bare close). */
  refusal?: Uint8Array | string | null;
}

/** A net.Server that hands each accepted socket over as a Connection in the dialect its first bytes name. */
export function createTcpListener(options: TcpListenerOptions): net.Server {
  // A handshake that stalls is dropped after the hello timeout (Node's default holds it for 120 s).
  const tlsServer = options.tls
    ? new tls.Server({
        cert: options.tls.cert,
        key: options.tls.key,
        handshakeTimeout: options.helloTimeoutMs,
      })
    : null;
  const addressLimit = options.addressLimit ?? NO_ADDRESS_LIMIT;
  const refusal = options.refusal ?? null;
  const log = options.log;
  tlsServer?.on('secureConnection', (socket: tls.TLSSocket) => sniff(options, socket, 'tls'));
  tlsServer?.on('tlsClientError', (error, socket) => {
    log.debug({ err: error.message, remote: socket.remoteAddress }, 'TLS handshake failed');
    socket.destroy();
  });
  const server = net.createServer(
    { noDelay: true, keepAlive: true, keepAliveInitialDelay: options.keepAliveMs ?? 30_000 },
    (socket) => {
      if (options.closing()) {
        socket.destroy();
        return;
      }
      if (!addressLimit.admit(socket)) {
        log.debug({ remote: socket.remoteAddress }, 'too many connections from this address: refused');
        answerAndClose(socket, refusal);
        return;
      }
      sniff(options, socket, 'tcp', tlsServer);
    },
  );
  return server;
}

/** Read until the first bytes tell what the client speaks, then hand the socket over. */
function sniff(
  options: TcpListenerOptions,
  socket: net.Socket,
  kind: TransportKind,
  tlsServer?: tls.Server | null,
): void {
  // Every socket keeps an error listener until it is destroyed: a reset while we answer, close or hand over must
  // never become an unhandled 'error'. A shared no-op costs nothing per connection.
  socket.on('error', ignoreError);
  let head: Buffer = Buffer.alloc(0);
  const timer = setTimeout(() => socket.destroy(), options.helloTimeoutMs);
  timer.unref();
  const onClose = (): void => clearTimeout(timer);
  const onData = (chunk: Buffer): void => {
    head = head.length === 0 ? chunk : Buffer.concat([head, chunk]);
    if (kind === 'tcp') {
      const hello = isTlsHello(head);
      if (hello === 'more') return;
      if (hello) {
        stop();
        if (!tlsServer) {
          options.log.debug({ remote: socket.remoteAddress }, 'TLS client on a port without TLS: closing');
          socket.destroy();
          return;
        }
        socket.pause();
        socket.unshift(head);
        tlsServer.emit('connection', socket);
        return;
      }
    }
    const found = detectDialect(options.rules, head);
    if (found === 'more') return;
    if (!found) {
      options.log.debug(
        { remote: socket.remoteAddress, head: head.subarray(0, DETECT_BYTES).toString('hex') },
        'unknown dialect: closing',
      );
      stop();
      answerAndClose(socket, 'parley: unknown protocol; see docs/protocol.md\n');
      return;
    }
    stop();
    const connection = new StreamConnection(socket, kind, found.framing, options.limits, head);
    options.accept(connection, found.dialect);
    // The connection listens for errors now (starting it added its listener): one listener per socket, not two.
    socket.off('error', ignoreError);
  };
  const stop = (): void => {
    clearTimeout(timer);
    socket.off('data', onData);
    socket.off('close', onClose);
    socket.pause();
  };
  socket.on('data', onData);
  socket.once('close', onClose);
}
