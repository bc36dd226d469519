// The WebSocket transport: the platform's WebSocket in browsers (and Node 22+), the `ws` package in Node 20.
import type { Transport, TransportFactory, TransportOptions } from './transport-types.js';

/** The part of the WebSocket API this transport uses; browsers' WebSocket and `ws` both have it. */
interface SocketLike {
  readonly readyState: number;
  onopen: ((event: unknown) => void) | null;
  onmessage: ((event: { data: unknown }) => void) | null;
  onerror: ((event: unknown) => void) | null;
  onclose: ((event: { code: number; reason: string }) => void) | null;
  send(data: string): void;
  close(code?: number, reason?: string): void;
  /** `ws` only: drop the socket without a closing handshake. */
  terminate?(): void;
}

type SocketConstructor = new (url: string, protocols?: string[], options?: object) => SocketLike;

const WS_PACKAGE = 'ws';

/** The constructor to use: TLS options need `ws` (the platform's WebSocket cannot take a CA). */
async function socketConstructor(options: TransportOptions): Promise<SocketConstructor> {
  const native = (globalThis as { WebSocket?: SocketConstructor }).WebSocket;
  if (native && !options.tls) return native;
  const ws = (await import(/* @vite-ignore */ WS_PACKAGE)) as { WebSocket?: unknown; default?: unknown };
  return (ws.WebSocket ?? ws.default) as SocketConstructor;
}

const OPEN = 1;

/** Open a WebSocket to a ws:// or wss:// URL; one JSON text per text frame. */
export const webSocketTransport: TransportFactory = async (url, handlers, options) => {
  const Socket = await socketConstructor(options);
  const tls = options.tls;
  const socket = tls
    ? new Socket(url.href, [], {
        ...(tls.ca !== undefined ? { ca: tls.ca } : {}),
        ...(tls.servername !== undefined ? { servername: tls.servername } : {}),
        rejectUnauthorized: !tls.insecure,
      })
    : new Socket(url.href);
  let error: Error | undefined;
  let done = false;
  const finish = (): void => {
    if (done) return;
    done = true;
    // No-ops rather than null: `ws` reports an error after terminate() on a connecting socket, and an error with
    // no listener would crash the process.
    const ignore = (): void => undefined;
    socket.onopen = socket.onmessage = socket.onerror = socket.onclose = ignore;
    handlers.closed(error);
  };
  socket.onopen = () => handlers.open();
  socket.onmessage = (event) => {
    if (typeof event.data === 'string') handlers.message(event.data);
    else error = new Error('the server sent a binary WebSocket message');
  };
  socket.onerror = (event) => {
    // Browsers say nothing more; `ws` passes the underlying error.
    const cause = (event as { error?: unknown }).error;
    error ??= cause instanceof Error ? cause : new Error(`WebSocket error on ${url.href}`);
  };
  socket.onclose = (event) => {
    if (!error && event.code !== 1000 && event.code !== 1001 && event.code !== 1005) {
      error = new Error(`WebSocket closed with code ${event.code}${event.reason ? `: ${event.reason}` : ''}`);
    }
    finish();
  };
  const transport: Transport = {
    send: (text) => {
      if (socket.readyState === OPEN) socket.send(text);
    },
    close: () => socket.close(1000),
    destroy: () => {
      if (socket.terminate) socket.terminate();
      else socket.close(1000);
      // A browser socket reports its close later; we are done with it now.
      finish();
    },
  };
  return transport;
};
