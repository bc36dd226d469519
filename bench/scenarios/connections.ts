// Scenarios (a) and (b): memory per idle connection, and how fast connections are accepted.
import { openConnections, sleep, withServer } from '../harness.js';
import type { Harness } from '../harness.js';
import { cpuSeconds, rssBytes } from '../procstat.js';
import type { Variant } from '../servers.js';

/** Storm connections get nicks of their own: closed idle sessions may not be gone from the server yet. */
const STORM_BASE = 1_000_000;

/** The lowest of a few readings: what is left once the collector has had its chance. */
async function settledRss(pid: number): Promise<number> {
  let low = Infinity;
  for (let i = 0; i < 4; i++) {
    low = Math.min(low, rssBytes(pid));
    await sleep(100);
  }
  return low;
}

/** Idle connections (identified, in no room) at each size, then a connect storm, on one server per variant. */
export async function connectionScenarios(h: Harness, round: number, variants: Variant[]): Promise<void> {
  const workers = h.pool.workers.length;
  for (const variant of variants) {
    h.log(`  ${variant.id}: idle ${h.size.idle.join(', ')}; storm ${h.size.storm}`);
    await withServer(h, variant, async (s) => {
      await sleep(h.size.settleMs);
      const base = await settledRss(s.server.pid);
      const idle: Record<string, number> = { failed: 0 };
      let opened = 0;
      for (const n of h.size.idle) {
        const specs = Array.from({ length: n - opened }, (_, i) => ({ index: opened + i, room: null }));
        const result = await openConnections(h, s, specs, (spec) => spec.index % workers);
        idle.failed! += result.failed;
        opened = n;
        await sleep(h.size.settleMs);
        idle[`bytesPerConn@${n}`] = ((await settledRss(s.server.pid)) - base) / n;
      }
      const [first, last] = [h.size.idle[0]!, h.size.idle[h.size.idle.length - 1]!];
      // What one more connection costs, without the fixed growth (young generation, compiled code) of the first.
      if (last > first)
        idle.marginalBytesPerConn =
          (idle[`bytesPerConn@${last}`]! * last - idle[`bytesPerConn@${first}`]! * first) / (last - first);
      h.results.push({ scenario: 'idle', variant: variant.id, round, metrics: idle });
      await h.pool.all({ op: 'closeAll' });
      await sleep(h.size.settleMs);

      const specs = Array.from({ length: h.size.storm }, (_, i) => ({ index: STORM_BASE + i, room: null }));
      const cpu0 = cpuSeconds(s.server.pid);
      const t0 = performance.now();
      const result = await openConnections(h, s, specs, (spec) => spec.index % workers);
      const wall = (performance.now() - t0) / 1000;
      const cpu = cpuSeconds(s.server.pid) - cpu0;
      h.results.push({
        scenario: 'storm',
        variant: variant.id,
        round,
        metrics: {
          connsPerSec: result.opened / wall,
          connsPerCpuSec: result.opened / cpu,
          serverCores: cpu / wall,
          failed: result.failed,
        },
      });
    });
  }
}
