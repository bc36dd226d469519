// A server restart seen from the terminal client: "reconnecting" on the status line, a line typed while offline
// kept and sent once, and on return the messages missed meanwhile, resumed from the server's history.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ChatClient } from '../../src/client/index.js';
import { spawnServer } from '../support/spawn.js';
import type { SpawnedServer } from '../support/spawn.js';
import { record } from '../client/support.js';
import { Proxy } from './proxy.js';
import { Tmux } from './tmux.js';

describe('a server restart under the terminal client', () => {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'parley-tui-restart-'));
  const tmux = new Tmux();
  let server: SpawnedServer | undefined;
  let proxy: Proxy | undefined;
  let peer: ChatClient | undefined;

  afterAll(async () => {
    tmux.kill();
    await peer?.close();
    proxy?.close();
    server?.child.kill('SIGKILL');
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('shows reconnecting, keeps what was typed, and recovers with the missed messages', async () => {
    const args = ['--store', 'sqlite', '--data-dir', dataDir];
    server = await spawnServer(args);
    const ports = ['--port', String(server.tcpPort), '--http-port', String(server.httpPort)];
    // The terminal client reaches the server through a proxy, so that the test decides when it may come back:
    // after the peer has said what it was to miss.
    proxy = new Proxy(server.tcpPort);
    await proxy.open();
    peer = new ChatClient({
      url: server.wsUrl,
      nick: 'peer',
      rooms: ['ops'],
      reconnect: { maxDelayMs: 200 },
    });
    const peerMessages = record(peer, 'message');
    await peer.connect();
    await peer.join('ops');
    tmux.chat('tui', [
      `tcp://127.0.0.1:${proxy.port}`,
      '--nick',
      'oncall',
      '--room',
      'ops',
      '--retry-max',
      '0.5',
    ]);
    await tmux.waitFor('tui', 'joined ops');
    await peer.send('ops', 'all quiet before the restart');
    await tmux.waitFor('tui', '<peer> all quiet before the restart');

    proxy.stopListening();
    server.child.kill('SIGTERM');
    await server.exited;
    await tmux.waitFor('tui', 'disconnected: the server is shutting down; reconnecting');
    await tmux.waitFor('tui', (s) => /reconnecting( in \d+ s|…)/.test(s.split('\n').at(-3)!));
    tmux.type('tui', 'typed while the server was down');
    tmux.press('tui', 'Enter');
    await tmux.waitFor('tui', '<oncall> typed while the server was down (sending…)');
    expect(tmux.screen('tui')).toContain('1 queued');

    server = await spawnServer([...args, ...ports]);
    const peerStates = record(peer, 'state');
    await peerStates.until((s) => s.state === 'connected', 'the peer reconnecting');
    for (const text of ['missed one', 'missed two', 'missed three']) await peer.send('ops', text);

    await proxy.open();
    const screen = await tmux.waitFor('tui', '<oncall> typed while the server was down\n');
    for (const text of [
      '<peer> missed one',
      '<peer> missed two',
      '<peer> missed three',
      'caught up: 3 messages',
    ]) {
      expect(screen).toContain(text);
    }
    const at = (text: string): number => screen.indexOf(text);
    expect(at('missed one')).toBeLessThan(at('missed two'));
    expect(at('missed three')).toBeLessThan(at('<oncall> typed while the server was down\n'));
    // Each message once, nothing left pending.
    expect(screen.split('missed two').length).toBe(2);
    expect(screen).not.toContain('(sending…)');
    expect(screen).not.toContain('queued');
    expect(screen).toContain(' oncall  connected ');
    await peerMessages.until((m) => m.from === 'oncall', 'the line typed offline');
    expect(peerMessages.all.filter((m) => m.from === 'oncall').map((m) => m.text)).toEqual([
      'typed while the server was down',
    ]);
  });
});
