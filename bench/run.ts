// `npm run bench [-- --size tiny|small|full] [--rounds N] [--only a,b] [--variants a,b] [--docs|--no-docs]`
// runs parley and the baselines (bare ws, bare net, Socket.IO) interleaved, round after round, and writes the
// results (bench/results/*.json) and, for a full run, docs/benchmarks.md with its latency chart. See that page
// for every flag (--no-build, --report-only FILE, --time-limit SECONDS).
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import type { Run } from './aggregate.js';
import { buildForBench } from './build.js';
import type { Harness } from './harness.js';
import { GeneratorPool } from './load/pool.js';
import { machineDescription, openFilesLimit } from './procstat.js';
import { writeReport } from './report.js';
import { chatScenarios } from './plan.js';
import { stopAllTargets } from './servers.js';
import { SIZES } from './sizes.js';
import type { Size } from './sizes.js';

const { values } = parseArgs({
  options: {
    size: { type: 'string', default: process.env.PARLEY_BENCH_SIZE ?? 'full' },
    rounds: { type: 'string' },
    only: { type: 'string' },
    variants: { type: 'string' },
    docs: { type: 'boolean' },
    'no-docs': { type: 'boolean' },
    'time-limit': { type: 'string', default: '900' },
    // Measure bench/results/build as it is (say, with files swapped in to compare two versions).
    'no-build': { type: 'boolean' },
    // Only render the report again from a saved run (bench/results/<size>-latest.json).
    'report-only': { type: 'string' },
    // Write each server's V8 CPU profile (.cpuprofile) into this directory, for chrome://inspect or speedscope.
    profile: { type: 'string' },
  },
});
if (values['report-only']) {
  const saved = JSON.parse(readFileSync(values['report-only'], 'utf8')) as Run;
  process.stdout.write(`${writeReport(saved, values.docs ?? saved.size === 'full')}\n`);
  process.exit(0);
}
if (!(values.size! in SIZES)) {
  process.stderr.write(`bench: --size must be one of ${Object.keys(SIZES).join(', ')}\n`);
  process.exit(2);
}
const size: Size = { ...SIZES[values.size as Size['name']] };
if (values.rounds) size.rounds = Number(values.rounds);
const only = values.only ? new Set(values.only.split(',')) : null;
if (values.variants) process.env.PARLEY_BENCH_VARIANTS = values.variants;
if (values.profile) {
  mkdirSync(values.profile, { recursive: true });
  process.env.PARLEY_BENCH_PROFILE = path.resolve(values.profile);
}
const writeDocs = values['no-docs'] ? false : (values.docs ?? size.name === 'full');
const started = performance.now();
const elapsed = (): string => `${((performance.now() - started) / 1000).toFixed(0).padStart(4)}s`;
const deadline = started + Number(values['time-limit']) * 1000;

const built = values['no-build'] ? 0 : buildForBench();
const pool = new GeneratorPool(size.workers);
const harness: Harness = {
  pool,
  size,
  results: [],
  log: (line) => process.stdout.write(`[${elapsed()}] ${line}\n`),
};

// Whatever happens, leave no server or generator process behind.
const cleanup = async (): Promise<void> => {
  await stopAllTargets();
  pool.close();
};
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    harness.log(`${signal}: stopping`);
    void cleanup().then(() => process.exit(130));
  });
}
const hardStop = setTimeout(
  () => {
    harness.log('time limit passed twice over: giving up');
    void cleanup().then(() => process.exit(1));
  },
  Number(values['time-limit']) * 2000,
);

let failed = false;
try {
  const machine = machineDescription();
  harness.log(
    `parley bench, size ${size.name}, ${size.rounds} round(s), ${size.workers} generator processes`,
  );
  harness.log(`machine: ${machine}`);
  // Every connection is a file descriptor in the server: a low soft limit fails the big scenarios with EMFILE.
  const needed = Math.max(...size.idle, ...size.rooms, size.multi.rooms * size.multi.members) + 512;
  const limit = openFilesLimit();
  if (limit !== null && limit < needed) {
    harness.log(
      `warning: open files limited to ${limit}; the biggest scenario needs about ${needed}: run \`ulimit -n ${needed}\` (or higher) first`,
    );
  }
  if (built > 0)
    harness.log(`compiled ${built} files to bench/results/build: measured processes run plain JavaScript`);
  let roundsRun = 0;
  // The longest time each scenario has taken: a round is estimated from its own scenarios, since later rounds
  // leave out the slow big room.
  const took = new Map<string, number>();
  for (let round = 0; round < size.rounds; round++) {
    const scenarios = chatScenarios(size, round).filter((scenario) => !only || only.has(scenario.name));
    const estimate = scenarios.reduce((sum, scenario) => sum + (took.get(scenario.name) ?? 0), 0);
    // Start a round only if it is expected to end within the time limit.
    if (performance.now() + estimate > deadline) {
      harness.log(`time limit (${values['time-limit']} s) would pass: stopping after ${roundsRun} round(s)`);
      break;
    }
    for (const scenario of scenarios) {
      harness.log(`round ${round + 1}/${size.rounds}: ${scenario.name}`);
      const scenarioStart = performance.now();
      await scenario.run(harness);
      took.set(scenario.name, Math.max(took.get(scenario.name) ?? 0, performance.now() - scenarioStart));
    }
    roundsRun++;
  }
  const run = {
    date: new Date().toISOString(),
    machine,
    size: size.name,
    rounds: roundsRun,
    generatorProcesses: size.workers,
    seconds: Math.round((performance.now() - started) / 1000),
    results: harness.results,
  };
  const dir = path.join(import.meta.dirname, 'results');
  mkdirSync(dir, { recursive: true });
  writeFileSync(path.join(dir, `${size.name}-latest.json`), JSON.stringify(run, null, 1));
  const summary = writeReport(run, writeDocs);
  process.stdout.write(`\n${summary}\n`);
  harness.log(`done: ${harness.results.length} results; bench/results/${size.name}-latest.json`);
} catch (error) {
  failed = true;
  harness.log(`failed: ${(error as Error).stack ?? error}`);
} finally {
  clearTimeout(hardStop);
  await cleanup();
}
process.exit(failed ? 1 : 0);
