// The server restarts under an open page: the page shows the banner, a message typed meanwhile waits, and when the
// server is back (same ports, same SQLite history) the page recovers, shows what it missed once, and sends the
// waiting message once. The page is held offline while the server is back so that it really misses messages.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TcpTestClient } from '../support/clients.js';
import { spawnServer } from '../support/spawn.js';
import type { SpawnedServer } from '../support/spawn.js';
import {
  countMessages,
  ensureWebBuilt,
  joined,
  launchBrowser,
  newPage,
  say,
  screenshot,
  signIn,
  waitForMessage,
} from './harness.js';

describe('the web client across a server restart', () => {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'parley-web-restart-'));
  // No text port: its fixed default would collide with servers that other test files start at the same time.
  const configFile = path.join(dataDir, 'config.json');
  writeFileSync(configFile, JSON.stringify({ textPort: null }));
  const flags = ['--store', 'sqlite', '--data-dir', dataDir, '--config', configFile];
  let server: SpawnedServer | undefined;
  let browser: Browser;
  const clients: TcpTestClient[] = [];

  beforeAll(async () => {
    await ensureWebBuilt();
    browser = await launchBrowser();
  }, 60_000);
  afterAll(async () => {
    for (const client of clients) client.close();
    await browser?.close();
    server?.child.kill('SIGKILL');
  });

  async function tcpUser(): Promise<TcpTestClient> {
    const client = await TcpTestClient.open(server!.tcpPort);
    clients.push(client);
    await client.connect('hank');
    await client.join('lobby');
    return client;
  }

  it('shows the banner, recovers, and shows the missed messages once', async () => {
    server = await spawnServer(flags);
    const { tcpPort, httpPort } = server;
    const base = `http://127.0.0.1:${httpPort}`;
    const { page, errors } = await newPage(browser);
    await signIn(page, base, 'gina');
    let hank = await tcpUser();
    hank.send({ action: 'chat', room: 'lobby', message: 'before the restart' });
    expect(await waitForMessage(page, 'before the restart')).toBe(1);
    await say(page, 'gina was here');
    expect(await waitForMessage(page, 'gina was here')).toBe(1);

    server.child.kill('SIGTERM');
    expect(await server.exited).toBe(0);
    await page.locator('.banner', { hasText: 'Connection lost' }).waitFor();
    // Offline until the missed messages exist, so that the page cannot come back before. (Not earlier: Chromium's
    // offline mode also freezes an open WebSocket, and the page would not see the server go.)
    await page.context().setOffline(true);
    await say(page, 'typed while offline');
    await page.locator('.message.pending', { hasText: 'typed while offline' }).waitFor();
    await page.locator('.banner', { hasText: 'will be sent' }).waitFor();
    // Retrying while still offline fails, and the banner stays.
    await page.getByRole('button', { name: 'Retry now' }).click();
    await page.locator('.banner').waitFor();
    await screenshot(page, 'reconnecting-banner');

    server = await spawnServer([...flags, '--port', String(tcpPort), '--http-port', String(httpPort)]);
    hank = await tcpUser();
    hank.send({ action: 'chat', room: 'lobby', message: 'missed one' });
    hank.send({ action: 'chat', room: 'lobby', message: 'missed two' });
    await hank.next({ action: 'chat', message: 'missed two' });

    // Back online: the page reconnects at once (it listens for the browser's online event).
    await page.context().setOffline(false);
    await joined(page, 'gina');
    await page.locator('.banner').waitFor({ state: 'detached' });
    expect(await waitForMessage(page, 'missed one')).toBe(1);
    expect(await waitForMessage(page, 'missed two')).toBe(1);
    const sent = await hank.next({ action: 'chat', from: 'gina', message: 'typed while offline' });
    expect(sent.duplicate).toBeUndefined();
    expect(await waitForMessage(page, 'typed while offline')).toBe(1);

    // A barrier: once this arrives, everything sent before it has too; then nothing may be there twice.
    hank.send({ action: 'chat', room: 'lobby', message: 'after the recovery' });
    expect(await waitForMessage(page, 'after the recovery')).toBe(1);
    for (const text of [
      'before the restart',
      'gina was here',
      'missed one',
      'missed two',
      'typed while offline',
    ]) {
      expect(await countMessages(page, text), text).toBe(1);
    }
    expect(await page.locator('.message.pending').count()).toBe(0);
    await hank.next({ action: 'chat', message: 'after the recovery' });
    expect(hank.drain().filter((m) => m.message === 'typed while offline')).toEqual([]);
    const seqs = await page
      .locator('.message[data-seq]')
      .evaluateAll((nodes) => nodes.map((node) => Number(node.getAttribute('data-seq'))));
    expect(seqs).toEqual([...seqs].sort((a, b) => a - b));
    await screenshot(page, 'recovered-after-restart');
    // The only errors logged are the browser's own notes about the connections refused while offline.
    expect(errors.filter((e) => !/WebSocket connection to .* failed/.test(e))).toEqual([]);
  });
});
