// The requests the benchmark runner sends to its load-generator processes, and their answers.
import type { Target } from './protocol.js';

/** A connection to open: its global index (also its nick) and the room it joins, if any. */
export interface OpenSpec {
  index: number;
  room: string | null;
}

/** A room as one generator process sees it: its local members and, maybe, its sender. */
export interface GroupSpec {
  room: string;
  members: number[];
  sender: number | null;
  /** Members live in other processes too: the sender waits for their progress, relayed by the runner. */
  shared: boolean;
}

/** How senders send: one message in flight, a window of messages, or a fixed rate. */
export type Mode = 'inflight' | 'saturated' | 'paced';

/** One measured stream of chat messages. */
export interface StreamSpec {
  mode: Mode;
  /** Most messages a sender may be ahead of its slowest member (bounds every member's backlog). */
  window: number;
  /** Messages per second per sender, for paced mode. */
  rate: number;
  groups: GroupSpec[];
}

/** A request to a generator process. */
export type Request =
  | { op: 'open'; target: Target; conns: OpenSpec[]; concurrency: number; timeoutMs: number }
  | { op: 'arm'; stream: StreamSpec }
  | { op: 'go' }
  | { op: 'window'; from: number; to: number }
  | { op: 'snap' }
  | { op: 'stop' }
  | { op: 'histogram' }
  | { op: 'frames' }
  | { op: 'joinAll'; room: string; timeoutMs: number }
  | { op: 'closeAll' };

/** What an open request achieved. */
export interface OpenResult {
  opened: number;
  failed: number;
  ms: number;
  error?: string;
}

/** Counters of a generator process. */
export interface Snapshot {
  received: number;
  sent: number;
  sentInWindow: number;
  inWindow: number;
  dropped: number;
}

/** A message between the runner and a generator process. */
export type Envelope =
  | { rid: number; request: Request }
  | { rid: number; ok: true; result: unknown }
  | { rid: number; ok: false; error: string }
  | { progress: { room: string; min: number } }
  | { remoteMin: { room: string; min: number } };
