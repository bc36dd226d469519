// What every scenario needs: a server per variant, connections spread over the generator processes, and
// a measured stream of chat with server CPU, generator CPU and delivery counts read at both ends.
import { Histogram } from './load/histogram.js';
import type { Mode, OpenResult, OpenSpec, Snapshot, StreamSpec, GroupSpec } from './load/messages.js';
import type { GeneratorPool } from './load/pool.js';
import { nowUs } from './load/protocol.js';
import type { Target } from './load/protocol.js';
import { cpuSeconds } from './procstat.js';
import { startTarget } from './servers.js';
import type { RunningTarget, Variant } from './servers.js';
import type { Size } from './sizes.js';

/** One figure set measured for one variant in one scenario and round. */
export interface Result {
  scenario: string;
  variant: string;
  round: number;
  metrics: Record<string, number>;
}

/** The shared state of a run. */
export interface Harness {
  pool: GeneratorPool;
  size: Size;
  results: Result[];
  log(line: string): void;
}

/** A server under test and the connections opened to it, by global index → generator process. */
export interface Session {
  variant: Variant;
  server: RunningTarget;
  target: Target;
  owner: Map<number, number>;
}

/** A room to stream chat in: member indices (the first is the sender). */
export interface RoomPlan {
  room: string;
  members: number[];
}

/** Sleep without keeping the process alive past the run. */
export const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** Start a variant's server, run fn, then kill it and drop every connection. */
export async function withServer<T>(
  h: Harness,
  variant: Variant,
  fn: (s: Session) => Promise<T>,
  maxOutbound = h.size.maxOutbound,
): Promise<T> {
  const server = await startTarget(variant, maxOutbound);
  const session: Session = {
    variant,
    server,
    target: { kind: variant.kind, port: server.port },
    owner: new Map(),
  };
  try {
    return await fn(session);
  } finally {
    await server.stop();
    await h.pool.all({ op: 'closeAll' });
    h.pool.clearRelays();
  }
}

/** Open connections; worker(i) says which generator process opens spec i. */
export async function openConnections(
  h: Harness,
  s: Session,
  specs: OpenSpec[],
  worker: (spec: OpenSpec) => number,
): Promise<OpenResult> {
  const perWorker: OpenSpec[][] = h.pool.workers.map(() => []);
  for (const spec of specs) {
    const w = worker(spec);
    perWorker[w]!.push(spec);
    s.owner.set(spec.index, w);
  }
  const results = await Promise.all(
    h.pool.workers.map((w, i) =>
      w.request<OpenResult>({
        op: 'open',
        target: s.target,
        conns: perWorker[i]!,
        concurrency: h.size.openConcurrency,
        timeoutMs: h.size.openTimeoutMs,
      }),
    ),
  );
  const failed = results.reduce((n, r) => n + r.failed, 0);
  const error = results.find((r) => r.error)?.error;
  if (failed > 0) h.log(`    ${failed} of ${specs.length} connections failed: ${error}`);
  return {
    opened: results.reduce((n, r) => n + r.opened, 0),
    failed,
    ms: Math.max(...results.map((r) => r.ms)),
    ...(error ? { error } : {}),
  };
}

/** Wait (bounded) until no frame has arrived for a while: setup traffic such as join notices must not spill into a measurement. */
export async function quiesce(h: Harness): Promise<void> {
  let last = -1;
  for (let waited = 0; waited < h.size.quietMaxMs; waited += 250) {
    const frames = (await h.pool.all<number>({ op: 'frames' })).reduce((a, b) => a + b, 0);
    if (frames === last) return;
    last = frames;
    await sleep(250);
  }
  h.log(`    still receiving setup traffic after ${h.size.quietMaxMs} ms; measuring anyway`);
}

interface Reading {
  at: number;
  serverCpu: number;
  generatorCpu: number;
  snaps: Snapshot[];
}

async function read(h: Harness, s: Session): Promise<Reading> {
  const snaps = await h.pool.all<Snapshot>({ op: 'snap' });
  return {
    at: performance.now(),
    serverCpu: cpuSeconds(s.server.pid),
    generatorCpu: h.pool.workers.reduce((sum, w) => sum + cpuSeconds(w.pid), 0),
    snaps,
  };
}

const total = (r: Reading, key: keyof Snapshot): number => r.snaps.reduce((n, snap) => n + snap[key], 0);

/** Stream chat in these rooms and measure; paced mode sends `rate` messages per second per room. */
export async function measureStream(
  h: Harness,
  s: Session,
  rooms: RoomPlan[],
  mode: Mode,
  rate = 0,
): Promise<Record<string, number>> {
  const workers = h.pool.workers;
  const groups: GroupSpec[][] = workers.map(() => []);
  let members = 0;
  for (const plan of rooms) {
    const byWorker = new Map<number, number[]>();
    for (const index of plan.members) {
      const w = s.owner.get(index) ?? 0;
      byWorker.set(w, [...(byWorker.get(w) ?? []), index]);
    }
    members += plan.members.length;
    const senderWorker = s.owner.get(plan.members[0]!) ?? 0;
    const shared = byWorker.size > 1;
    for (const [w, list] of byWorker) {
      groups[w]!.push({
        room: plan.room,
        members: list,
        sender: w === senderWorker ? plan.members[0]! : null,
        shared,
      });
    }
    if (shared) {
      const others = [...byWorker.keys()].filter((w) => w !== senderWorker).map((w) => workers[w]!);
      h.pool.setRelay(plan.room, workers[senderWorker]!, others);
    }
  }
  // Each member may fall this many messages behind its sender: bounds every backlog (parley's
  // --max-outbound and the baselines' memory alike) to size.backlogBytes across all members.
  const window = Math.max(8, Math.min(2000, Math.floor(h.size.backlogBytes / (members * 160))));
  await Promise.all(
    workers.map((w, i) =>
      w.request({ op: 'arm', stream: { mode, window, rate, groups: groups[i]! } satisfies StreamSpec }),
    ),
  );
  await h.pool.all({ op: 'go' });
  await sleep(h.size.warmupMs);
  const windowUs = h.size.windowMs * 1000;
  // A little ahead, so that every process knows the window before its first message is sent.
  const from = nowUs() + 50_000;
  if (mode === 'paced') await h.pool.all({ op: 'window', from, to: from + windowUs });
  const a = await read(h, s);
  await sleep(h.size.windowMs);
  const b = await read(h, s);
  await h.pool.all({ op: 'stop' });
  const wall = (b.at - a.at) / 1000;
  const cpu = b.serverCpu - a.serverCpu;
  const deliveries = total(b, 'received') - total(a, 'received');
  const metrics: Record<string, number> = {
    members,
    deliveriesPerSec: deliveries / wall,
    deliveriesPerCpuSec: deliveries / cpu,
    messagesPerSec: (total(b, 'sent') - total(a, 'sent')) / wall,
    serverCores: cpu / wall,
    generatorCores: (b.generatorCpu - a.generatorCpu) / wall,
    dropped: total(b, 'dropped'),
  };
  if (mode === 'paced') Object.assign(metrics, await latency(h, s, members, rate));
  return metrics;
}

/** After a paced stream: wait for stragglers (bounded), then merge the latency histograms. */
async function latency(
  h: Harness,
  s: Session,
  members: number,
  rate: number,
): Promise<Record<string, number>> {
  let last = -1;
  let reading = await read(h, s);
  for (let waited = 0; waited < h.size.drainMs; waited += 200) {
    const delivered = total(reading, 'inWindow');
    if (delivered === last) break;
    last = delivered;
    await sleep(200);
    reading = await read(h, s);
  }
  const histogram = new Histogram();
  for (const pairs of await h.pool.all<[number, number][]>({ op: 'histogram' })) histogram.addPairs(pairs);
  const offered = total(reading, 'sentInWindow') * members;
  return {
    offeredPerSec: rate * members,
    deliveredShare: offered > 0 ? total(reading, 'inWindow') / offered : NaN,
    p50Ms: histogram.quantile(0.5) / 1000,
    p99Ms: histogram.quantile(0.99) / 1000,
    p999Ms: histogram.quantile(0.999) / 1000,
  };
}
