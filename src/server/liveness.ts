// Heartbeats and handshake deadlines for every session, on one timer: nothing is paid per message, since inbound
// traffic only sets a flag on the session that the sweep reads.
import type { Session } from './session.js';

/** The timings the sweep enforces. */
export interface LivenessTimings {
  /** Silence before a probe; twice this and the session is dropped. */
  heartbeatMs: number;
  /** Time a new session has to identify itself. */
  helloTimeoutMs: number;
}

/** Sweeps a set of sessions: probes the silent, drops the dead, closes those that never identified. */
export class Liveness {
  private readonly timer: NodeJS.Timeout;
  /** Sweeps of silence after which a session is probed; twice as many and it is dropped. */
  private readonly probeTicks: number;

  constructor(
    private readonly sessions: Iterable<Session>,
    private readonly timings: LivenessTimings,
  ) {
    const sweepMs = Math.max(25, Math.min(timings.heartbeatMs, timings.helloTimeoutMs) / 4);
    this.probeTicks = Math.max(1, Math.round(timings.heartbeatMs / sweepMs));
    this.timer = setInterval(() => this.sweep(), sweepMs);
    this.timer.unref();
  }

  /** Stop sweeping. */
  stop(): void {
    clearInterval(this.timer);
  }

  private sweep(): void {
    const now = Date.now();
    const { helloTimeoutMs } = this.timings;
    const probeTicks = this.probeTicks;
    for (const session of this.sessions) {
      if (!session.identified && now - session.openedAt > helloTimeoutMs) {
        session.sendError('handshake_timeout', `identify within ${helloTimeoutMs} ms`);
        session.end('timeout');
        continue;
      }
      if (session.seen) {
        session.seen = false;
        session.idleTicks = 0;
        continue;
      }
      session.idleTicks++;
      if (session.idleTicks === probeTicks) {
        if (!session.probe()) session.idleTicks = -Infinity; // no way to ask: rely on TCP keepalive
      } else if (session.idleTicks >= probeTicks * 2) {
        session.end('timeout');
      }
    }
  }
}
