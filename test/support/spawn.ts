// Run `parley serve` as a real child process (from source, through tsx) and learn its ports from its log.
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import path from 'node:path';
import readline from 'node:readline';

const ROOT = path.resolve(import.meta.dirname, '../..');

/** A spawned server process. */
export interface SpawnedServer {
  child: ChildProcess;
  tcpPort: number;
  httpPort: number;
  wsUrl: string;
  /** Every log line so far (JSON strings). */
  lines: string[];
  /** Resolves with the exit code (or signal name) when the process ends. */
  exited: Promise<number | string>;
}

/** Node's arguments to run the `parley` CLI from source (through tsx) with these arguments. */
export function parleyArgs(args: string[]): string[] {
  return ['--import', 'tsx', path.join(ROOT, 'src/cli/index.ts'), ...args];
}

/** Start `parley serve` with these flags (defaults: loopback, free ports, memory store, JSON logs). */
export async function spawnServer(args: string[] = [], timeoutMs = 20_000): Promise<SpawnedServer> {
  const child = spawn(
    process.execPath,
    parleyArgs([
      'serve',
      '--host',
      '127.0.0.1',
      '--port',
      '0',
      '--http-port',
      '0',
      '--log-format',
      'json',
      '--store',
      'memory', // flags given later win: tests that need persistence pass --store sqlite --data-dir <tmp>
      ...args,
    ]),
    // A free text port: the default 8888 would collide between servers that test files start at the same time.
    { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, PARLEY_TEXT_PORT: '0' } },
  );
  const lines: string[] = [];
  const exited = new Promise<number | string>((resolve) =>
    child.once('exit', (code, signal) => resolve(code ?? signal ?? -1)),
  );
  const stderr: string[] = [];
  child.stderr!.on('data', (d: Buffer) => stderr.push(d.toString()));
  const ports = await new Promise<{ tcpPort: number; httpPort: number }>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`server did not start: ${stderr.join('')}`)), timeoutMs);
    void exited.then((code) =>
      reject(new Error(`server exited (${code}) before it was ready: ${stderr.join('')}`)),
    );
    readline.createInterface({ input: child.stdout! }).on('line', (line) => {
      lines.push(line);
      try {
        const entry = JSON.parse(line) as { tcpPort?: number; httpPort?: number };
        if (entry.tcpPort !== undefined && entry.httpPort !== undefined) {
          clearTimeout(timer);
          resolve({ tcpPort: entry.tcpPort, httpPort: entry.httpPort });
        }
      } catch {
        // not a JSON line
      }
    });
  });
  return { child, ...ports, wsUrl: `ws://127.0.0.1:${ports.httpPort}/ws`, lines, exited };
}
