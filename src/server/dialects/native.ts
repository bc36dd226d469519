// The native dialect: JSON objects with an action, over uint32-LE frames (TCP, TLS) or WebSocket text frames.
import { isUtf8 } from 'node:buffer';
import { parseClientMessage } from '../../protocol/index.js';
import type { ServerMessage } from '../../protocol/index.js';
import { dispatch } from '../commands/table.js';
import type { Hub } from '../hub.js';
import type { Session } from '../session.js';
import type { Dialect, DialectSession } from './dialect.js';

/** How native messages are framed: a uint32-LE length prefix, or one WebSocket message each. */
export type NativeFraming = 'u32' | 'ws';

/** Encode a message as JSON bytes, with a uint32-LE length prefix when framing asks for one. */
export function encodeJson(message: unknown, prefixBytes: 0 | 3 | 4): Buffer {
  return frameJsonText(JSON.stringify(message), prefixBytes);
}

/** JSON text as UTF-8 bytes, behind a little-endian length prefix of prefixBytes (none when 0). */
export function frameJsonText(json: string, prefixBytes: 0 | 3 | 4): Buffer {
  const length = Buffer.byteLength(json);
  const bytes = Buffer.allocUnsafe(prefixBytes + length);
  if (prefixBytes === 4) bytes.writeUInt32LE(length, 0);
  else if (prefixBytes === 3) bytes.writeUIntLE(length, 0, 3);
  bytes.write(json, prefixBytes);
  return bytes;
}

/** Decode a payload as a UTF-8 JSON value, or say which error code applies. */
export function decodeJson(
  payload: Uint8Array,
): { ok: true; value: unknown } | { ok: false; code: 'invalid_utf8' | 'invalid_json'; message: string } {
  if (!isUtf8(payload)) return { ok: false, code: 'invalid_utf8', message: 'the frame is not valid UTF-8' };
  try {
    return {
      ok: true,
      value: JSON.parse(Buffer.from(payload.buffer, payload.byteOffset, payload.byteLength).toString('utf8')),
    };
  } catch (error) {
    return {
      ok: false,
      code: 'invalid_json',
      message: `the frame is not valid JSON: ${(error as Error).message}`,
    };
  }
}

/** Decode a payload as JSON, or answer the session with the error code and return undefined. */
export function readJson(session: Session, payload: Uint8Array): { value: unknown } | undefined {
  const decoded = decodeJson(payload);
  if (decoded.ok) return decoded;
  session.sendError(decoded.code, decoded.message);
  return undefined;
}

class NativeSession implements DialectSession {
  constructor(
    private readonly hub: Hub,
    private readonly session: Session,
  ) {}

  receive(payload: Uint8Array): void {
    const decoded = readJson(this.session, payload);
    if (!decoded) return;
    const parsed = parseClientMessage(decoded.value);
    if (!parsed.ok) {
      this.session.sendError(parsed.code, parsed.message, parsed.id, parsed.action);
      return;
    }
    dispatch(this.hub, this.session, parsed.message);
  }
}

/** The native dialect over one framing. */
export function nativeDialect(hub: Hub, framing: NativeFraming): Dialect {
  const prefix = framing === 'u32' ? 4 : 0;
  return {
    name: `native/${framing}`,
    answersPing: true,
    encode: (message: ServerMessage) => encodeJson(message, prefix),
    frameJson: (json: string) => frameJsonText(json, prefix),
    attach: (session) => new NativeSession(hub, session),
  };
}
