// Telling a TLS client from the first bytes it sends, for the ports that serve TLS beside plain connections: a TLS
// connection opens with a handshake record (type 22) whose header names record version 3.1 to 3.4.

/** The record type of a TLS handshake: the first byte of every TLS client's first record. */
const HANDSHAKE = 0x16;

/**
 * How much of the record header a port checks. The TCP port reads three bytes (type and version): its other
 * dialects start with arbitrary bytes, and a uint32 frame of 22 bytes starts with 0x16 too. The HTTP port decides on
 * the first byte alone: no HTTP request starts with 0x16, and deciding at once never holds a plain client back.
 */
export type TlsSniffDepth = 1 | 3;

/**
 * Whether the first bytes of a connection open a TLS ClientHello: true or false, or 'more' while fewer than `depth`
 * bytes have arrived and those that have do not rule TLS out (no byte yet is always 'more').
 */
export function isTlsHello(head: Uint8Array, depth: TlsSniffDepth = 3): boolean | 'more' {
  if (head.length === 0) return 'more';
  if (head[0] !== HANDSHAKE) return false;
  if (depth === 1) return true;
  if (head.length < 3) return 'more';
  return head[1] === 0x03 && head[2]! >= 0x01 && head[2]! <= 0x04;
}
