// `npm run fuzz -- [--frames N] [--seconds S] [--dialect a,b] [--seed X] [--profile permissive|defaults|both]`
// fuzzes each decoder and wire dialect against a real server process while watchers chat beside the fuzzers;
// `--replay DIR|FILE [--minimize]` replays a reproducer. See docs/operations.md, "Fuzzing".
import { randomBytes } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { runFuzz } from './fuzz.js';
import { FUZZERS } from './fuzzers.js';
import { loadRepro, minimize, replay } from './repro.js';
import { ROOT } from './target.js';

const { values } = parseArgs({
  options: {
    frames: { type: 'string' },
    seconds: { type: 'string' },
    dialect: { type: 'string' },
    seed: { type: 'string' },
    profile: { type: 'string', default: 'both' },
    concurrency: { type: 'string', default: '16' },
    bound: { type: 'string', default: '5000' },
    shared: { type: 'boolean', default: false },
    out: { type: 'string', default: path.join(ROOT, 'fuzz/crashes') },
    replay: { type: 'string' },
    repeat: { type: 'string' },
    minimize: { type: 'boolean', default: false },
    list: { type: 'boolean', default: false },
    help: { type: 'boolean', short: 'h', default: false },
  },
});
const say = (line: string): void => void process.stdout.write(`${line}\n`);

if (values.help || values.list) {
  say(
    'npm run fuzz -- [--frames N] [--seconds S] [--dialect a,b] [--seed X] [--profile permissive|defaults|both]',
  );
  say('               [--concurrency C] [--bound MS] [--shared] [--out DIR]');
  say('npm run fuzz -- --replay fuzz/crashes/<dir> [--repeat N] [--minimize]');
  say('\nfuzzers (--dialect):');
  for (const f of FUZZERS) say(`  ${f.name.padEnd(12)} ${f.about}`);
  process.exit(0);
}

if (values.replay) {
  const repro = loadRepro(values.replay);
  say(`replaying ${values.replay}: ${repro.kind}: ${repro.detail} (${repro.connections.length} connections)`);
  const result = await replay(repro, values.repeat ? { repeat: Number(values.repeat) } : {});
  say(
    result.survived
      ? `survived: ${result.detail}`
      : `FAILED: ${result.detail}\n--- server stderr ---\n${result.stderr}`,
  );
  if (!result.survived && values.minimize && repro.connections.length > 1) {
    say('minimizing: each connection alone, newest first');
    const small = await minimize(repro, say);
    if (small) {
      const file = path.join(
        path.extname(values.replay) ? path.dirname(values.replay) : values.replay,
        'minimal.json',
      );
      writeFileSync(file, `${JSON.stringify(small, null, 1)}\n`);
      say(`one connection does it: ${file}`);
    } else say('no single connection does it alone: keep the whole reproducer');
  }
  process.exit(result.survived ? 0 : 1);
}

const names = values.dialect ? values.dialect.split(',') : FUZZERS.map((f) => f.name);
const unknown = names.filter((n) => !FUZZERS.some((f) => f.name === n));
if (unknown.length > 0) {
  say(`fuzz: unknown dialect ${unknown.join(', ')}; one of ${FUZZERS.map((f) => f.name).join(', ')}`);
  process.exit(2);
}
if (!['permissive', 'defaults', 'both'].includes(values.profile!)) {
  say('fuzz: --profile must be permissive, defaults or both');
  process.exit(2);
}
const seconds = Number(values.seconds ?? 0);
const frames = values.frames ? Number(values.frames) : seconds > 0 ? Infinity : 20_000;
const seed = values.seed ?? randomBytes(6).toString('hex');
say(`fuzz: seed ${seed} (replay the same frames with --seed ${seed})`);

const report = await runFuzz({
  fuzzers: FUZZERS.filter((f) => names.includes(f.name)),
  profiles:
    values.profile === 'both' ? ['permissive', 'defaults'] : [values.profile as 'permissive' | 'defaults'],
  seed,
  frames,
  seconds,
  concurrency: Number(values.concurrency),
  boundMs: Number(values.bound),
  shared: values.shared!,
  out: values.out!,
  log: say,
});
process.exit(report.failures > 0 ? 1 : 0);
