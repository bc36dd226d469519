// The TCP port: plain and TLS on the same port, the dialect picked from the first bytes a client sends.
import net from 'node:net';
import tls from 'node:tls';
import type { Hub } from '../hub.js';
import { Session } from '../session.js';
import { DETECT_BYTES, detectDialect } from '../dialects/detect.js';
import { isTlsHello } from './tls-sniff.js';
import type { DetectRule } from '../dialects/detect.js';
import { StreamConnection } from './stream.js';
import type { StreamLimits } from './stream.js';
import type { TransportKind } from './connection.js';
import { NO_ADDRESS_LIMIT } from './address-limit.js';
import { answerAndClose, ignoreError } from './sockets.js';
import type { AddressLimit } from './address-limit.js';

/** Options of a TCP listener. */
export interface TcpListenerOptions {
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

/** A net.Server that turns each accepted socket into a Session. */
export function createTcpListener(hub: Hub, options: TcpListenerOptions): net.Server {
  // A handshake that stalls is dropped after the hello timeout (Node's default holds it for 120 s).
  const tlsServer = options.tls
    ? new tls.Server({
        cert: options.tls.cert,
        key: options.tls.key,
        handshakeTimeout: hub.config.helloTimeoutMs,
      })
    : null;
  const addressLimit = options.addressLimit ?? NO_ADDRESS_LIMIT;
  const refusal = options.refusal ?? null;
  // One limits object for every connection of the listener (each would otherwise keep its own copy).
  const limits: StreamLimits = {
    maxFrameBytes: hub.config.limits.maxFrameBytes,
    frameTimeoutMs: hub.config.frameTimeoutMs,
    maxOutboundBytes: hub.config.maxOutboundBytes,
  };
  tlsServer?.on('secureConnection', (socket: tls.TLSSocket) => sniff(hub, options, limits, socket, 'tls'));
  tlsServer?.on('tlsClientError', (error, socket) => {
    hub.log.debug({ err: error.message, remote: socket.remoteAddress }, 'TLS handshake failed');
    socket.destroy();
  });
  const server = net.createServer(
    { noDelay: true, keepAlive: true, keepAliveInitialDelay: options.keepAliveMs ?? 30_000 },
    (socket) => {
      if (hub.isClosing) {
        socket.destroy();
        return;
      }
      if (!addressLimit.admit(socket)) {
        hub.log.debug({ remote: socket.remoteAddress }, 'too many connections from this address: refused');
        answerAndClose(socket, refusal);
        return;
      }
      sniff(hub, options, limits, socket, 'tcp', tlsServer);
    },
  );
  return server;
}

/** Read until the first bytes tell what the client speaks, then hand the socket over. */
function sniff(
  hub: Hub,
  options: TcpListenerOptions,
  limits: StreamLimits,
  socket: net.Socket,
  kind: TransportKind,
  tlsServer?: tls.Server | null,
): void {
  // Every socket keeps an error listener until it is destroyed: a reset while we answer, close or hand over must
  // never become an unhandled 'error'. A shared no-op costs nothing per connection.
  socket.on('error', ignoreError);
  let head: Buffer = Buffer.alloc(0);
  const timer = setTimeout(() => socket.destroy(), hub.config.helloTimeoutMs);
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
          hub.log.debug({ remote: socket.remoteAddress }, 'TLS client on a port without TLS: closing');
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
      hub.log.debug(
        { remote: socket.remoteAddress, head: head.subarray(0, DETECT_BYTES).toString('hex') },
        'unknown dialect: closing',
      );
      stop();
      answerAndClose(socket, 'parley: unknown protocol; see docs/protocol.md\n');
      return;
    }
    stop();
    const connection = new StreamConnection(socket, kind, found.framing, limits, head);
    const session = new Session(connection, found.dialect, hub);
    hub.open(session);
    session.start();
    // The connection listens for errors now (start added its listener): one listener per socket, not two.
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
