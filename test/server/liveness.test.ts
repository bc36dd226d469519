// Liveness: the sweep only keeps time and ticks every session; each session decides from its own traffic when
// to probe, when to drop, and when a connection that never identified has had its time.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { Liveness, sweepPlan } from '../../src/server/liveness.js';
import type { SweepTimings, Ticking } from '../../src/server/liveness.js';
import { fakeSession, jsonDialect } from './fakes.js';

/** Records the sweeps it was ticked by. */
class FakeTicking implements Ticking {
  readonly ticks: { now: number; timings: SweepTimings }[] = [];

  tick(now: number, timings: SweepTimings): void {
    this.ticks.push({ now, timings });
  }
}

const TIMINGS: SweepTimings = { helloTimeoutMs: 1000, probeTicks: 4 };

/** Tick a session `n` times at the same instant (its identify deadline is not in play). */
function tickTimes(session: Ticking, n: number, now = Date.now()): void {
  for (let i = 0; i < n; i++) session.tick(now, TIMINGS);
}

describe('the sweep', () => {
  afterEach(() => vi.useRealTimers());

  it('sweeps four times per period and probes after one period of sweeps', () => {
    expect(sweepPlan({ heartbeatMs: 1000, helloTimeoutMs: 1000 })).toEqual({
      sweepMs: 250,
      sweep: { helloTimeoutMs: 1000, probeTicks: 4 },
    });
    // The shorter of the two timings sets the pace; a tiny one is held at 25 ms.
    expect(sweepPlan({ heartbeatMs: 1000, helloTimeoutMs: 200 }).sweep.probeTicks).toBe(20);
    expect(sweepPlan({ heartbeatMs: 40, helloTimeoutMs: 40 }).sweepMs).toBe(25);
  });

  it('ticks every session on each sweep, with the time and the timings, until stopped', () => {
    vi.useFakeTimers();
    const sessions = [new FakeTicking(), new FakeTicking()];
    const liveness = new Liveness(sessions, { heartbeatMs: 1000, helloTimeoutMs: 1000 });
    vi.advanceTimersByTime(250);
    vi.advanceTimersByTime(250);
    for (const session of sessions) {
      expect(session.ticks).toHaveLength(2);
      expect(session.ticks[0]!.timings).toEqual({ helloTimeoutMs: 1000, probeTicks: 4 });
      expect(session.ticks[1]!.now).toBeGreaterThan(session.ticks[0]!.now);
    }
    liveness.stop();
    vi.advanceTimersByTime(1000);
    expect(sessions[0]!.ticks).toHaveLength(2);
  });

  it('visits the sessions of a live set, including those added later and not those gone', () => {
    vi.useFakeTimers();
    const [a, b] = [new FakeTicking(), new FakeTicking()];
    const sessions = new Set<Ticking>([a]);
    const liveness = new Liveness(sessions, { heartbeatMs: 1000, helloTimeoutMs: 1000 });
    vi.advanceTimersByTime(250);
    sessions.add(b);
    sessions.delete(a);
    vi.advanceTimersByTime(250);
    expect([a.ticks.length, b.ticks.length]).toEqual([1, 1]);
    liveness.stop();
  });
});

describe('a session’s tick', () => {
  it('closes a session that has not identified within the hello timeout, telling it why', () => {
    const { session, connection, host } = fakeSession(null);
    const openedBy = Date.now();
    session.tick(openedBy, TIMINGS);
    expect(connection.sent).toEqual([]);
    session.tick(openedBy + 10_000, TIMINGS);
    expect(connection.sent).toEqual([
      expect.objectContaining({
        action: 'error',
        code: 'handshake_timeout',
        message: 'identify within 1000 ms',
      }),
    ]);
    expect(host.ended).toEqual(['timeout']);
    expect(connection.closed).toBe(true);
  });

  it('gives an identified session no handshake deadline', () => {
    const { session, connection, host } = fakeSession('alice');
    session.message(Buffer.from('{}')); // traffic keeps it from the probe
    session.tick(Date.now() + 10_000, TIMINGS);
    expect(connection.sent).toEqual([]);
    expect(host.ended).toEqual([]);
  });

  it('is probed after one period of silence and dropped after two', () => {
    const { session, connection, host } = fakeSession();
    tickTimes(session, 1); // the traffic of the opening counts as a sign of life
    tickTimes(session, TIMINGS.probeTicks - 1);
    expect(connection.probes).toBe(0);
    tickTimes(session, 1);
    expect(connection.probes).toBe(1);
    tickTimes(session, TIMINGS.probeTicks - 1);
    expect(host.ended).toEqual([]);
    tickTimes(session, 1);
    expect(host.ended).toEqual(['timeout']);
    expect(connection.closed).toBe(true);
    expect(connection.probes).toBe(1);
  });

  it('starts counting again after any traffic: a message or a transport-level pong', () => {
    const { session, connection, host } = fakeSession();
    tickTimes(session, 1 + TIMINGS.probeTicks);
    expect(connection.probes).toBe(1);
    session.alive(); // the pong
    tickTimes(session, 1 + TIMINGS.probeTicks * 2 - 1);
    expect(host.ended).toEqual([]);
    expect(connection.probes).toBe(2);
    session.message(Buffer.from('{"action":"pong"}'));
    tickTimes(session, 1 + TIMINGS.probeTicks * 2 - 1);
    expect(host.ended).toEqual([]);
    expect(connection.probes).toBe(3);
  });

  it('asks through the dialect when the transport has no ping', () => {
    const { session, connection } = fakeSession('alice', jsonDialect(true));
    connection.canProbe = false;
    tickTimes(session, 1 + TIMINGS.probeTicks);
    expect(connection.actions()).toEqual(['ping']);
  });

  it('never drops a session that cannot be probed: TCP keepalive finds a dead one', () => {
    const { session, connection, host } = fakeSession('alice', jsonDialect(false));
    connection.canProbe = false;
    tickTimes(session, 1 + TIMINGS.probeTicks * 10);
    expect(connection.sent).toEqual([]);
    expect(host.ended).toEqual([]);
    expect(session.isOpen).toBe(true);
  });
});
