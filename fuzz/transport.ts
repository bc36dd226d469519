// Links: one fuzz connection to the server, over a raw socket (TCP, TLS, text, HTTP) or a WebSocket. They read
// and drop what the server says, keep their writes bounded, and end as their plan says (reset, half-close, ...).
import net from 'node:net';
import tls from 'node:tls';
import WebSocket from 'ws';
import type { Ending, Frame, Target } from './plan.js';

/** Where the server listens. */
export interface Ports {
  host: string;
  tcp: number;
  http: number;
  text: number | null;
}

/** An open fuzz connection. */
export interface Link {
  /** Send frames; resolves false when the link is closed (the server hung up), after backpressure has eased. */
  send(frames: Frame[]): Promise<boolean>;
  /** End as planned, after waitMs; resolves when the socket is gone. */
  finish(ending: Ending, waitMs: number): Promise<void>;
  /** Drop the connection at once (the run is over). */
  abort(): void;
}

/** Bytes a link may have queued before it waits: pipelined, never unbounded. */
const HIGH_WATER = 256 * 1024;
/** Longest wait for the server to take our bytes, or to close, before the link gives up and resets. */
const PATIENCE_MS = 3000;
const LINGER_MS = 250;
const STALL_MS = 600;

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

function reset(socket: net.Socket): void {
  try {
    if (!socket.destroyed) socket.resetAndDestroy();
  } catch {
    socket.destroy();
  }
}

/** Resolves when the event fires or after ms, whichever is first. */
function eventOrTimeout(emitter: net.Socket | WebSocket, event: string, ms: number): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(done, ms);
    function done(): void {
      clearTimeout(timer);
      emitter.off(event, done);
      resolve();
    }
    emitter.once(event, done);
  });
}

/** Open a link to a target, or null when the server would not take the connection. */
export function openLink(target: Target, ports: Ports): Promise<Link | null> {
  if (target.kind === 'ws') return openWs(target.path, ports);
  const port = target.kind === 'http' ? ports.http : target.kind === 'text' ? ports.text : ports.tcp;
  if (port === null) return Promise.resolve(null);
  return openStream(port, target.kind === 'tls', ports.host);
}

function openStream(port: number, secure: boolean, host: string): Promise<Link | null> {
  return new Promise((resolve) => {
    const raw = net.connect({ host, port, noDelay: true });
    raw.on('error', () => {});
    const stream: net.Socket = secure
      ? tls.connect({ socket: raw, rejectUnauthorized: false, servername: 'localhost' })
      : raw;
    stream.on('error', () => {});
    stream.on('data', () => {}); // read and drop: a fuzzer must not be cut off as a slow consumer by accident
    const ready = secure ? 'secureConnect' : 'connect';
    const fail = (): void => {
      raw.destroy();
      resolve(null);
    };
    const timer = setTimeout(fail, PATIENCE_MS);
    stream.once('close', () => {
      clearTimeout(timer);
      resolve(null);
    });
    stream.once(ready, () => {
      clearTimeout(timer);
      resolve(streamLink(raw, stream));
    });
  });
}

function streamLink(raw: net.Socket, stream: net.Socket): Link {
  return {
    async send(frames) {
      if (stream.destroyed || !stream.writable) return false;
      stream.write(frames.length === 1 ? frames[0]!.data : Buffer.concat(frames.map((f) => f.data)));
      if (stream.writableLength > HIGH_WATER) {
        await eventOrTimeout(stream, 'drain', PATIENCE_MS);
        if (stream.writableLength > HIGH_WATER) reset(raw); // the server stopped reading us: give up
      }
      return !stream.destroyed;
    },
    async finish(ending, waitMs) {
      if (waitMs > 0) await sleep(waitMs);
      if (raw.destroyed) return;
      if (ending === 'reset') reset(raw);
      else if (ending === 'destroy') raw.destroy();
      else if (ending === 'stall') {
        raw.pause();
        await sleep(STALL_MS);
        reset(raw);
      } else {
        if (ending !== 'linger') stream.end();
        await eventOrTimeout(raw, 'close', ending === 'half-close' ? PATIENCE_MS / 6 : LINGER_MS);
        raw.destroy();
      }
    },
    abort: () => raw.destroy(),
  };
}

function openWs(path: string, ports: Ports): Promise<Link | null> {
  return new Promise((resolve) => {
    let ws: WebSocket;
    try {
      ws = new WebSocket(`ws://${ports.host}:${ports.http}${path}`, {
        perMessageDeflate: false,
        handshakeTimeout: PATIENCE_MS,
        maxPayload: 64 * 1024 * 1024,
      });
    } catch {
      resolve(null); // a path the client library itself refuses
      return;
    }
    let raw: net.Socket | null = null;
    ws.on('upgrade', (res) => (raw = res.socket as net.Socket));
    ws.on('error', () => {});
    ws.on('message', () => {});
    ws.once('open', () => resolve(wsLink(ws, () => raw)));
    ws.once('close', () => resolve(null));
    ws.once('unexpected-response', (req) => {
      req.destroy();
      resolve(null);
    });
  });
}

function wsLink(ws: WebSocket, raw: () => net.Socket | null): Link {
  const open = (): boolean => ws.readyState === WebSocket.OPEN;
  return {
    async send(frames) {
      if (!open()) return false;
      for (const frame of frames) ws.send(frame.data, { binary: frame.binary === true });
      if (ws.bufferedAmount > HIGH_WATER) {
        const socket = raw();
        if (socket) await eventOrTimeout(socket, 'drain', PATIENCE_MS);
        if (ws.bufferedAmount > HIGH_WATER) ws.terminate();
      }
      return open();
    },
    async finish(ending, waitMs) {
      if (waitMs > 0) await sleep(waitMs);
      const socket = raw();
      if (!socket || socket.destroyed) return void ws.terminate();
      if (ending === 'reset') reset(socket);
      else if (ending === 'destroy') ws.terminate();
      else if (ending === 'stall') {
        socket.pause();
        await sleep(STALL_MS);
        reset(socket);
      } else {
        if (ending === 'end') ws.close(1000);
        else if (ending === 'half-close') socket.end(); // a FIN without a close frame
        await eventOrTimeout(socket, 'close', ending === 'half-close' ? PATIENCE_MS / 6 : LINGER_MS);
        ws.terminate();
      }
    },
    abort: () => ws.terminate(),
  };
}
