// `parley chat` on a pipe: lines in are sent (or run as commands), messages out are plain lines, and the end of
// input waits for every acknowledgement before a clean quit.
import { spawn } from 'node:child_process';
import net from 'node:net';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ChatClient } from '../../src/client/index.js';
import { startTestServer } from '../support/server.js';
import type { TestServer } from '../support/server.js';
import { record } from '../client/support.js';
import { makeCertificate } from '../support/tls.js';
import { parleyArgs } from '../support/spawn.js';

const ROOT = path.resolve(import.meta.dirname, '../..');

/** Run `parley chat` with stdin fed from `input`; resolves with its output once it exits by itself. */
function chat(args: string[], input: string): Promise<{ code: number | null; out: string; err: string }> {
  const child = spawn(process.execPath, parleyArgs(['chat', ...args]), {
    cwd: ROOT,
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  child.stdout.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr.on('data', (d: Buffer) => (err += d.toString()));
  child.stdin.end(input);
  const bound = setTimeout(() => child.kill('SIGKILL'), 20_000); // only so that a broken build cannot hang the suite
  return new Promise((resolve) =>
    child.once('exit', (code) => {
      clearTimeout(bound);
      resolve({ code, out, err });
    }),
  );
}

describe('parley chat on a pipe', () => {
  let server: TestServer;
  let listener: ChatClient;
  const cert = makeCertificate();
  beforeAll(async () => {
    server = await startTestServer({ tlsCert: cert.certPath, tlsKey: cert.keyPath });
    listener = new ChatClient({ url: server.wsUrl, nick: 'listener', rooms: ['pipes'] });
    await listener.connect();
    await listener.join('pipes');
    await listener.send('pipes', 'already here');
  });
  afterAll(async () => {
    await listener.close();
    await server.close();
  });

  it('sends each line, runs commands, prints messages as plain lines, and quits at the end of input', async () => {
    const heard = record(listener, 'message');
    const presence = record(listener, 'presence');
    const input = ['first line', '/me pipes up', '//literal slash', '/topic piped', 'last line', ''].join(
      '\n',
    );
    const result = await chat(
      [`tcp://127.0.0.1:${server.tcpPort}`, '--nick', 'piper', '--room', 'pipes'],
      input,
    );
    expect(result.code).toBe(0);
    await presence.until((p) => p.kind === 'quit' && p.nick === 'piper', 'the quit');
    expect(presence.all.find((p) => p.kind === 'quit')).toMatchObject({ reason: 'quit' });
    expect(heard.all.filter((m) => m.from === 'piper').map((m) => m.text)).toEqual([
      'first line',
      '/me pipes up',
      '/literal slash',
      'last line',
    ]);
    const lines = result.out.trim().split('\n');
    expect(lines).toContain('[pipes] <listener> already here');
    expect(lines).toContain('[pipes] <piper> first line');
    expect(lines).toContain('[pipes] * piper pipes up');
    expect(lines).toContain('[pipes] -!- piper set the topic: piped');
    expect(result.err).toContain('parley: connected to tcp://127.0.0.1:');
  });

  it("without --room, talks in the server's default room, which the welcome names", async () => {
    const other = await startTestServer({ defaultRoom: 'general' });
    try {
      const watcher = new ChatClient({ url: other.wsUrl, nick: 'watcher', rooms: ['general'] });
      await watcher.connect();
      await watcher.join('general');
      const heard = record(watcher, 'message');
      const result = await chat(
        [`tcp://127.0.0.1:${other.tcpPort}`, '--nick', 'roomless'],
        'hello general\n',
      );
      expect(result.code).toBe(0);
      expect(watcher.defaultRoom).toBe('general');
      await heard.until((m) => m.from === 'roomless', 'the line');
      expect(heard.all.find((m) => m.from === 'roomless')).toMatchObject({
        room: 'general',
        text: 'hello general',
      });
      await watcher.close();
    } finally {
      await other.close();
    }
  });

  it('reports a default room the server refuses, and exits 1', async () => {
    const odd = await startTestServer({ defaultRoom: 'not a room' });
    try {
      const result = await chat([`tcp://127.0.0.1:${odd.tcpPort}`, '--nick', 'lost'], '');
      expect(result.code).toBe(1);
      expect(result.err).toMatch(/parley: .*\(invalid_room\)/);
    } finally {
      await odd.close();
    }
  });

  it('speaks TLS with --ca (a self-signed server) or --insecure, and refuses an unknown certificate', async () => {
    const heard = record(listener, 'message');
    const url = `tls://localhost:${server.tcpPort}`;
    const trusted = await chat(
      [url, '--ca', cert.certPath, '--nick', 'sealed', '--room', 'pipes'],
      'over tls\n',
    );
    expect(trusted.code).toBe(0);
    const loose = await chat([url, '--insecure', '--nick', 'loose', '--room', 'pipes'], 'insecurely\n');
    expect(loose.code).toBe(0);
    await heard.until((m) => m.text === 'insecurely', 'the second message');
    expect(heard.all.filter((m) => m.from !== 'listener').map((m) => [m.from, m.text])).toEqual([
      ['sealed', 'over tls'],
      ['loose', 'insecurely'],
    ]);
    const refused = await chat([url, '--nick', 'doubter', '--room', 'pipes'], 'hello?\n');
    expect(refused.code).toBe(1);
    expect(refused.err).toMatch(
      /cannot connect to tls:\/\/localhost:\d+: the connection failed: .*self[- ]signed/i,
    );
  });

  it('reports a failed send on standard error and exits 1', async () => {
    const result = await chat(
      [server.wsUrl, '--nick', 'failer', '--room', 'pipes'],
      '/msg nobody-at-all hello\n',
    );
    expect(result.code).toBe(1);
    expect(result.err).toContain('parley: nobody is called nobody-at-all (no_such_user)');
  });

  it('exits 1 with the reason when the server cannot be reached', async () => {
    const probe = net.createServer();
    await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
    const { port } = probe.address() as net.AddressInfo;
    await new Promise((resolve) => probe.close(resolve));
    const result = await chat([`tcp://127.0.0.1:${port}`, '--nick', 'lonely'], 'anyone?\n');
    expect(result.code).toBe(1);
    expect(result.err).toMatch(
      /parley: cannot connect to tcp:\/\/127\.0\.0\.1:\d+: the connection failed: .*ECONNREFUSED/,
    );
  });
});
