// The servers under test, each in its own process: parley through its real CLI, and the baselines.
import { execFileSync, spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import readline from 'node:readline';
import { BUILD } from './build.js';
import type { TargetKind } from './load/protocol.js';

const ROOT = path.resolve(import.meta.dirname, '..');

/** One server configuration under test, and the wire the generator speaks to it. */
export interface Variant {
  id: string;
  kind: TargetKind;
  program: 'parley' | 'bare-ws' | 'bare-net' | 'socketio';
  store?: 'memory' | 'sqlite';
}

/** Every variant the runner knows. */
export const VARIANTS: Record<string, Variant> = {
  'bare-ws': { id: 'bare-ws', kind: 'bare-ws', program: 'bare-ws' },
  'bare-net': { id: 'bare-net', kind: 'bare-net', program: 'bare-net' },
  socketio: { id: 'socketio', kind: 'socketio', program: 'socketio' },
  'parley-ws': { id: 'parley-ws', kind: 'parley-ws', program: 'parley', store: 'memory' },
  'parley-tcp': { id: 'parley-tcp', kind: 'parley-tcp', program: 'parley', store: 'memory' },
  'parley-tls': { id: 'parley-tls', kind: 'parley-tls', program: 'parley', store: 'memory' },
  'parley-tcp-sqlite': { id: 'parley-tcp-sqlite', kind: 'parley-tcp', program: 'parley', store: 'sqlite' },
};

/** A server process that is listening. */
export interface RunningTarget {
  pid: number;
  port: number;
  /** Kill the process (the measurement is over; a graceful shutdown would only cost time) and clean up. */
  stop(): Promise<void>;
}

const BASELINES = {
  'bare-ws': 'bench/baselines/ws-broadcast.js',
  'bare-net': 'bench/baselines/net-broadcast.js',
  socketio: 'bench/baselines/socketio-broadcast.js',
} as const;

const running = new Set<RunningTarget>();

/** Kill every server still running (on an error or a signal). */
export async function stopAllTargets(): Promise<void> {
  await Promise.all([...running].map((target) => target.stop()));
}

let certificate: { cert: string; key: string } | null | undefined;

/** A throwaway self-signed certificate for the TLS variant, or null when openssl is missing. */
export function tlsCertificate(): { cert: string; key: string } | null {
  if (certificate !== undefined) return certificate;
  const dir = mkdtempSync(path.join(tmpdir(), 'parley-bench-tls-'));
  const cert = path.join(dir, 'cert.pem');
  const key = path.join(dir, 'key.pem');
  try {
    execFileSync(
      'openssl',
      ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes'].concat([
        '-keyout',
        key,
        '-out',
        cert,
        '-days',
        '2',
        '-subj',
        '/CN=localhost',
      ]),
      { stdio: 'ignore' },
    );
    certificate = { cert, key };
  } catch {
    certificate = null;
  }
  return certificate;
}

/** Start a variant's server (compiled by buildForBench) and wait until it tells its port. */
export async function startTarget(variant: Variant, maxOutbound: string): Promise<RunningTarget> {
  let dataDir: string | null = null;
  let args: string[];
  if (variant.program === 'parley') {
    args = [path.join(BUILD, 'src/cli/index.js'), 'serve', '--host', '127.0.0.1', '--port', '0']
      .concat(['--http-port', '0', '--log-format', 'json', '--log-level', 'info', '--rate', '0'])
      .concat(['--history-on-join', '0', '--retain-messages', '1000', '--max-outbound', maxOutbound])
      // Thousands of connections queue behind a busy server: give them time to say hello.
      .concat(['--hello-timeout', '60s'])
      // Every bench client connects from loopback: thousands of connections from one address are the point.
      .concat(['--max-connections-per-address', '0'])
      // The scenarios fill rooms of 10,000 and join many rooms at once: the per-session quotas are not under test.
      .concat(['--max-rooms', '0', '--join-rate', '0', '--change-rate', '0', '--history-in-flight', '64']);
    if (variant.store === 'sqlite') {
      dataDir = mkdtempSync(path.join(tmpdir(), 'parley-bench-db-'));
      args.push('--store', 'sqlite', '--data-dir', dataDir);
    } else {
      args.push('--store', 'memory');
    }
    if (variant.kind === 'parley-tls') {
      const tls = tlsCertificate();
      if (!tls) throw new Error('openssl is needed for the TLS variant');
      args.push('--tls-cert', tls.cert, '--tls-key', tls.key);
    }
  } else {
    args = [path.join(BUILD, BASELINES[variant.program])];
  }
  // --profile DIR: every server writes a V8 CPU profile there when it stops (graceful stop, so that it is written).
  const profileDir = process.env.PARLEY_BENCH_PROFILE;
  const nodeArgs = profileDir ? ['--cpu-prof', '--cpu-prof-dir', profileDir] : [];
  const child = spawn(process.execPath, nodeArgs.concat(args), {
    cwd: ROOT,
    // Any port the defaults would take may be in use by another run: every listener gets a free one.
    env: { ...process.env, PARLEY_TEXT_PORT: '0' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let port: number;
  try {
    port = await readPort(child, variant);
  } catch (error) {
    child.kill('SIGKILL');
    throw error;
  }
  const exited = new Promise<void>((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) resolve();
    else child.once('exit', () => resolve());
  });
  const target: RunningTarget = {
    pid: child.pid!,
    port,
    stop: async () => {
      running.delete(target);
      if (profileDir) {
        // A profile is only written on a clean exit: ask first, and kill if the exit takes too long.
        child.kill('SIGINT');
        const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
        await exited;
        clearTimeout(timer);
      }
      child.kill('SIGKILL');
      await exited;
      if (dataDir) rmSync(dataDir, { recursive: true, force: true });
    },
  };
  running.add(target);
  return target;
}

function readPort(child: ChildProcess, variant: Variant): Promise<number> {
  const stderr: string[] = [];
  child.stderr!.on('data', (d: Buffer) => stderr.push(d.toString()));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`${variant.id} did not start: ${stderr.join('')}`)),
      30_000,
    );
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`${variant.id} exited (${code}) before it listened: ${stderr.join('')}`));
    });
    readline.createInterface({ input: child.stdout! }).on('line', (line) => {
      let entry: { port?: number; tcpPort?: number; httpPort?: number };
      try {
        entry = JSON.parse(line) as typeof entry;
      } catch {
        return;
      }
      const port =
        variant.program !== 'parley'
          ? entry.port
          : variant.kind === 'parley-ws'
            ? entry.httpPort
            : entry.tcpPort;
      if (port !== undefined) {
        clearTimeout(timer);
        resolve(port);
      }
    });
  });
}
