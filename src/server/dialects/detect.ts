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

/** Whether a byte can be part of typed text: printable ASCII, tab, CR, LF, or a byte of a UTF-8 sequence. */
function isTextByte(byte: number): boolean {
  return (byte >= 0x20 && byte !== 0x7f) || byte === 0x09 || byte === 0x0a || byte === 0x0d;
}

/**
 * A uint24-LE length, then JSON (`{`, or `"` for the bare strings the tutorial's client sends): the asyncio case
 * study. A length below 576 KiB has a third byte of 0 to 8, a control byte typed text never holds, so "Hi {" stays
 * text.
 */
export function uint24JsonRule(dialect: Dialect): DetectRule {
  return (head) => {
    if (head.length < 4) return 'more';
    const json = head[3] === 0x7b || head[3] === 0x22;
    return json && head[2]! <= 0x08 ? { framing: { prefixBytes: 3 }, dialect } : null;
  };
}

/** Typed text: the first bytes are all printable (TP6 clients, nc). Decides on four bytes, like the framed rules. */
export function textRule(dialect: Dialect): DetectRule {
  return (head) => {
    if (head.length < 4) return 'more';
    return head.subarray(0, 4).every(isTextByte) ? { framing: 'text', dialect } : null;
  };
}

/** Any first bytes at all: for a port that speaks one dialect only, such as the text port. */
export function onlyRule(framing: StreamFraming, dialect: Dialect): DetectRule {
  return () => ({ framing, dialect });
}

/** One choice of a shared framing: the dialect to use when the first payload passes the test. */
export interface FirstPayloadChoice {
  test(payload: Uint8Array): boolean;
  dialect: Dialect;
}

/**
 * A dialect that waits for the first payload, then hands the session to the first choice whose test passes, or to
 * the fallback. Until then it encodes like the fallback (a hello timeout is told in the fallback's form).
 */
export function firstPayloadDialect(fallback: Dialect, choices: readonly FirstPayloadChoice[]): Dialect {
  return {
    name: `${fallback.name}?`,
    answersPing: false,
    encode: (message, self) => fallback.encode(message, self),
    attach: (session) => ({
      receive(payload) {
        const chosen = choices.find((choice) => choice.test(payload))?.dialect ?? fallback;
        session.settle(chosen);
        if (session.isOpen) session.protocol.receive(payload);
      },
    }),
  };
}
