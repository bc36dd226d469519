// One pass: a server process, two watchers, and fuzzers against it until their budget is spent or something fails.
import { FuzzRun } from './engine.js';
import type { ConnRecord, FuzzStats } from './engine.js';
import type { Fuzzer } from './plan.js';
import { serveArgs, startTarget } from './target.js';
import type { Profile } from './target.js';
import { probeLoopback, Watcher } from './watcher.js';

/** What went wrong in a pass. */
export interface Failure {
  kind: 'crash' | 'stall';
  detail: string;
}

/** Options of a pass. */
export interface PassOptions {
  fuzzers: readonly Fuzzer[];
  profile: Profile;
  seed: string;
  frames: number;
  /** 0 for no time bound. */
  seconds: number;
  /** Connections at once per fuzzer. */
  concurrency: number;
  /** How long a watcher's message may wait for its acknowledgement. */
  boundMs: number;
  /** Called every couple of seconds with a progress line. */
  progress?: (line: string) => void;
}

/** What a pass did. */
export interface PassResult {
  profile: Profile;
  stats: FuzzStats[];
  failure: Failure | null;
  /** The server's stderr and log tail, and the connections in flight: for a reproducer when there is a failure. */
  evidence: { stderr: string; log: string[]; records: ConnRecord[]; args: string[]; tls: boolean } | null;
  /** Error-level log lines (caught failures): not fatal, still findings. */
  errors: string[];
  watchers: { kind: string; acks: number; maxLatencyMs: number }[];
}

const PROGRESS_MS = 2000;

/** Run the fuzzers together against one fresh server with the watchers chatting beside them. */
export async function runPass(o: PassOptions): Promise<PassResult> {
  const tls = o.fuzzers.some((f) => f.needsTls === true);
  const server = await startTarget(serveArgs(o.profile, tls));
  await probeLoopback();
  const watchers = [new Watcher('tcp', server.ports, o.boundMs), new Watcher('ws', server.ports, o.boundMs)];
  const until = o.seconds > 0 ? performance.now() + o.seconds * 1000 : Infinity;
  const runs = o.fuzzers.map(
    (f) => new FuzzRun(f, o.seed, { frames: o.frames, until }, o.concurrency * (f.parallel ?? 1)),
  );
  let settled = false;
  const failure = new Promise<Failure>((resolve) => {
    void server.exited.then((how) => {
      if (!settled) resolve({ kind: 'crash', detail: `the server process ended (${how})` });
    });
    for (const watcher of watchers)
      void watcher.failed.then(async (why) => {
        // A dying server also cuts its watchers off: give the exit a moment to be seen, so it is called a crash.
        await Promise.race([server.exited, new Promise((r) => setTimeout(r, 500))]);
        if (!settled && server.child.exitCode === null && server.child.signalCode === null)
          resolve({ kind: 'stall', detail: why });
      });
  });
  const ticker = progressTicker(o, runs);
  let outcome: Failure | null = null;
  try {
    try {
      await Promise.all(watchers.map((w) => w.start()));
    } catch (error) {
      outcome = {
        kind: 'stall',
        detail: `a watcher could not join before the fuzz: ${(error as Error).message}`,
      };
    }
    if (!outcome)
      outcome = await Promise.race([
        Promise.all(runs.map((r) => r.run(server.ports))).then(() => null),
        failure,
      ]);
    if (!outcome) {
      // The fuzz is over: the server must still be there and still serve both watchers.
      outcome = await Promise.race([
        Promise.all(watchers.map((w) => w.served(2))).then(
          () => null,
          (error: Error) => ({ kind: 'stall' as const, detail: `after the fuzz: ${error.message}` }),
        ),
        failure,
      ]);
    }
  } finally {
    clearInterval(ticker);
    for (const run of runs) run.abort();
  }
  let evidence: PassResult['evidence'] = null;
  if (outcome) {
    if (outcome.kind === 'crash') await server.exited; // its last words on stderr
    evidence = {
      stderr: server.stderr(),
      log: server.log(),
      records: runs.flatMap((r) => r.records()),
      args: server.args,
      tls,
    };
  }
  settled = true;
  for (const watcher of watchers) watcher.stop();
  await server.stop();
  for (const run of runs)
    if (run.stats.elapsedMs === 0) run.stats.elapsedMs = performance.now() - run.startedAt;
  return {
    profile: o.profile,
    stats: runs.map((r) => r.stats),
    failure: outcome,
    evidence,
    errors: server.errors,
    watchers: watchers.map((w) => ({ kind: w.kind, acks: w.acks, maxLatencyMs: Math.round(w.maxLatencyMs) })),
  };
}

function progressTicker(o: PassOptions, runs: FuzzRun[]): NodeJS.Timeout {
  const last = new Map<FuzzRun, number>();
  let at = performance.now();
  const started = at;
  return setInterval(() => {
    const now = performance.now();
    for (const run of runs) {
      const frames = run.stats.frames;
      const rate = ((frames - (last.get(run) ?? 0)) * 1000) / (now - at);
      last.set(run, frames);
      o.progress?.(
        `[${((now - started) / 1000).toFixed(0).padStart(4)}s] ${o.profile.padEnd(10)} ${run.fuzzer.name.padEnd(12)} ` +
          `${frames.toLocaleString('en').padStart(10)} frames ${Math.round(rate).toLocaleString('en').padStart(7)}/s ` +
          `${run.stats.connections.toLocaleString('en').padStart(8)} conns`,
      );
    }
    at = now;
  }, PROGRESS_MS);
}
