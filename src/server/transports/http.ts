// The HTTP port: health, metrics, WebSocket upgrades by path, and (when built) the web client.
import http from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer } from 'ws';
import type { Hub } from '../hub.js';
import { Session } from '../session.js';
import type { Dialect } from '../dialects/dialect.js';
import { WsConnection } from './ws.js';

/** Serves one HTTP request, or returns false to let the next handler try. */
export type RequestHandler = (
  req: http.IncomingMessage,
  res: http.ServerResponse,
) => boolean | Promise<boolean>;

function ignore(): void {}

/** Options of the HTTP listener. */
export interface HttpListenerOptions {
  /** WebSocket dialects by path, such as { '/ws': native }. */
  websockets: Record<string, Dialect>;
  /** Handlers tried in order for plain HTTP requests; a 404 follows when none answers. */
  handlers: RequestHandler[];
}

/** An http.Server with the routes above. */
export function createHttpListener(hub: Hub, options: HttpListenerOptions): http.Server {
  const wss = new WebSocketServer({
    noServer: true,
    maxPayload: hub.config.limits.maxFrameBytes,
    perMessageDeflate: false,
    clientTracking: false,
  });
  const server = http.createServer(async (req, res) => {
    try {
      for (const handler of options.handlers) if (await handler(req, res)) return;
      res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' }).end('not found\n');
    } catch (error) {
      hub.log.error({ err: error, url: req.url }, 'HTTP handler failed');
      if (!res.headersSent) res.writeHead(500, { 'content-type': 'text/plain; charset=utf-8' });
      res.end('internal error\n');
    }
  });
  server.on('upgrade', (req: http.IncomingMessage, socket: Duplex, head: Buffer) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const path = url.pathname;
    const dialect = Object.hasOwn(options.websockets, path) ? options.websockets[path] : undefined;
    if (!dialect || hub.isClosing) {
      socket.end(
        `HTTP/1.1 ${dialect ? '503 Service Unavailable' : '404 Not Found'}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`,
      );
      return;
    }
    // The listener is a module-level function and the callback captures nothing of `req`: a closure sharing this
    // scope with `req` would keep every connection's request and headers alive for as long as the socket lives.
    socket.on('error', ignore);
    const query = url.search.length > 1 ? url.searchParams : null;
    // Corked, the upgrade's answer and whatever the session says at once (a welcome) leave in one write.
    socket.cork();
    try {
      wss.handleUpgrade(req, socket, head, (ws) => {
        const connection = new WsConnection(ws, socket, hub.config.maxOutboundBytes);
        const session = new Session(connection, dialect, hub);
        hub.open(session);
        session.start();
        if (query && dialect.upgradeQuery) {
          dialect.upgradeQuery(session, query);
          connection.flush();
        }
      });
    } finally {
      socket.uncork();
    }
  });
  server.on('clientError', (_error, socket) => {
    if (socket.writable) socket.end('HTTP/1.1 400 Bad Request\r\nConnection: close\r\n\r\n');
    else socket.destroy();
  });
  return server;
}

/** GET /healthz: 200 with counts while serving, 503 while shutting down. */
export function healthHandler(hub: Hub, startedAt: number): RequestHandler {
  return (req, res) => {
    if (req.url !== '/healthz') return false;
    const body = {
      status: hub.isClosing ? 'shutting_down' : 'ok',
      uptimeSeconds: Math.round((Date.now() - startedAt) / 1000),
      sessions: hub.sessions.size,
      rooms: hub.rooms.size,
      store: hub.store.description,
    };
    res.writeHead(hub.isClosing ? 503 : 200, {
      'content-type': 'application/json',
      'cache-control': 'no-store',
    });
    res.end(JSON.stringify(body));
    return true;
  };
}
