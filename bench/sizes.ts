// How big a run is: tiny keeps CI's smoke run well under a minute; full is the published one.

/** Every knob of a run's size. */
export interface Size {
  name: 'tiny' | 'small' | 'full';
  rounds: number;
  /** Rounds of the 1 x 10,000 room: filling it costs parley N² join notices, so it may run fewer rounds. */
  bigRoomRounds: number;
  workers: number;
  /** Idle connection counts at which memory is read. */
  idle: number[];
  storm: number;
  /** Members of the single-room scenarios. */
  rooms: number[];
  multi: { rooms: number; members: number };
  latency: { members: number; rates: number[] };
  persistence: { rooms: number; members: number };
  warmupMs: number;
  windowMs: number;
  settleMs: number;
  drainMs: number;
  /** Longest wait for setup traffic to stop before a measurement. */
  quietMaxMs: number;
  openConcurrency: number;
  openTimeoutMs: number;
  /** How much chat may be queued for all members together while saturated (see measureStream). */
  backlogBytes: number;
  /** parley's --max-outbound: its default, since the backlog bound keeps members well under it. */
  maxOutbound: string;
  /** parley's --max-outbound while filling rooms of 5,000 members or more. */
  maxOutboundBigRoom: string;
}

const common = {
  workers: 2,
  drainMs: 3000,
  quietMaxMs: 120_000,
  openConcurrency: 64,
  openTimeoutMs: 60_000,
  backlogBytes: 256 << 20,
  maxOutbound: '1MiB',
  maxOutboundBigRoom: '256MiB',
};

/** The sizes by name. */
export const SIZES: Record<Size['name'], Size> = {
  tiny: {
    ...common,
    name: 'tiny',
    rounds: 1,
    bigRoomRounds: 0,
    idle: [50, 100],
    storm: 100,
    rooms: [20],
    multi: { rooms: 5, members: 4 },
    latency: { members: 10, rates: [2000] },
    persistence: { rooms: 5, members: 4 },
    warmupMs: 100,
    windowMs: 300,
    settleMs: 200,
    drainMs: 1000,
  },
  small: {
    ...common,
    name: 'small',
    rounds: 1,
    bigRoomRounds: 1,
    idle: [1000, 2000],
    storm: 1000,
    rooms: [100, 1000, 2000],
    multi: { rooms: 200, members: 10 },
    latency: { members: 100, rates: [25_000, 50_000] },
    persistence: { rooms: 100, members: 10 },
    warmupMs: 500,
    windowMs: 1500,
    settleMs: 700,
  },
  full: {
    ...common,
    name: 'full',
    rounds: 3,
    bigRoomRounds: 1,
    idle: [1000, 10_000],
    storm: 3000,
    rooms: [100, 1000, 10_000],
    multi: { rooms: 1000, members: 10 },
    latency: { members: 100, rates: [25_000, 50_000, 100_000, 200_000] },
    persistence: { rooms: 100, members: 10 },
    warmupMs: 500,
    windowMs: 2000,
    settleMs: 800,
  },
};
