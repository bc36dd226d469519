// Counters kept as plain numbers on the hot path; metrics.ts exposes them to Prometheus when scraped.
import type { ErrorCode, QuitReason } from '../protocol/index.js';

/** The hub's running counts. */
export class Stats {
  messages = 0;
  deliveries = 0;
  readonly errors = new Map<ErrorCode, number>();
  readonly disconnects = new Map<QuitReason, number>();

  /** Count an error sent to a client. */
  error(code: ErrorCode): void {
    this.errors.set(code, (this.errors.get(code) ?? 0) + 1);
  }

  /** Count a disconnect by reason. */
  disconnect(reason: QuitReason): void {
    this.disconnects.set(reason, (this.disconnects.get(reason) ?? 0) + 1);
  }
}
