// The layout from a phone (390x844) to a maximised desktop window (1440x900), light and dark, and the keyboard.
// Screenshots of each state go to test-output/web/ for a person to look at.
import type { Browser, Page } from 'playwright-core';
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

const LONG_WORD = `https://example.com/${'a-very-long-path-segment-'.repeat(12)}end`;

/** Nothing sticks out sideways: no horizontal scrolling of the page. */
function overflowsSideways(page: Page): Promise<boolean> {
  return page.evaluate(() => document.documentElement.scrollWidth > window.innerWidth);
}

function box(page: Page, selector: string) {
  return page.locator(selector).boundingBox();
}

describe('the web client layout', () => {
  let server: TestServer;
  let browser: Browser;
  let tcp: TcpTestClient;

  beforeAll(async () => {
    await ensureWebBuilt();
    server = await startTestServer();
    browser = await launchBrowser();
    tcp = await TcpTestClient.open(server.tcpPort);
    await tcp.connect('oscar');
    await tcp.join('lobby');
    await tcp.request({
      action: 'topic',
      room: 'lobby',
      topic: 'Everything about parley: releases, questions, ideas',
    });
    const lines = [
      'Morning! Anyone tried the new web client?',
      'Yes, it follows the system theme.',
      `A long link that must wrap: ${LONG_WORD}`,
      'Multi-line works too:\n- first point\n- second point',
    ];
    for (const [i, message] of lines.entries()) tcp.send({ action: 'chat', room: 'lobby', message, id: i });
    await tcp.next({ action: 'chat', id: lines.length - 1 });
  }, 60_000);
  afterAll(async () => {
    tcp?.close();
    await browser?.close();
    await server?.close();
  });

  it('fits a phone: one column, the rooms and members as panels', async () => {
    const { page, errors } = await newPage(browser, {
      viewport: { width: 390, height: 844 },
      isMobile: true,
      hasTouch: true,
    });
    await signIn(page, server.httpUrl, 'phone-pat');
    await say(page, 'typing on a phone');
    expect(await waitForMessage(page, 'typing on a phone')).toBe(1);
    expect(await page.locator('.sidebar').isVisible()).toBe(false);
    expect(await page.locator('.members').isVisible()).toBe(false);
    expect(await overflowsSideways(page)).toBe(false);
    const composer = (await box(page, '.composer'))!;
    expect(composer.y + composer.height).toBeLessThanOrEqual(844);
    expect(composer.width).toBeLessThanOrEqual(390);
    await screenshot(page, 'phone-390x844');

    await page.getByRole('button', { name: 'Rooms and conversations' }).click();
    await page.locator('.sidebar').waitFor();
    await screenshot(page, 'phone-390x844-rooms');
    await page.locator('.nav-item[data-key="room:lobby"] button.target').click();
    await page.locator('.sidebar').waitFor({ state: 'hidden' });

    await page.getByRole('button', { name: 'Members' }).click();
    await page.locator('.members [data-member="oscar"]').waitFor();
    await screenshot(page, 'phone-390x844-members');
    await page.keyboard.press('Escape');
    await page.locator('.members').waitFor({ state: 'hidden' });
    expect(errors).toEqual([]);
  });

  it('uses a maximised desktop window: sidebar, conversation and members side by side', async () => {
    const { page, errors } = await newPage(browser, { viewport: { width: 1440, height: 900 } });
    await signIn(page, server.httpUrl, 'desk-dana');
    await page.getByLabel('Join or create a room').fill('design');
    await page.getByLabel('Join or create a room').press('Enter');
    await joined(page, 'desk-dana');
    await page.locator('.nav-item[data-key="room:lobby"] button.target').click();
    await waitForMessage(page, 'Yes, it follows the system theme.');
    const [sidebar, main, members] = await Promise.all([
      box(page, '.sidebar'),
      box(page, '.main'),
      box(page, '.members'),
    ]);
    expect(sidebar!.x + sidebar!.width).toBeLessThanOrEqual(main!.x);
    expect(main!.x + main!.width).toBeLessThanOrEqual(members!.x);
    expect(members!.x + members!.width).toBeLessThanOrEqual(1440);
    expect(await overflowsSideways(page)).toBe(false);
    await screenshot(page, 'desktop-1440x900');

    // The keyboard: Alt+Down opens the next conversation, and the composer is ready to type in.
    await page.keyboard.press('Alt+ArrowDown');
    await page.locator('.conv-header h1', { hasText: '#design' }).waitFor();
    await page.locator('.composer textarea:focus').waitFor();
    await page.keyboard.type('typed without touching the mouse');
    await page.keyboard.press('Enter');
    expect(await waitForMessage(page, 'typed without touching the mouse')).toBe(1);
    await page.keyboard.press('Alt+ArrowUp');
    await page.locator('.conv-header h1', { hasText: '#lobby' }).waitFor();
    expect(errors).toEqual([]);
  });

  it('follows the system’s dark preference', async () => {
    const light = await newPage(browser, { viewport: { width: 1440, height: 900 }, colorScheme: 'light' });
    const dark = await newPage(browser, { viewport: { width: 1440, height: 900 }, colorScheme: 'dark' });
    await signIn(light.page, server.httpUrl, 'light-lee');
    await signIn(dark.page, server.httpUrl, 'dark-dee');
    await waitForMessage(dark.page, 'Yes, it follows the system theme.');
    const background = (page: Page) => page.evaluate(() => getComputedStyle(document.body).backgroundColor);
    expect(await background(light.page)).toBe('rgb(246, 247, 249)');
    expect(await background(dark.page)).toBe('rgb(23, 25, 29)');
    await screenshot(dark.page, 'desktop-1440x900-dark');
    expect(light.errors).toEqual([]);
    expect(dark.errors).toEqual([]);
  });
});
