// Start-up problems a user can fix are reported in one clear line that says how, with exit code 2.
import net from 'node:net';
import { spawn } from 'node:child_process';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parleyArgs } from '../support/spawn.js';

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
});
