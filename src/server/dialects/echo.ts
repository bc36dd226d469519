// aiohttp-chat's /echo (PROTOCOLS.md §4): every JSON text frame comes back as {"echo": <the JSON>}; a frame that is
// not JSON gets {"error": why} and the connection stays (the tutorial's server dropped it).
import type { ServerMessage } from '../../protocol/index.js';
import type { Dialect, DialectContext, DialectHost, DialectSession } from './dialect.js';
import { encodeJson, readJson } from './native.js';

function encode(message: ServerMessage): Uint8Array | null {
  // The echo travels as an ok reply carrying the value: encode sees server messages only.
  if (message.action === 'ok' && message.re === 'ping') return encodeJson({ echo: message.echo }, 0);
  if (message.action === 'error') return encodeJson({ error: message.message }, 0);
  return null; // an echo client is in no room and takes no part in the chat
}

class EchoSession implements DialectSession {
  constructor(private readonly host: DialectHost) {}

  open(): void {
    // A guest name, never shown: without one, the hub's hello deadline would close the connection.
    if (this.host.request({ action: 'connect' }) === 'refused') this.host.end('error');
  }

  receive(payload: Uint8Array): void {
    const decoded = readJson(this.host, payload);
    if (!decoded) return;
    // The echo is the wire's own business: no chat rule is involved, so no command is run for it.
    this.host.send({ action: 'ok', re: 'ping', echo: decoded.value });
  }
}

/** The /echo dialect over WebSocket text frames. */
export function echoDialect(_context: DialectContext): Dialect {
  return {
    name: 'aiohttp-echo',
    answersPing: false,
    encode,
    attach: (host) => new EchoSession(host),
  };
}
