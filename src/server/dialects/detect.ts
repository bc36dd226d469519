// Which dialect a raw TCP (or TLS) client speaks, told from the first bytes it sends.
import type { Dialect } from './dialect.js';
import type { StreamFraming } from '../transports/stream.js';

/** What a stream client speaks: its framing and its dialect. */
export interface StreamDialect {
  framing: StreamFraming;
  dialect: Dialect;
}

/** One detection rule: a match, 'more' when it needs more bytes to decide, or null when it does not apply. */
export type DetectRule = (head: Uint8Array) => StreamDialect | 'more' | null;

/** How many bytes detection needs at most; rules must decide by then. */
export const DETECT_BYTES = 4;

/** Try the rules in order. */
export function detectDialect(rules: readonly DetectRule[], head: Uint8Array): StreamDialect | 'more' | null {
  let needMore = false;
  for (const rule of rules) {
    const result = rule(head);
    if (result === 'more') needMore = true;
    else if (result) return result;
  }
  return needMore && head.length < DETECT_BYTES ? 'more' : null;
}

/** A uint32-LE length below 16 MiB has a zero fourth byte: the native framing (and the chat demo's). */
export function uint32Rule(dialect: Dialect): DetectRule {
  return (head) => {
    if (head.length < 4) return 'more';
    return head[3] === 0 ? { framing: { prefixBytes: 4 }, dialect } : null;
  };
}

/** A TLS ClientHello: record type 22, major version 3, minor version 1 to 4. */
export function isTlsHello(head: Uint8Array): boolean | 'more' {
  if (head.length < 3) return head.length === 0 || head[0] === 0x16 ? 'more' : false;
  return head[0] === 0x16 && head[1] === 0x03 && head[2]! >= 0x01 && head[2]! <= 0x04;
}
