// The HTTP port: health, metrics, WebSocket upgrades by path, and (when built) the web client.
import http from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer } from 'ws';
import type { Dialect } from '../dialects/dialect.js';
import type { ListenerHost } from './connection.js';
import { WsConnection } from './ws.js';
import { originAllowed, originPolicy } from './origin.js';
import { answerAndClose, ignoreError } from './sockets.js';

/** Serves one HTTP request, or returns false to let the next handler try. */
export type RequestHandler = (
  req: http.IncomingMessage,
  res: http.ServerResponse,
) => boolean | Promise<boolean>;

/** Options of the HTTP listener. */
export interface HttpListenerOptions extends ListenerHost<Dialect> {
  /** WebSocket dialects by path, such as { '/ws': native }. */
  websockets: Record<string, Dialect>;
  /** Handlers tried in order for plain HTTP requests; a 404 follows when none answers. */
  handlers: RequestHandler[];
  /** The largest WebSocket message a client may send. */
  maxFrameBytes: number;
  /** Output a WebSocket peer may leave unread before it is cut off as a slow consumer. */
  maxOutboundBytes: number;
  /** Origins a browser's WebSocket may come from besides this server's own ('*': any). */
  allowedOrigins: readonly string[];
}

/** A complete HTTP answer that closes the connection, for an upgrade that is refused. */
function refusal(status: string): string {
  return `HTTP/1.1 ${status}\r\nConnection: close\r\nX-Content-Type-Options: nosniff\r\nContent-Length: 0\r\n\r\n`;
}

/** The first line of a client error's answer; Node's own choice of status, which a clientError listener replaces. */
function clientErrorStatus(code: string | undefined): string {
  if (code === 'HPE_HEADER_OVERFLOW') return '431 Request Header Fields Too Large';
  if (code === 'ERR_HTTP_REQUEST_TIMEOUT') return '408 Request Timeout';
  return '400 Bad Request';
}

/** An http.Server with the routes above. */
export function createHttpListener(options: HttpListenerOptions): http.Server {
  const { log, maxOutboundBytes } = options;
  const wss = new WebSocketServer({
    noServer: true,
    maxPayload: options.maxFrameBytes,
    perMessageDeflate: false,
    clientTracking: false,
  });
  const helloMs = options.helloTimeoutMs;
  const origins = originPolicy(options.allowedOrigins);
  const server = http.createServer(
    {
      // A connection that sends nothing, or headers that never end, is closed after the hello timeout (408);
      // the requests served here have no body, so the whole request gets as long as its headers.
      headersTimeout: helloMs,
      requestTimeout: helloMs,
      // How often those timeouts are checked (Node's default is 30 s, which would triple a short timeout).
      connectionsCheckingInterval: Math.min(Math.max(Math.round(helloMs / 4), 25), 1000),
    },
    handleRequest,
  );
  // An idle keep-alive connection is a silent one too: Node's 5 s, or the hello timeout when it is shorter.
  server.keepAliveTimeout = Math.min(server.keepAliveTimeout, helloMs);
  async function handleRequest(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    // Every answer of this port, 404s and errors included: browsers must never guess a type.
    res.setHeader('x-content-type-options', 'nosniff');
    try {
      for (const handler of options.handlers) if (await handler(req, res)) return;
      res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' }).end('not found\n');
    } catch (error) {
      log.error({ err: error, url: req.url }, 'HTTP handler failed');
      if (!res.headersSent) res.writeHead(500, { 'content-type': 'text/plain; charset=utf-8' });
      res.end('internal error\n');
    }
  }
  server.on('upgrade', (req: http.IncomingMessage, socket: Duplex, head: Buffer) => {
    // Node leaves an upgraded socket without listeners: ours goes on first, before anything can fail or answer.
    // It is a module-level function: a closure sharing this scope with `req` would keep every connection's request
    // and headers alive for as long as the socket lives.
    socket.on('error', ignoreError);
    let url: URL;
    try {
      url = new URL(req.url ?? '/', 'http://localhost');
    } catch {
      answerAndClose(socket, refusal('400 Bad Request'));
      return;
    }
    const dialect = Object.hasOwn(options.websockets, url.pathname)
      ? options.websockets[url.pathname]
      : undefined;
    if (!dialect || options.closing()) {
      answerAndClose(socket, refusal(dialect ? '503 Service Unavailable' : '404 Not Found'));
      return;
    }
    if (!originAllowed(req.headers.origin, req.headers.host, origins)) {
      log.debug(
        { origin: req.headers.origin, host: req.headers.host },
        'WebSocket from a foreign origin: refused',
      );
      answerAndClose(socket, refusal('403 Forbidden'));
      return;
    }
    const query = url.search.length > 1 ? url.searchParams : null;
    // Corked, the upgrade's answer and whatever the session says at once (a welcome) leave in one write.
    socket.cork();
    try {
      wss.handleUpgrade(req, socket, head, (ws) => {
        const connection = new WsConnection(ws, socket, maxOutboundBytes);
        if (query && dialect.upgradeQuery) {
          options.accept(connection, dialect, query);
          connection.flush(); // what the query's step said (a welcome) goes with the 101, still corked
        } else {
          options.accept(connection, dialect);
        }
      });
    } finally {
      socket.uncork();
    }
  });
  server.on('clientError', (error: NodeJS.ErrnoException, socket: Duplex) => {
    // Destroyed once answered, as Node does without this listener: HTTP sockets are half-open, so an end() alone
    // would leave a silent peer's socket open for ever.
    answerAndClose(socket, socket.writable ? refusal(clientErrorStatus(error.code)) : null);
  });
  return server;
}

/** What the health answer reports, read when asked. */
export interface Health {
  /** Whether the server is shutting down. */
  closing: boolean;
  /** Connected sessions. */
  sessions: number;
  /** Rooms with members on this node. */
  rooms: number;
  /** The store's kind only: the description names the database file, which is nobody's business outside. */
  store: string;
}

/** GET /healthz: 200 with counts while serving, 503 while shutting down. */
export function healthHandler(health: () => Health, startedAt: number): RequestHandler {
  return (req, res) => {
    if (req.url !== '/healthz') return false;
    const now = health();
    const body = {
      status: now.closing ? 'shutting_down' : 'ok',
      uptimeSeconds: Math.round((Date.now() - startedAt) / 1000),
      sessions: now.sessions,
      rooms: now.rooms,
      store: now.store,
    };
    res.writeHead(now.closing ? 503 : 200, {
      'content-type': 'application/json',
      'cache-control': 'no-store',
    });
    res.end(JSON.stringify(body));
    return true;
  };
}
