// What one fuzz connection does: where it connects, the frames it sends, and how it ends.
import type { Rng } from './prng.js';

/** Where a connection goes: the TCP port (plain or TLS), the text port, the HTTP port raw, or a WebSocket path. */
export type Target =
  { kind: 'tcp' } | { kind: 'tls' } | { kind: 'text' } | { kind: 'http' } | { kind: 'ws'; path: string };

/** One unit sent: a write on a stream, or one message on a WebSocket (text unless binary). */
export interface Frame {
  data: Buffer;
  binary?: boolean;
}

/**
 * How a connection ends once its frames are sent: a clean end, a reset (RST, SO_LINGER 0), a plain destroy, a
 * half-close that keeps reading, a stall (stops reading and writing, then resets), or linger (waits for the
 * server to close).
 */
export type Ending = 'end' | 'reset' | 'destroy' | 'half-close' | 'stall' | 'linger';

/** One connection's plan; frames are made as they are sent (a plan may hold megabytes). */
export interface ConnPlan {
  target: Target;
  frames: Iterable<Frame>;
  ending: Ending;
  /** Milliseconds between the last frame and the ending (the server acts on the frames meanwhile). */
  waitMs: number;
}

/** A fuzzer: one decoder or wire dialect. */
export interface Fuzzer {
  name: string;
  /** One line for --help and the reports. */
  about: string;
  /** Connections at once, as a multiple of --concurrency (short-lived connections need more to keep up). */
  parallel?: number;
  /** The server must have TLS on its TCP port. */
  needsTls?: boolean;
  /** Plan connection number n (the rng is derived from the seed, the fuzzer and n alone). */
  connection(rng: Rng): ConnPlan;
}
