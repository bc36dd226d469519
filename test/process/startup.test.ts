// Start-up problems a user can fix are reported in one clear line that says how, with exit code 2.
import net from 'node:net';
import { execFileSync, spawn } from 'node:child_process';
import {
  closeSync,
  mkdtempSync,
  openSync,
  rmSync,
  statSync,
  truncateSync,
  writeFileSync,
  writeSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { SqliteStore } from '../../src/store/sqlite.js';
import { parleyArgs, spawnServer } from '../support/spawn.js';
import { makeCertificate } from '../support/tls.js';

const ROOT = path.resolve(import.meta.dirname, '../..');

function run(args: string[]): Promise<{ code: number | null; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(
      process.execPath,
      parleyArgs(['serve', '--host', '127.0.0.1', '--store', 'memory', ...args]),
      {
        cwd: ROOT,
        stdio: ['ignore', 'ignore', 'pipe'],
      },
    );
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('exit', (code) => resolve({ code, stderr }));
  });
}

/** Run with free ports and expect the start to fail with exit 2 and one line, no stack; returns the line. */
async function refused(args: string[]): Promise<string> {
  const result = await run(['--port', '0', '--http-port', '0', '--text-port', 'off', ...args]);
  expect(result.code).toBe(2);
  expect(result.stderr).not.toContain('    at ');
  expect(result.stderr.trimEnd().split('\n')).toHaveLength(1);
  return result.stderr.trimEnd();
}

const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));
function tempDir(): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'parley-startup-'));
  dirs.push(dir);
  return dir;
}

describe('start-up errors', () => {
  it('says which port is in use and which flag changes it', async () => {
    const blocker = net.createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
    const port = (blocker.address() as net.AddressInfo).port;
    const tcp = await run(['--port', String(port), '--http-port', '0']);
    expect(tcp.code).toBe(2);
    expect(tcp.stderr).toContain(`port ${port} in use: pass --port`);
    const http = await run(['--port', '0', '--http-port', String(port)]);
    expect(http.stderr).toContain(`port ${port} in use: pass --http-port`);
    blocker.close();
  });

  it('says which certificate file it cannot read', async () => {
    const result = await run([
      '--port',
      '0',
      '--http-port',
      '0',
      '--tls-cert',
      '/nonexistent/cert.pem',
      '--tls-key',
      '/nonexistent/key.pem',
    ]);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(
      /cannot read TLS certificate \/nonexistent\/cert\.pem: ENOENT; check the path/,
    );
  });

  it('names the bad option and what it expects', async () => {
    const result = await run(['--port', '0', '--http-port', '0', '--heartbeat', 'soon']);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('heartbeat: "soon" is not a duration');
  });

  it('says a --data-dir that is a file is not a directory', async () => {
    const file = path.join(tempDir(), 'not-a-dir');
    writeFileSync(file, 'hello');
    const line = await refused(['--store', 'sqlite', '--data-dir', file]);
    expect(line).toBe(`parley: --data-dir ${file} is a file, not a directory: pass a directory`);
  });
});

describe('--text-port', () => {
  it('off starts no text listener', async () => {
    const server = await spawnServer(['--text-port', 'off']);
    const listening = server.lines.find((l) => l.includes('listening'))!;
    expect(JSON.parse(listening)).toMatchObject({ textPort: null });
    expect(listening).not.toContain('text (TP6)');
    server.child.kill('SIGTERM');
    expect(await server.exited).toBe(0);
  });

  it('neither a port nor off is refused', async () => {
    expect(await refused(['--text-port', 'nope'])).toBe(
      'parley: invalid configuration: textPort: "nope" is not a port (0-65535) or off',
    );
  });
});

describe('a TLS certificate and key that cannot work together', () => {
  const mine = makeCertificate();
  const other = makeCertificate();
  const tls = (cert: string, key: string) => refused(['--tls-cert', cert, '--tls-key', key]);

  it('says the certificate does not match the key', async () => {
    expect(await tls(mine.certPath, other.keyPath)).toBe(
      `parley: the TLS certificate ${mine.certPath} does not match the key ${other.keyPath}: ` +
        'pass the key the certificate was made for',
    );
  });

  it('says which file is garbage', async () => {
    const garbage = path.join(tempDir(), 'garbage.pem');
    writeFileSync(
      garbage,
      '-----BEGIN CERTIFICATE-----\nbm90IGEgY2VydGlmaWNhdGUgYXQgYWxs\n-----END CERTIFICATE-----\n',
    );
    expect(await tls(garbage, mine.keyPath)).toMatch(
      new RegExp(
        `^parley: the TLS certificate ${garbage} is damaged \\(.+\\): pass a valid PEM certificate$`,
      ),
    );
  });

  it('says a certificate or key that is not PEM is not PEM, and how to convert it', async () => {
    const dir = tempDir();
    const derCert = path.join(dir, 'cert.der');
    const derKey = path.join(dir, 'key.der');
    execFileSync('openssl', ['x509', '-in', mine.certPath, '-outform', 'der', '-out', derCert]);
    execFileSync('openssl', ['pkey', '-in', mine.keyPath, '-outform', 'der', '-out', derKey]);
    expect(await tls(derCert, mine.keyPath)).toContain(
      `the TLS certificate ${derCert} is not PEM (no -----BEGIN CERTIFICATE----- line): pass it in PEM form`,
    );
    expect(await tls(mine.certPath, derKey)).toContain(
      `the TLS key ${derKey} is not a PEM private key (no -----BEGIN PRIVATE KEY----- line)`,
    );
  });

  it('notices the two files swapped', async () => {
    expect(await tls(mine.keyPath, mine.certPath)).toContain('are --tls-cert and --tls-key swapped?');
  });
});

describe('a damaged database', () => {
  /** A data directory whose parley.db holds a few hundred messages in two rooms, cleanly closed. */
  async function dataDir(): Promise<{ dir: string; db: string; size: number }> {
    const dir = tempDir();
    const db = path.join(dir, 'parley.db');
    const store = new SqliteStore({ path: db, retention: { maxMessagesPerTarget: 0, maxAgeMs: 0 } });
    const appends = Array.from({ length: 400 }, (_, i) =>
      store.append({
        target: i % 2 ? 'lobby' : 'other',
        kind: 'room',
        from: 'ann',
        text: `line ${i} `.repeat(20),
      }),
    );
    await Promise.all(appends);
    await store.close(); // checkpoints the WAL into the file: the damage below hits real pages
    return { dir, db, size: statSync(db).size };
  }
  const garbage = (file: string, at: number, length: number): void => {
    const fd = openSync(file, 'r+');
    writeSync(fd, Buffer.alloc(length, 0xa5), 0, length, at);
    closeSync(fd);
  };
  const start = (dir: string) => refused(['--store', 'sqlite', '--data-dir', dir]);
  const advice =
    'restore it from a backup, or move it and its -wal and -shm files away to start with an empty history';

  it('whose header is overwritten is not a database', async () => {
    const { dir, db } = await dataDir();
    garbage(db, 0, 100);
    expect(await start(dir)).toBe(
      `parley: the database ${db} is damaged (file is not a database): ${advice}`,
    );
  });

  it('that was truncated is malformed', async () => {
    const { dir, db, size } = await dataDir();
    truncateSync(db, Math.floor(size / 2));
    expect(await start(dir)).toBe(
      `parley: the database ${db} is damaged (database disk image is malformed): ${advice}`,
    );
  });

  it('with damaged pages in the middle is found by the check at start', async () => {
    const { dir, db, size } = await dataDir();
    const page = 4096;
    garbage(db, Math.floor(size / 2 / page) * page, 3 * page);
    expect(await start(dir)).toMatch(
      new RegExp(`^parley: the database ${db} is damaged \\(.+\\): ${advice}$`),
    );
  });

  it('opens again when it was cleanly made (the checks refuse only damage)', async () => {
    const { dir } = await dataDir();
    // --port in use makes the start fail after the store opened: the store itself was accepted.
    const blocker = net.createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
    const port = (blocker.address() as net.AddressInfo).port;
    const line = await refused(['--store', 'sqlite', '--data-dir', dir, '--port', String(port)]);
    expect(line).toContain(`port ${port} in use`);
    blocker.close();
  });
});
