// Reproducers: what was in flight when the server died or stalled, written so that it replays, and the replayer.
import { mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Failure, PassResult } from './campaign.js';
import type { ConnRecord } from './engine.js';
import type { Ending, Frame, Target } from './plan.js';
import { serveArgs, startTarget } from './target.js';
import type { Profile } from './target.js';
import { openLink } from './transport.js';
import { probeLoopback, Watcher } from './watcher.js';

/** One connection of a reproducer: where it went, the frames it sent (base64), and how it ended. */
export interface ReproConnection {
  fuzzer: string;
  index: number;
  target: Target;
  /** Bytes as base64, or (hand-written reproducers) as UTF-8 text. */
  frames: { b64?: string; text?: string; binary?: boolean }[];
  /** Frames the connection sent between those kept (its start and its end are kept). */
  omitted: number;
  ending: Ending;
  waitMs: number;
}

/** A reproducer file (repro.json, and the files of test/fuzz/corpus/). */
export interface Repro {
  version: 1;
  kind: Failure['kind'];
  detail: string;
  profile: Profile;
  tls: boolean;
  seed: string;
  found: string;
  /** How many times the connections are replayed, all at once (races need a crowd). */
  repeat?: number;
  /** What this reproducer is about, for people. */
  note?: string;
  connections: ReproConnection[];
}

function toConnection(record: ConnRecord): ReproConnection {
  const frames = [...record.head, ...record.tail].map((f) => ({
    b64: f.data.toString('base64'),
    ...(f.binary ? { binary: true } : {}),
  }));
  return {
    fuzzer: record.fuzzer,
    index: record.index,
    target: record.target,
    frames,
    omitted: record.omitted,
    ending: record.ending,
    waitMs: record.waitMs,
  };
}

/** Write a failed pass's reproducer into dir; returns the directory. */
export function writeReproducer(dir: string, seed: string, result: PassResult): string {
  const evidence = result.evidence!;
  const failure = result.failure!;
  mkdirSync(path.join(dir, 'connections'), { recursive: true });
  const repro: Repro = {
    version: 1,
    kind: failure.kind,
    detail: failure.detail,
    profile: result.profile,
    tls: evidence.tls,
    seed,
    found: new Date().toISOString(),
    connections: evidence.records.map(toConnection),
  };
  writeFileSync(path.join(dir, 'repro.json'), `${JSON.stringify(repro, null, 1)}\n`);
  writeFileSync(path.join(dir, 'server-stderr.txt'), evidence.stderr);
  writeFileSync(path.join(dir, 'server-log.jsonl'), `${evidence.log.join('\n')}\n`);
  for (const c of repro.connections) {
    const bytes = Buffer.concat(c.frames.map(frameBytes));
    writeFileSync(
      path.join(dir, 'connections', `${c.fuzzer}-${String(c.index).padStart(6, '0')}.bin`),
      bytes,
    );
  }
  const fuzzers = [...new Set(repro.connections.map((c) => c.fuzzer))].join(', ');
  const stack = evidence.stderr.trim().split('\n').slice(-25).join('\n');
  writeFileSync(
    path.join(dir, 'README.md'),
    `# Fuzz ${failure.kind}: ${failure.detail}

Found ${repro.found} by \`npm run fuzz\` (fuzzers: ${fuzzers}; pass: ${result.profile}; seed: \`${seed}\`).
Server arguments: \`serve ${evidence.args.join(' ')}\` (memory store, free ports).

## Replay

    npm run fuzz -- --replay ${dir}

replays every connection below against a fresh server (the same pass's flags) and says whether it survived and
still served a chatting client. \`--minimize\` looks for one connection that does it alone.
A connection can also be regenerated from the seed: \`--seed ${seed} --dialect <fuzzer>\` plans connection
\`index\` the same way every time.

## Files

- \`repro.json\`: the ${repro.connections.length} connections open or just closed at the time: target, the first
  and last frames each sent (base64; \`omitted\` counts the ones between), and how each ended (reset = SO_LINGER 0).
- \`connections/<fuzzer>-<index>.bin\`: the same bytes, concatenated, for a hex dump.
- \`server-stderr.txt\`, \`server-log.jsonl\`: the server's last words and log.

## To make it a regression test

Trim \`repro.json\` to the connections that matter (\`--minimize\` writes \`minimal.json\`), add a \`note\`, and copy it
to \`test/fuzz/corpus/<name>.json\`: test/fuzz/regressions.test.ts replays every file there.

## Server stderr (tail)

\`\`\`
${stack || '(empty)'}
\`\`\`
`,
  );
  return dir;
}

/** A reproducer frame's bytes. */
function frameBytes(f: ReproConnection['frames'][number]): Buffer {
  return f.text !== undefined ? Buffer.from(f.text) : Buffer.from(f.b64 ?? '', 'base64');
}

/** Read a reproducer: a directory holding repro.json, or a JSON file. */
export function loadRepro(file: string): Repro {
  const json = statSync(file).isDirectory() ? path.join(file, 'repro.json') : file;
  const repro = JSON.parse(readFileSync(json, 'utf8')) as Repro;
  if (repro.version !== 1 || !Array.isArray(repro.connections))
    throw new Error(`${json}: not a fuzz reproducer`);
  return repro;
}

/** The outcome of a replay. */
export interface ReplayResult {
  survived: boolean;
  detail: string;
  stderr: string;
}

/** Replay connections against a fresh server; it survives when it is still up and serves both watchers after. */
export async function replay(
  repro: Repro,
  options: { boundMs?: number; repeat?: number } = {},
): Promise<ReplayResult> {
  const boundMs = options.boundMs ?? 5000;
  const server = await startTarget(serveArgs(repro.profile, repro.tls));
  await probeLoopback();
  const watchers = [new Watcher('tcp', server.ports, boundMs), new Watcher('ws', server.ports, boundMs)];
  const alive = (): boolean => server.child.exitCode === null && server.child.signalCode === null;
  try {
    await Promise.all(watchers.map((w) => w.start()));
    const repeat = options.repeat ?? repro.repeat ?? 1;
    const jobs: Promise<void>[] = [];
    for (let round = 0; round < repeat; round++)
      for (const c of repro.connections) jobs.push(replayConnection(c, server.ports));
    await Promise.race([Promise.all(jobs), server.exited]);
    // Give a reset or a deferred error its turn, then ask the watchers.
    await Promise.race([new Promise((r) => setTimeout(r, 300)), server.exited]);
    const served = await Promise.race([
      Promise.all(watchers.map((w) => w.served(2))).then(
        () => '',
        (error: Error) => error.message,
      ),
      server.exited.then((how) => `the server process ended (${how})`),
    ]);
    if (!alive()) await server.exited;
    const survived = served === '' && alive();
    return {
      survived,
      detail: survived ? 'survived and served the watchers' : served,
      stderr: server.stderr(),
    };
  } finally {
    for (const w of watchers) w.stop();
    await server.stop();
  }
}

async function replayConnection(c: ReproConnection, ports: Parameters<typeof openLink>[1]): Promise<void> {
  const link = await openLink(c.target, ports);
  if (!link) return;
  for (const f of c.frames) {
    const frame: Frame = { data: frameBytes(f), ...(f.binary ? { binary: true } : {}) };
    if (!(await link.send([frame]))) break;
  }
  await link.finish(c.ending, c.waitMs);
}

/** Look for one connection that fails the server alone (newest first); returns a smaller reproducer or null. */
export async function minimize(repro: Repro, log: (line: string) => void, tries = 12): Promise<Repro | null> {
  const candidates = [...repro.connections].reverse().slice(0, tries);
  for (const c of candidates) {
    for (const repeat of [1, 40]) {
      const one: Repro = { ...repro, repeat, connections: [c] };
      const result = await replay(one);
      log(
        `  ${c.fuzzer} #${c.index} x${repeat}: ${result.survived ? 'survived' : `FAILED (${result.detail})`}`,
      );
      if (!result.survived) return one;
    }
  }
  return null;
}
