// What each server under test expects on the wire: how a client says hello, joins a room and chats.
// Chat payloads carry a marker "~T" and the send time in microseconds, so receivers can count deliveries
// and measure latency without parsing JSON; the baselines get payloads shaped like parley's delivered
// chat events, so every server moves about the same number of bytes per delivery.

/** The servers the load generator can talk to. */
export type TargetKind = 'parley-tcp' | 'parley-tls' | 'parley-ws' | 'bare-net' | 'bare-ws' | 'socketio';

/** Where a server under test listens and how to speak to it. */
export interface Target {
  kind: TargetKind;
  port: number;
}

/** How frames are delimited on a target's wire. */
export type Framing = 'len32' | 'ws';

/** The framing a target speaks. */
export function framingOf(kind: TargetKind): Framing {
  return kind === 'parley-tcp' || kind === 'parley-tls' || kind === 'bare-net' ? 'len32' : 'ws';
}

/** The byte that starts the marker, '~'; it appears nowhere else in the frames these servers send. */
export const MARK = 0x7e;
/** Digits of the send time after the marker "~T". */
export const TS_DIGITS = 16;
const PAD = ' hello everyone, this is a benchmark line of chat';

/** The microseconds since the epoch, consistent across processes on one machine. */
export function nowUs(): number {
  return Math.round((performance.timeOrigin + performance.now()) * 1000);
}

/** Write a number as fixed-width decimal digits. */
export function writeDigits(buf: Buffer, at: number, value: number): void {
  let v = value;
  for (let i = TS_DIGITS - 1; i >= 0; i--) {
    buf[at + i] = 48 + (v % 10);
    v = Math.floor(v / 10);
  }
}

/** Read the fixed-width decimal digits written by writeDigits. */
export function readDigits(buf: Buffer, at: number): number {
  let v = 0;
  for (let i = 0; i < TS_DIGITS; i++) v = v * 10 + (buf[at + i]! - 48);
  return v;
}

/** Frame a client payload: a uint32-LE length prefix, or a masked WebSocket text frame (zero mask key). */
export function frameClient(framing: Framing, payload: Buffer): Buffer {
  if (framing === 'len32') {
    const out = Buffer.allocUnsafe(4 + payload.length);
    out.writeUInt32LE(payload.length, 0);
    payload.copy(out, 4);
    return out;
  }
  const n = payload.length;
  const head = n < 126 ? 2 : n < 65536 ? 4 : 10;
  const out = Buffer.alloc(head + 4 + n);
  out[0] = 0x81;
  if (n < 126) out[1] = 0x80 | n;
  else if (n < 65536) {
    out[1] = 0x80 | 126;
    out.writeUInt16BE(n, 2);
  } else {
    out[1] = 0x80 | 127;
    out.writeUInt32BE(n, 6);
  }
  // A zero mask key leaves the payload as it is; servers unmask it all the same.
  payload.copy(out, head + 4);
  return out;
}

/** A chat message ready to send, with the offset of its send-time digits. */
export interface ChatTemplate {
  bytes: Buffer;
  tsAt: number;
}

/** The framed chat message a member of a room sends to this kind of server. */
export function chatTemplate(kind: TargetKind, room: string, nick: string): ChatTemplate {
  const stamp = '~T' + '0'.repeat(TS_DIGITS);
  const json = kind.startsWith('parley')
    ? JSON.stringify({ action: 'chat', room, message: stamp + PAD })
    : JSON.stringify({
        action: 'chat',
        room,
        message: stamp + PAD,
        from: nick,
        mid: 'm1a2b3c',
        seq: 1234567,
        ts: 1_700_000_000_000,
      });
  const text = kind === 'socketio' ? `42["chat",${json}]` : json;
  const bytes = frameClient(framingOf(kind), Buffer.from(text));
  return { bytes, tsAt: bytes.indexOf('~T') + 2 };
}

/** The request path a WebSocket client upgrades on, joining a room where the server takes it from the URL. */
export function wsPath(kind: TargetKind, room: string | null, index: number): string {
  const q = room === null ? '' : `room=${encodeURIComponent(room)}`;
  if (kind === 'socketio') return `/socket.io/?EIO=4&transport=websocket${q ? '&' + q : ''}`;
  if (kind === 'bare-ws') return `/?${q}`;
  // parley connects in the upgrade URL, as a client that wants its welcome in one round trip does.
  return `/ws?username=u${index}`;
}

/** A JSON message framed for parley. */
export function parleyFrame(kind: TargetKind, message: object): Buffer {
  return frameClient(framingOf(kind), Buffer.from(JSON.stringify(message)));
}
