// TCP and TLS transports (Node only): uint32-LE length-prefixed JSON frames, as the server's TCP port speaks them.
import net from 'node:net';
import tls from 'node:tls';
import { FrameDecoder, encodeFrame } from '../protocol/frame.js';
import type { Transport, TransportHandlers, TransportOptions } from './transport-types.js';

/** The server's TCP port when the URL names none. */
export const DEFAULT_TCP_PORT = 9011;

/** Open a tcp:// or tls:// connection. */
export function streamTransport(url: URL, handlers: TransportHandlers, options: TransportOptions): Transport {
  const host = url.hostname.replace(/^\[(.*)\]$/, '$1');
  const port = url.port ? Number(url.port) : DEFAULT_TCP_PORT;
  const secure = url.protocol === 'tls:';
  let socket: net.Socket;
  if (secure) {
    const settings = options.tls ?? {};
    const servername = settings.servername ?? (net.isIP(host) ? undefined : host);
    socket = tls.connect({
      host,
      port,
      ...(servername !== undefined ? { servername } : {}),
      ...(settings.ca !== undefined ? { ca: settings.ca as tls.ConnectionOptions['ca'] } : {}),
      rejectUnauthorized: !settings.insecure,
    });
  } else {
    socket = net.connect({ host, port });
  }
  socket.setNoDelay(true);
  const decoder = new FrameDecoder(4, options.maxFrameBytes);
  const textDecoder = new TextDecoder('utf-8', { fatal: true });
  let error: Error | undefined;
  socket.once(secure ? 'secureConnect' : 'connect', () => handlers.open());
  socket.on('data', (chunk: Buffer) => {
    const { frames, tooLarge } = decoder.push(chunk);
    try {
      for (const frame of frames) {
        if (socket.destroyed) return;
        handlers.message(textDecoder.decode(frame));
      }
    } catch (cause) {
      socket.destroy(new Error('the server sent a frame that is not UTF-8', { cause }));
      return;
    }
    if (tooLarge) socket.destroy(new Error(`the server announced a frame of ${tooLarge.announced} bytes`));
  });
  socket.on('error', (e) => {
    error ??= e;
  });
  socket.once('close', () => handlers.closed(error));
  return {
    send: (text) => {
      if (socket.writable) socket.write(encodeFrame(Buffer.from(text, 'utf8')));
    },
    close: () => {
      socket.end();
    },
    destroy: () => {
      socket.destroy();
    },
  };
}
