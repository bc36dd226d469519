// Which scenarios a round runs, against which variants; the order of variants turns with each round so
// that no server always runs first (or last) on a machine whose load drifts.
import type { Harness } from './harness.js';
import { connectionScenarios } from './scenarios/connections.js';
import { latencyScenario, roomScenario, roomsScenario } from './scenarios/chat.js';
import { VARIANTS, tlsCertificate } from './servers.js';
import type { Variant } from './servers.js';
import type { Size } from './sizes.js';

/** One step of a round. */
export interface Scenario {
  name: string;
  run(h: Harness): Promise<void>;
}

const MAIN = ['bare-ws', 'bare-net', 'socketio', 'parley-ws', 'parley-tcp'];

function variants(ids: string[], round: number): Variant[] {
  // --variants narrows every scenario to some servers (for a quick look; ratios need bare-ws among them).
  const wanted = process.env.PARLEY_BENCH_VARIANTS?.split(',');
  // Without openssl there is no certificate, so no TLS variant (chatScenarios says so once).
  const usable = ids.filter((id) => id !== 'parley-tls' || tlsCertificate() !== null);
  const list = usable.filter((id) => !wanted || wanted.includes(id)).map((id) => VARIANTS[id]!);
  if (list.length === 0) return [];
  const turn = round % list.length;
  return [...list.slice(turn), ...list.slice(0, turn)];
}

/** The scenarios of one round. */
export function chatScenarios(size: Size, round: number): Scenario[] {
  if (round === 0 && tlsCertificate() === null)
    process.stdout.write('bench: openssl not found: no TLS variant\n');
  const withTls = [...MAIN, 'parley-tls'];
  const scenarios: Scenario[] = [
    { name: 'connections', run: (h) => connectionScenarios(h, round, variants(withTls, round)) },
  ];
  for (const n of size.rooms) {
    if (n === Math.max(...size.rooms) && n >= 10_000 && round >= size.bigRoomRounds) continue;
    scenarios.push({
      name: `room-${n}`,
      run: (h) =>
        roomScenario(h, round, n, variants(n === 1000 || size.name === 'tiny' ? withTls : MAIN, round)),
    });
  }
  const { rooms, members } = size.multi;
  scenarios.push(
    {
      name: 'rooms',
      run: (h) => roomsScenario(h, round, `rooms-${rooms}x${members}`, size.multi, variants(MAIN, round)),
    },
    { name: 'latency', run: (h) => latencyScenario(h, round, variants(MAIN, round)) },
    {
      name: 'persistence',
      run: (h) =>
        roomsScenario(
          h,
          round,
          `persist-${size.persistence.rooms}x${size.persistence.members}`,
          size.persistence,
          variants(['bare-ws', 'parley-tcp', 'parley-tcp-sqlite'], round),
        ),
    },
  );
  return scenarios;
}
