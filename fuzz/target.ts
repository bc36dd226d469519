// The server under fuzz: a real `parley serve` process (from source, through tsx) on free loopback ports.
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import path from 'node:path';
import readline from 'node:readline';
import { makeCertificate } from '../test/support/tls.js';
import type { TestCertificate } from '../test/support/tls.js';
import type { Ports } from './transport.js';

/** The repository's root: the CLI is run from its source. */
export const ROOT = path.resolve(import.meta.dirname, '..');

/** Limits off where they would stop fuzz frames before the decoders and handlers (the "permissive" pass). */
export const PERMISSIVE_ARGS = [
  '--rate',
  '0',
  '--join-rate',
  '0',
  '--change-rate',
  '0',
  '--max-connections-per-address',
  '0',
  '--max-rooms',
  '0',
];

/** The two passes: limits off, and the defaults (so that the limits' own code is fuzzed too). */
export const PROFILES = { permissive: PERMISSIVE_ARGS, defaults: [] as string[] } as const;

/** A pass's name. */
export type Profile = keyof typeof PROFILES;

/** A running server process. */
export interface TargetServer {
  child: ChildProcess;
  ports: Ports;
  /** The arguments it was started with after `serve` (a reproducer replays them). */
  args: string[];
  /** Resolves with the exit code or signal once the process is gone and its output is read. */
  exited: Promise<string>;
  /** The last of its stderr (a crash's stack) and of its log lines. */
  stderr(): string;
  log(): string[];
  /** Error-level log lines (a handler that failed and was caught): not a crash, still worth a look. */
  errors: string[];
  /** Stop it (SIGKILL after a grace) and wait for it to be gone. */
  stop(): Promise<void>;
}

let certificate: TestCertificate | null = null;

/** A self-signed certificate for localhost, made once per run (the tests' own maker, with openssl). */
function testCertificate(): TestCertificate {
  return (certificate ??= makeCertificate());
}

/** The serve arguments of a pass, with TLS when asked. */
export function serveArgs(profile: Profile, withTls: boolean): string[] {
  const args = [...PROFILES[profile]];
  if (withTls) {
    const { certPath, keyPath } = testCertificate();
    args.push('--tls-cert', certPath, '--tls-key', keyPath);
  }
  return args;
}

const TAIL_BYTES = 64 * 1024;
const TAIL_LINES = 400;

/** Start `parley serve` with these extra arguments on free ports and wait until it listens. */
export async function startTarget(args: string[], timeoutMs = 30_000): Promise<TargetServer> {
  const base = ['serve', '--host', '127.0.0.1', '--port', '0', '--http-port', '0', '--text-port', '0'];
  const all = [...base, '--store', 'memory', '--log-format', 'json', ...args];
  // PARLEY_FUZZ_NODE_ARGS: extra node flags for the server (say --cpu-prof, to see where a slow dialect's time goes).
  const nodeArgs = (process.env.PARLEY_FUZZ_NODE_ARGS ?? '').split(' ').filter(Boolean);
  const child = spawn(
    process.execPath,
    [...nodeArgs, '--import', 'tsx', path.join(ROOT, 'src/cli/index.ts'), ...all],
    {
      cwd: ROOT,
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let stderr = '';
  child.stderr!.on('data', (d: Buffer) => {
    stderr = (stderr + d.toString()).slice(-TAIL_BYTES);
  });
  const lines: string[] = [];
  const errors: string[] = [];
  const exited = new Promise<string>((resolve) =>
    child.once('close', (code, signal) => resolve(signal ?? `exit code ${code}`)),
  );
  const ports = await new Promise<Ports>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`server did not start: ${stderr}`)), timeoutMs);
    void exited.then((how) => reject(new Error(`server ended (${how}) before it listened: ${stderr}`)));
    readline.createInterface({ input: child.stdout! }).on('line', (line) => {
      lines.push(line);
      if (lines.length > TAIL_LINES) lines.shift();
      let entry: { level?: number; tcpPort?: number; httpPort?: number; textPort?: number | null };
      try {
        entry = JSON.parse(line) as typeof entry;
      } catch {
        return;
      }
      if ((entry.level ?? 0) >= 50 && errors.length < 100) errors.push(line);
      if (entry.tcpPort !== undefined && entry.httpPort !== undefined) {
        clearTimeout(timer);
        resolve({
          host: '127.0.0.1',
          tcp: entry.tcpPort,
          http: entry.httpPort,
          text: entry.textPort ?? null,
        });
      }
    });
  });
  return {
    child,
    ports,
    args,
    exited,
    stderr: () => stderr,
    log: () => [...lines],
    errors,
    async stop() {
      if (child.exitCode === null && child.signalCode === null) {
        child.kill('SIGTERM');
        const timer = setTimeout(() => child.kill('SIGKILL'), 3000);
        await exited;
        clearTimeout(timer);
      }
    },
  };
}
