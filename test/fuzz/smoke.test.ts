// A short bounded fuzz pass over every decoder and wire dialect, with limits off and with the defaults: the server
// process must survive and keep serving its watchers. Bounded by frame counts, never by time; `npm run fuzz` runs
// the long version.
import path from 'node:path';
import { expect, it } from 'vitest';
import { runFuzz } from '../../fuzz/fuzz.js';
import { FUZZERS } from '../../fuzz/fuzzers.js';

const FRAMES = 2000;

it('survives a short fuzz of every dialect, limits off and on', { timeout: 180_000 }, async () => {
  const lines: string[] = [];
  const report = await runFuzz({
    fuzzers: FUZZERS,
    profiles: ['permissive', 'defaults'],
    seed: process.env.PARLEY_FUZZ_SEED ?? 'ci-smoke',
    frames: FRAMES,
    seconds: 0,
    concurrency: 6,
    boundMs: 5000,
    shared: true, // one server per pass for all fuzzers: two process starts instead of twenty-two
    out: path.resolve(import.meta.dirname, '../../test-output/fuzz'),
    log: (line) => lines.push(line),
  });
  const failures = report.passes
    .filter((p) => p.failure)
    .map(
      (p) =>
        `${p.profile}: ${p.failure!.kind}: ${p.failure!.detail}\n${p.evidence?.stderr.slice(-2000) ?? ''}`,
    );
  expect(failures, `${failures.join('\n')}\nreproducers: ${report.reproducers.join(', ')}`).toEqual([]);
  // Every fuzzer really sent its frames (a fuzzer that cannot connect would pass without testing anything).
  for (const pass of report.passes)
    for (const s of pass.stats)
      expect(s.frames, `${pass.profile} ${s.fuzzer}`).toBe(
        pass.profile === 'permissive' ? FRAMES : FRAMES / 5,
      );
});
