// The native dialect: JSON objects with an action, over uint32-LE frames (TCP, TLS) or WebSocket text frames.
import { isUtf8 } from 'node:buffer';
import {
  jsonNestsDeeper,
  parseClientMessage,
  tooDeepMessage,
  writeFrameLength,
} from '../../protocol/index.js';
import type { PrefixBytes, ServerMessage } from '../../protocol/index.js';
import type { Dialect, DialectContext, DialectHost, DialectSession } from './dialect.js';

/** How native messages are framed: a uint32-LE length prefix, or one WebSocket message each. */
export type NativeFraming = 'u32' | 'ws';

/** Encode a message as JSON bytes, behind a little-endian length prefix of prefixBytes (none when 0). */
export function encodeJson(message: unknown, prefixBytes: 0 | PrefixBytes): Buffer {
  return frameJsonText(JSON.stringify(message), prefixBytes);
}

/**
 * JSON text as UTF-8 bytes, behind a little-endian length prefix of prefixBytes (none when 0): the protocol's frame
 * codec writes the prefix, and prefix and text share one allocation (every broadcast is framed here).
 */
export function frameJsonText(json: string, prefixBytes: 0 | PrefixBytes): Buffer {
  const length = Buffer.byteLength(json);
  const bytes = Buffer.allocUnsafe(prefixBytes + length);
  if (prefixBytes !== 0) writeFrameLength(bytes, length, prefixBytes);
  bytes.write(json, prefixBytes);
  return bytes;
}

/** Decode a payload as a UTF-8 JSON value no deeper than MAX_JSON_DEPTH, or say which error code applies. */
export function decodeJson(
  payload: Uint8Array,
): { ok: true; value: unknown } | { ok: false; code: 'invalid_utf8' | 'invalid_json'; message: string } {
  if (!isUtf8(payload)) return { ok: false, code: 'invalid_utf8', message: 'the frame is not valid UTF-8' };
  const text = Buffer.from(payload.buffer, payload.byteOffset, payload.byteLength).toString('utf8');
  // Every JSON dialect decodes here: a value nested thousands deep would overflow the stack of whatever walks it.
  if (jsonNestsDeeper(text))
    return { ok: false, code: 'invalid_json', message: `invalid frame: ${tooDeepMessage()}` };
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch (error) {
    return {
      ok: false,
      code: 'invalid_json',
      message: `the frame is not valid JSON: ${(error as Error).message}`,
    };
  }
}

/** A JSON object (not an array, not null): what every JSON dialect expects a message to be. */
export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Decode a payload as JSON, or answer the session with the error code and return undefined. */
export function readJson(host: DialectHost, payload: Uint8Array): { value: unknown } | undefined {
  const decoded = decodeJson(payload);
  if (decoded.ok) return decoded;
  host.sendError(decoded.code, decoded.message);
  return undefined;
}

/** Validate a decoded client message and request it, or answer with its error. */
export function requestValue(host: DialectHost, value: unknown): void {
  const parsed = parseClientMessage(value);
  if (!parsed.ok) {
    host.sendError(parsed.code, parsed.message, parsed.id, parsed.action);
    return;
  }
  host.request(parsed.message);
}

class NativeSession implements DialectSession {
  constructor(private readonly host: DialectHost) {}

  receive(payload: Uint8Array): void {
    const decoded = readJson(this.host, payload);
    if (decoded) requestValue(this.host, decoded.value);
  }
}

/**
 * The `connect` a WebSocket upgrade URL may carry (`/ws?username=alice&version=1`; an empty username asks for a
 * guest nick), or null when the URL carries none.
 */
export function connectFromQuery(params: URLSearchParams): Record<string, unknown> | null {
  const username = params.get('username');
  if (username === null) return null;
  const message: Record<string, unknown> = { action: 'connect' };
  if (username !== '') message.username = username;
  const version = params.get('version');
  // A version that is not a number stays a string, so that validation answers it as it would in a message.
  if (version !== null) message.version = /^\d+$/.test(version) ? Number(version) : version;
  return message;
}

/** The native dialect over one framing. It asks nothing of the server beyond its sessions' requests. */
export function nativeDialect(_context: DialectContext, framing: NativeFraming): Dialect {
  const prefix = framing === 'u32' ? 4 : 0;
  return {
    name: `native/${framing}`,
    answersPing: true,
    replaysHistory: true,
    encode: (message: ServerMessage) => encodeJson(message, prefix),
    frameJson: (json: string) => frameJsonText(json, prefix),
    attach: (host) => new NativeSession(host),
    // Over WebSocket the upgrade URL may say connect: the welcome then leaves with the upgrade's answer.
    ...(framing === 'ws'
      ? {
          upgradeQuery(host: DialectHost, params: URLSearchParams): void {
            const connect = connectFromQuery(params);
            if (connect) requestValue(host, connect);
          },
        }
      : {}),
  };
}
