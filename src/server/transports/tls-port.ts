// One port for plain and TLS connections: the first byte of a TLS ClientHello is 0x16, which no HTTP request starts
// with, so the port can hand each connection to the right place and the same HTTP server serves both.
import net from 'node:net';
import tls from 'node:tls';
import type { Logger } from 'pino';

/** The first byte of a TLS handshake record. */
const TLS_HANDSHAKE = 0x16;

/**
 * A listener in front of `target` (an http.Server, say): plain connections go to it as they are, TLS connections
 * after their handshake. Without credentials the target listens on its own and is returned unchanged.
 */
export function plainAndTls(
  target: net.Server,
  credentials: { cert: Buffer; key: Buffer } | null,
  log: Logger,
): net.Server {
  if (!credentials) return target;
  const secure = new tls.Server({
    cert: credentials.cert,
    key: credentials.key,
    ALPNProtocols: ['http/1.1'],
  });
  secure.on('secureConnection', (socket: tls.TLSSocket) => target.emit('connection', socket));
  secure.on('tlsClientError', (error, socket) => {
    log.debug({ err: error.message, remote: socket.remoteAddress }, 'TLS handshake failed');
    socket.destroy();
  });
  return net.createServer({ noDelay: true }, (socket) => {
    socket.on('error', () => socket.destroy());
    socket.once('data', (chunk: Buffer) => {
      socket.pause();
      socket.unshift(chunk);
      (chunk[0] === TLS_HANDSHAKE ? secure : target).emit('connection', socket);
      process.nextTick(() => socket.resume());
    });
  });
}
