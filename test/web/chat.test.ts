// The web client in a real Chromium against a real server: two pages chat, a TCP client's message shows up, a
// reload keeps history and the nick, markup stays text, links work, Shift+Enter makes a new line, DMs and topics.
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TcpTestClient } from '../support/clients.js';
import { startTestServer } from '../support/server.js';
import type { TestServer } from '../support/server.js';
import {
  ensureWebBuilt,
  joined,
  launchBrowser,
  newPage,
  say,
  screenshot,
  signIn,
  waitForMessage,
} from './harness.js';

describe('the web client', () => {
  let server: TestServer;
  let browser: Browser;
  let tcp: TcpTestClient | undefined;

  beforeAll(async () => {
    await ensureWebBuilt();
    server = await startTestServer();
    browser = await launchBrowser();
  }, 60_000);
  afterAll(async () => {
    tcp?.close();
    await browser?.close();
    await server?.close();
  });

  it('lets two people chat, and shows a TCP client’s message', async () => {
    const alice = await newPage(browser);
    const bob = await newPage(browser);
    await signIn(alice.page, server.httpUrl, 'alice');
    await signIn(bob.page, server.httpUrl, 'bob');
    await alice.page.locator('.members [data-member="bob"]').waitFor();

    await say(alice.page, 'hello bob');
    expect(await waitForMessage(bob.page, 'hello bob')).toBe(1);
    await say(bob.page, 'hi alice, see https://example.com/docs.');
    expect(await waitForMessage(alice.page, 'hi alice, see https://example.com/docs.')).toBe(1);
    const link = alice.page.locator('.message .text a', { hasText: 'https://example.com/docs' });
    expect(await link.getAttribute('href')).toBe('https://example.com/docs');
    expect(await link.getAttribute('rel')).toContain('noopener');

    tcp = await TcpTestClient.open(server.tcpPort);
    await tcp.connect('terminal-tom');
    await tcp.join('lobby');
    await alice.page.locator('.members [data-member="terminal-tom"]').waitFor();
    tcp.send({ action: 'chat', room: 'lobby', message: 'hello from a TCP client' });
    expect(await waitForMessage(alice.page, 'hello from a TCP client')).toBe(1);
    expect(await waitForMessage(bob.page, 'hello from a TCP client')).toBe(1);
    const group = alice.page.locator('.group', { hasText: 'hello from a TCP client' });
    expect(await group.locator('.from').textContent()).toBe('terminal-tom');
    await tcp.next({ action: 'chat', message: 'hello bob' });
    tcp.send({ action: 'chat', room: 'lobby', message: '/me waves from the terminal' });
    expect(await waitForMessage(alice.page, '* terminal-tom waves from the terminal')).toBe(1);

    // Shift+Enter is a new line; Enter sends both lines as one message.
    const box = alice.page.locator('.composer textarea');
    await box.fill('first line');
    await box.press('Shift+Enter');
    await box.pressSequentially('second line');
    await box.press('Enter');
    const multi = await tcp.next(
      (m) => m.action === 'chat' && m.from === 'alice' && m.message !== 'hello bob',
    );
    expect(multi.message).toBe('first line\nsecond line');
    expect(await waitForMessage(bob.page, 'first line\nsecond line')).toBe(1);
    await screenshot(bob.page, 'two-pages-chat');
    expect(alice.errors).toEqual([]);
    expect(bob.errors).toEqual([]);
  });

  it('shows markup in a message as text and runs none of it', async () => {
    const { page, errors } = await newPage(browser);
    await signIn(page, server.httpUrl, 'carol');
    const attack =
      '<img src=x onerror="window.__owned=1;document.title=\'owned\'"><script>window.__owned=2</script>';
    tcp!.send({ action: 'chat', room: 'lobby', message: attack });
    expect(await waitForMessage(page, attack)).toBe(1);
    await say(page, '<b>bold?</b> <a href="javascript:alert(1)">x</a>');
    expect(await waitForMessage(page, '<b>bold?</b> <a href="javascript:alert(1)">x</a>')).toBe(1);
    expect(await page.locator('.messages img, .messages script, .messages b').count()).toBe(0);
    expect(await page.locator('.messages a[href^="javascript"]').count()).toBe(0);
    expect(await page.evaluate(() => (window as { __owned?: number }).__owned)).toBeUndefined();
    expect(await page.title()).not.toBe('owned');
    await screenshot(page, 'markup-as-text');
    expect(errors).toEqual([]);
  });

  it('keeps the nick and the history across a reload', async () => {
    const { page, errors } = await newPage(browser);
    await signIn(page, server.httpUrl, 'dave');
    await say(page, 'written before the reload');
    expect(await waitForMessage(page, 'written before the reload')).toBe(1);
    await page.reload();
    // No nick screen: the remembered nick signs in, and the room's history comes back from the server.
    await joined(page, 'dave');
    expect(await waitForMessage(page, 'written before the reload')).toBe(1);
    expect(await waitForMessage(page, 'hello bob')).toBe(1);
    await screenshot(page, 'after-reload');
    expect(errors).toEqual([]);
  });

  it('opens direct messages from the member list, and edits the topic', async () => {
    const erin = await newPage(browser);
    const frank = await newPage(browser);
    await signIn(erin.page, server.httpUrl, 'erin');
    await signIn(frank.page, server.httpUrl, 'frank');

    await erin.page.locator('.members [data-member="frank"] button').click();
    await erin.page.locator('.conv-header h1', { hasText: 'frank' }).waitFor();
    await say(erin.page, 'just between us');
    expect(await waitForMessage(erin.page, 'just between us')).toBe(1);
    // Frank is in the lobby: the conversation appears in his sidebar with one unread message.
    const item = frank.page.locator('.nav-item[data-key="dm:erin"]');
    expect(await item.locator('.badge').textContent()).toBe('1');
    await item.locator('button.target').click();
    expect(await waitForMessage(frank.page, 'just between us')).toBe(1);

    await erin.page.locator('.nav-item[data-key="room:lobby"] button.target').click();
    await erin.page.getByRole('button', { name: 'Set a topic' }).click();
    await erin.page.getByLabel('Topic').fill('Friday: release day');
    await erin.page.getByLabel('Topic').press('Enter');
    await frank.page.locator('.nav-item[data-key="room:lobby"] button.target').click();
    await frank.page.locator('.conv-header .topic-view', { hasText: 'Friday: release day' }).waitFor();

    // Rooms: create one, see it in the list of rooms, leave it.
    await frank.page.getByLabel('Join or create a room').fill('release');
    await frank.page.getByLabel('Join or create a room').press('Enter');
    await joined(frank.page, 'frank');
    await frank.page.locator('.conv-header h1', { hasText: '#release' }).waitFor();
    await erin.page.getByRole('button', { name: 'Browse rooms' }).click();
    await erin.page.locator('.room-browser [data-room="release"]').click();
    await erin.page.locator('.conv-header h1', { hasText: '#release' }).waitFor();
    await frank.page.locator('.members [data-member="erin"]').waitFor();
    await screenshot(erin.page, 'rooms-and-topic');
    await frank.page.getByRole('button', { name: 'Leave', exact: true }).click();
    await erin.page.locator('.members [data-member="frank"]').waitFor({ state: 'detached' });
    expect(await frank.page.locator('.nav-item[data-key="room:release"]').count()).toBe(0);
    expect(erin.errors).toEqual([]);
    expect(frank.errors).toEqual([]);
  });
});
