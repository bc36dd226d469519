// A fuzz campaign: each fuzzer (or all at once, --shared) in each pass, reproducers for failures, a summary.
import path from 'node:path';
import { runPass } from './campaign.js';
import type { PassResult } from './campaign.js';
import type { Fuzzer } from './plan.js';
import { writeReproducer } from './repro.js';
import type { Profile } from './target.js';

/** Options of a campaign. */
export interface FuzzOptions {
  fuzzers: readonly Fuzzer[];
  profiles: readonly Profile[];
  seed: string;
  /** Frames per fuzzer in the permissive pass; the defaults pass gets a fifth. */
  frames: number;
  seconds: number;
  concurrency: number;
  boundMs: number;
  /** All fuzzers at once against one server per pass (fast to start; a failure is not tied to one fuzzer). */
  shared: boolean;
  /** Where reproducers go (a directory per failure), or null to write none. */
  out: string | null;
  log: (line: string) => void;
}

/** What a campaign did. */
export interface FuzzReport {
  passes: PassResult[];
  failures: number;
  /** Reproducer directories written. */
  reproducers: string[];
}

/** The frames of a pass: the defaults pass is mostly refusals, so a fifth of the budget covers it. */
function framesFor(profile: Profile, frames: number): number {
  return profile === 'defaults' ? Math.ceil(frames / 5) : frames;
}

/** Run the campaign and print a summary. */
export async function runFuzz(o: FuzzOptions): Promise<FuzzReport> {
  const report: FuzzReport = { passes: [], failures: 0, reproducers: [] };
  const groups = o.shared ? [o.fuzzers] : o.fuzzers.map((f) => [f]);
  for (const profile of o.profiles) {
    for (const fuzzers of groups) {
      o.log(`== ${profile}: ${fuzzers.map((f) => f.name).join(', ')}`);
      const result = await runPass({
        fuzzers,
        profile,
        seed: o.seed,
        frames: framesFor(profile, o.frames),
        seconds: o.seconds,
        concurrency: o.concurrency,
        boundMs: o.boundMs,
        progress: o.log,
      });
      report.passes.push(result);
      if (result.failure) {
        report.failures++;
        o.log(`!! ${result.failure.kind.toUpperCase()}: ${result.failure.detail}`);
        if (o.out) {
          const stamp = new Date().toISOString().replace(/[:.]/g, '-');
          const name = `${fuzzers.length === 1 ? fuzzers[0]!.name : 'shared'}-${profile}-${stamp}`;
          const dir = writeReproducer(path.join(o.out, name), o.seed, result);
          report.reproducers.push(dir);
          o.log(
            `!! reproducer: ${path.relative(process.cwd(), dir)} (npm run fuzz -- --replay ${path.relative(process.cwd(), dir)})`,
          );
        }
      }
      for (const line of result.errors.slice(0, 3))
        o.log(`?? the server logged an error: ${line.slice(0, 400)}`);
    }
  }
  o.log(summary(report));
  return report;
}

function summary(report: FuzzReport): string {
  const rows = ['', 'pass        fuzzer            frames   frames/s   conns  refused  result'];
  for (const pass of report.passes) {
    for (const s of pass.stats) {
      const rate = s.elapsedMs > 0 ? Math.round((s.frames * 1000) / s.elapsedMs) : 0;
      const result = pass.failure ? `${pass.failure.kind.toUpperCase()}` : 'ok';
      rows.push(
        `${pass.profile.padEnd(11)} ${s.fuzzer.padEnd(12)} ${String(s.frames).padStart(11)} ${String(rate).padStart(10)} ` +
          `${String(s.connections).padStart(7)} ${String(s.refused).padStart(8)}  ${result}`,
      );
    }
    const w = pass.watchers.map((x) => `${x.kind} ${x.acks} acks (slowest ${x.maxLatencyMs} ms)`).join(', ');
    rows.push(
      `            watchers: ${w}${pass.errors.length ? `; server logged ${pass.errors.length} errors` : ''}`,
    );
  }
  rows.push('', report.failures === 0 ? 'fuzz: no failures' : `fuzz: ${report.failures} failing pass(es)`);
  for (const dir of report.reproducers) rows.push(`  reproducer: ${dir}`);
  return rows.join('\n');
}
