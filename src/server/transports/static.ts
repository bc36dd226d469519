// The web client's files (web/dist, built by Vite): hashed assets cached for ever, the page revalidated on every
// load so that a new build is picked up at once, a strict Content-Security-Policy, and nothing outside the folder.
import { createReadStream } from 'node:fs';
import type { Stats } from 'node:fs';
import { stat } from 'node:fs/promises';
import type http from 'node:http';
import path from 'node:path';
import type { RequestHandler } from './http.js';

/** Where `vite build web` puts the client; the same three levels up from src/ (tsx) and dist/ (built). */
export const WEB_DIST_DIR = path.resolve(import.meta.dirname, '../../../web/dist');

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.map': 'application/json',
  '.webmanifest': 'application/manifest+json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.webp': 'image/webp',
  '.woff2': 'font/woff2',
  '.txt': 'text/plain; charset=utf-8',
};

// Vite puts content-hashed files here: their name changes whenever their content does.
const HASHED_PREFIX = '/assets/';
const IMMUTABLE = 'public, max-age=31536000, immutable';

/**
 * The page's Content-Security-Policy: only our own scripts and styles, network access to the host it came from.
 * Nothing in it comes from the request: `connect-src 'self'` covers ws:// and wss:// to the page's own host in
 * CSP Level 3 browsers (every current one), so the Host header, which any client may set, is not echoed here.
 */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "font-src 'self'",
  "manifest-src 'self'",
  "connect-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

/** Headers every response of the web client carries. */
const COMMON_HEADERS = { 'x-content-type-options': 'nosniff', 'referrer-policy': 'no-referrer' };

/** Serve the built web client from root: `/` is its index.html, other paths are files under root. */
export function staticHandler(root: string = WEB_DIST_DIR): RequestHandler {
  const base = path.resolve(root);
  return async (req, res) => {
    if (req.method !== 'GET' && req.method !== 'HEAD') return false;
    const pathname = decodePath(req.url);
    if (pathname === null) {
      res.writeHead(400, { 'content-type': 'text/plain; charset=utf-8' }).end('bad path\n');
      return true;
    }
    const isPage = pathname === '/' || pathname === '/index.html';
    const file = isPage ? path.join(base, 'index.html') : containedFile(base, pathname);
    if (file === null) return false;
    const info = await stat(file).catch(() => null);
    if (!info?.isFile()) {
      if (!isPage) return false;
      notBuilt(res, base);
      return true;
    }
    send(req, res, file, info, isPage || !pathname.startsWith(HASHED_PREFIX));
    return true;
  };
}

/** The URL's path, percent-decoded; null when it cannot be decoded or holds a NUL. */
function decodePath(url: string | undefined): string | null {
  try {
    const decoded = decodeURIComponent(new URL(url ?? '/', 'http://localhost').pathname);
    return decoded.includes('\0') ? null : decoded;
  } catch {
    return null;
  }
}

/** The file a path names inside base, or null when it would leave base or names a hidden file. */
function containedFile(base: string, pathname: string): string | null {
  // Normalising first folds every "..", encoded or not; the prefix check then holds whatever the input was.
  const file = path.join(base, path.posix.normalize(pathname));
  if (!file.startsWith(base + path.sep)) return null;
  if (
    path
      .relative(base, file)
      .split(path.sep)
      .some((part) => part.startsWith('.'))
  )
    return null;
  return file;
}

function send(
  req: http.IncomingMessage,
  res: http.ServerResponse,
  file: string,
  info: Stats,
  revalidate: boolean,
): void {
  const type = CONTENT_TYPES[path.extname(file).toLowerCase()] ?? 'application/octet-stream';
  const etag = `"${info.size.toString(36)}-${Math.trunc(info.mtimeMs).toString(36)}"`;
  const headers: http.OutgoingHttpHeaders = {
    ...COMMON_HEADERS,
    'content-type': type,
    'cache-control': revalidate ? 'no-cache' : IMMUTABLE,
    etag,
  };
  if (type.startsWith('text/html')) headers['content-security-policy'] = CONTENT_SECURITY_POLICY;
  if (revalidate && req.headers['if-none-match'] === etag) {
    res.writeHead(304, headers).end();
    return;
  }
  res.writeHead(200, { ...headers, 'content-length': info.size });
  if (req.method === 'HEAD') {
    res.end();
    return;
  }
  const stream = createReadStream(file);
  // Headers are gone by the time a read fails; cutting the response short is the honest answer.
  stream.on('error', () => res.destroy());
  stream.pipe(res);
}

function notBuilt(res: http.ServerResponse, base: string): void {
  res.writeHead(503, {
    ...COMMON_HEADERS,
    'content-type': 'text/plain; charset=utf-8',
    'cache-control': 'no-store',
  });
  res.end(
    [
      'The parley web client is not built yet.',
      '',
      `It is served from ${base}. To build it, run this in the parley folder:`,
      '',
      '    npm run build        (or only the web client: npx vite build web)',
      '',
      'then reload this page. The chat server itself is running: WebSocket at /ws, health at /healthz.',
      '',
    ].join('\n'),
  );
}
