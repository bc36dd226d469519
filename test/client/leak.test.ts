// close() leaves nothing behind: a process that used the SDK (connected, retrying, connecting) exits by itself.
import { spawn } from 'node:child_process';
import net from 'node:net';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer } from '../support/server.js';
import type { TestServer } from '../support/server.js';

const ROOT = path.resolve(import.meta.dirname, '../..');

/** A loopback port with nobody listening. */
async function deadPort(): Promise<number> {
  const probe = net.createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const { port } = probe.address() as net.AddressInfo;
  await new Promise((resolve) => probe.close(resolve));
  return port;
}

describe('after close()', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(() => server.close());

  it('no timers or sockets are left: the process exits by itself', async () => {
    const child = spawn(
      process.execPath,
      [
        '--import',
        'tsx',
        path.join(ROOT, 'test/client/fixtures/lifecycle.ts'),
        server.wsUrl,
        `tcp://127.0.0.1:${server.tcpPort}`,
        `tcp://127.0.0.1:${await deadPort()}`,
      ],
      { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let out = '';
    let err = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    // The bound only keeps a broken build from hanging the suite; a healthy run exits as soon as it is done.
    const bound = setTimeout(() => child.kill('SIGKILL'), 20_000);
    const code = await new Promise<number | string>((resolve) =>
      child.once('exit', (c, signal) => resolve(c ?? signal ?? -1)),
    );
    clearTimeout(bound);
    expect(err).toBe('');
    expect(code).toBe(0);
    expect(JSON.parse(out)).toEqual({ gaveUp: 'the client is closed', unsent: 'closed', late: 'closed' });
  });
});
