// A first visit opens the server's default room (--default-room, named in the welcome), not a fixed one.
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TcpTestClient } from '../support/clients.js';
import { startTestServer } from '../support/server.js';
import type { TestServer } from '../support/server.js';
import { ensureWebBuilt, launchBrowser, newPage, say, signIn } from './harness.js';

describe('the web client on a server with its own default room', () => {
  let server: TestServer;
  let browser: Browser;

  beforeAll(async () => {
    await ensureWebBuilt();
    server = await startTestServer({ defaultRoom: 'general' });
    browser = await launchBrowser();
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('opens that room on a first visit and talks there', async () => {
    const listener = await TcpTestClient.open(server.tcpPort);
    await listener.connect('listener');
    await listener.join('general');
    const { page, errors } = await newPage(browser);
    await signIn(page, server.httpUrl, 'visitor');
    await page.locator('.nav-item[data-key="room:general"]').waitFor();
    expect(await page.locator('.nav-item[data-key="room:lobby"]').count()).toBe(0);
    await say(page, 'hello from the web');
    expect(await listener.next({ action: 'chat', from: 'visitor' })).toMatchObject({
      room: 'general',
      message: 'hello from the web',
    });
    expect(errors).toEqual([]);
    listener.close();
  });
});
