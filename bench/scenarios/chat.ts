// Scenarios (c) to (g): chat in one room of N members, in many small rooms, at fixed offered rates, with
// persistence on and off, over each transport.
import { measureStream, openConnections, quiesce, withServer } from '../harness.js';
import type { Harness, RoomPlan, Session } from '../harness.js';
import type { Variant } from '../servers.js';

const range = (n: number, from = 0): number[] => Array.from({ length: n }, (_, i) => from + i);

/** From this many members, parley's members join in one burst (see openRoom). */
const BURST_JOIN_MEMBERS = 5000;

/** Open one room of n members spread over the generator processes; the last to join is the sender. */
async function openRoom(h: Harness, s: Session, n: number, variant: Variant): Promise<RoomPlan> {
  const workers = h.pool.workers.length;
  // Parley members of a big room connect first and then join all at once (joinAll): setup, not measured, and
  // minutes faster than joining one by one. The baselines join in their handshake and tell nobody.
  const burst = variant.program === 'parley' && n >= BURST_JOIN_MEMBERS;
  const specs = range(n).map((index) => ({ index, room: burst ? null : 'r1' }));
  await openConnections(h, s, specs, (spec) => spec.index % workers);
  if (burst) await h.pool.all({ op: 'joinAll', room: 'r1', timeoutMs: h.size.openTimeoutMs });
  await quiesce(h);
  // The last to join sends: it was told of the fewest joins, so its own backlog is the smallest.
  return { room: 'r1', members: range(n).reverse() };
}

/** Open rooms × members, each room whole in one generator process so its sender paces itself locally. */
async function openRooms(h: Harness, s: Session, rooms: number, members: number): Promise<RoomPlan[]> {
  const workers = h.pool.workers.length;
  const plans = range(rooms).map((r) => ({ room: `r${r}`, members: range(members, r * members) }));
  const specs = plans.flatMap((plan) => plan.members.map((index) => ({ index, room: plan.room })));
  await openConnections(h, s, specs, (spec) => Math.floor(spec.index / members) % workers);
  await quiesce(h);
  return plans;
}

/** (c), (g): one room of n members, one message in flight, then saturated. */
export async function roomScenario(h: Harness, round: number, n: number, variants: Variant[]): Promise<void> {
  for (const variant of variants) {
    h.log(`  ${variant.id}: 1 room x ${n}`);
    await withServer(
      h,
      variant,
      async (s) => {
        const plan = await openRoom(h, s, n, variant);
        for (const mode of ['inflight', 'saturated'] as const) {
          const metrics = await measureStream(h, s, [plan], mode);
          h.results.push({ scenario: `room-${n}-${mode}`, variant: variant.id, round, metrics });
        }
      },
      // Filling a room of thousands sends each member thousands of join notices and member lists: room to
      // queue them while the generator reads (the baselines have no limit at all). Chat stays far below it.
      n >= 5000 ? h.size.maxOutboundBigRoom : h.size.maxOutbound,
    );
  }
}

/** (d), (f): many rooms of a few members each, each room's sender with one message in flight, then saturated. */
export async function roomsScenario(
  h: Harness,
  round: number,
  name: string,
  shape: { rooms: number; members: number },
  variants: Variant[],
): Promise<void> {
  for (const variant of variants) {
    h.log(`  ${variant.id}: ${shape.rooms} rooms x ${shape.members}`);
    await withServer(h, variant, async (s) => {
      const plans = await openRooms(h, s, shape.rooms, shape.members);
      for (const mode of ['inflight', 'saturated'] as const) {
        const metrics = await measureStream(h, s, plans, mode);
        h.results.push({ scenario: `${name}-${mode}`, variant: variant.id, round, metrics });
      }
    });
  }
}

/** (e): one room, messages at fixed rates; latency percentiles and the share of the offered load delivered. */
export async function latencyScenario(h: Harness, round: number, variants: Variant[]): Promise<void> {
  const { members, rates } = h.size.latency;
  for (const variant of variants) {
    h.log(`  ${variant.id}: 1 room x ${members} at ${rates.join(', ')} deliveries/s`);
    await withServer(h, variant, async (s) => {
      const plan = await openRoom(h, s, members, variant);
      for (const rate of rates) {
        const metrics = await measureStream(h, s, [plan], 'paced', rate / members);
        h.results.push({ scenario: `latency-${rate}`, variant: variant.id, round, metrics });
      }
    });
  }
}
