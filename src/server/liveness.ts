// Heartbeats and handshake deadlines for every session, on one timer. Each session decides for itself what a
// sweep means for it (its tick); this module only keeps time, so it knows nothing of sessions.

/** The timings the sweep enforces. */
export interface LivenessTimings {
  /** Silence before a probe; twice this and the session is dropped. */
  heartbeatMs: number;
  /** Time a new session has to identify itself. */
  helloTimeoutMs: number;
}

/** What each sweep tells a session. */
export interface SweepTimings {
  /** Time a new session has to identify itself. */
  readonly helloTimeoutMs: number;
  /** Sweeps of silence after which a session is probed; twice as many and it is dropped. */
  readonly probeTicks: number;
}

/** Anything the sweep visits: it decides on its own whether to probe, drop or time out. */
export interface Ticking {
  /** One sweep, at `now` (ms since the epoch). */
  tick(now: number, timings: SweepTimings): void;
}

/** The sweep's period and the probe count for these timings: four sweeps per period, 25 ms at the least. */
export function sweepPlan(timings: LivenessTimings): { sweepMs: number; sweep: SweepTimings } {
  const sweepMs = Math.max(25, Math.min(timings.heartbeatMs, timings.helloTimeoutMs) / 4);
  const probeTicks = Math.max(1, Math.round(timings.heartbeatMs / sweepMs));
  return { sweepMs, sweep: { helloTimeoutMs: timings.helloTimeoutMs, probeTicks } };
}

/** Sweeps a set of sessions on one timer: each ticks, so that it probes the silent, drops the dead, closes laggards. */
export class Liveness {
  private readonly timer: NodeJS.Timeout;
  private readonly sweepTimings: SweepTimings;

  constructor(
    private readonly sessions: Iterable<Ticking>,
    timings: LivenessTimings,
  ) {
    const { sweepMs, sweep } = sweepPlan(timings);
    this.sweepTimings = sweep;
    this.timer = setInterval(() => this.sweep(), sweepMs);
    this.timer.unref();
  }

  /** Stop sweeping. */
  stop(): void {
    clearInterval(this.timer);
  }

  private sweep(): void {
    const now = Date.now();
    const timings = this.sweepTimings;
    for (const session of this.sessions) session.tick(now, timings);
  }
}
