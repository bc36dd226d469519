// Scrolling back: older history loads when the reader scrolls up, without moving what they are reading; new
// messages do not pull a reader who scrolled back down to the bottom, but follow one who is at the bottom.
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TcpTestClient } from '../support/clients.js';
import { startTestServer } from '../support/server.js';
import type { TestServer } from '../support/server.js';
import {
  countMessages,
  ensureWebBuilt,
  launchBrowser,
  newPage,
  screenshot,
  signIn,
  waitForMessage,
} from './harness.js';

const TOTAL = 180;

/** Where a message's text is, relative to the top of the list's visible area. */
function offsetInList(page: Page, text: string): Promise<number> {
  return page.locator('.messages').evaluate((list, wanted) => {
    const node = Array.from(list.querySelectorAll('.message[data-mid] .text')).find(
      (n) => n.textContent === wanted,
    )!;
    return node.getBoundingClientRect().top - list.getBoundingClientRect().top;
  }, text);
}

function atBottom(page: Page): Promise<boolean> {
  return page
    .locator('.messages')
    .evaluate((list) => list.scrollHeight - list.scrollTop - list.clientHeight <= 48);
}

describe('scrolling through history in the web client', () => {
  let server: TestServer;
  let browser: Browser;
  let tcp: TcpTestClient;

  beforeAll(async () => {
    await ensureWebBuilt();
    server = await startTestServer();
    browser = await launchBrowser();
    tcp = await TcpTestClient.open(server.tcpPort);
    await tcp.connect('archivist');
    await tcp.join('lobby');
    for (let i = 1; i <= TOTAL; i++)
      tcp.send({ action: 'chat', room: 'lobby', message: `message ${i}`, id: i });
    await tcp.next({ action: 'chat', id: TOTAL });
  }, 60_000);
  afterAll(async () => {
    tcp?.close();
    await browser?.close();
    await server?.close();
  });

  it('loads older pages on scrolling up, keeps the reader in place, and does not yank them down', async () => {
    const { page, errors } = await newPage(browser);
    await signIn(page, server.httpUrl, 'reader');
    expect(await waitForMessage(page, `message ${TOTAL}`)).toBe(1);
    expect(await atBottom(page)).toBe(true);
    const first = await page.locator('.message[data-mid]').first().locator('.text').textContent();
    expect(first).not.toBe('message 1');

    // Up to the top; the page before arrives above, and the message that was first stays where it was.
    const list = page.locator('.messages');
    const before = await list.evaluate((node, wanted) => {
      node.scrollTop = 0;
      // Measured in the same task, before the scroll event that asks for the page before can run.
      const text = Array.from(node.querySelectorAll('.message[data-mid] .text')).find(
        (n) => n.textContent === wanted,
      )!;
      return text.getBoundingClientRect().top - node.getBoundingClientRect().top;
    }, first!);
    await page.waitForFunction(
      (wanted) => document.querySelector('.message[data-mid] .text')?.textContent !== wanted,
      first,
    );
    // Scroll positions are whole device pixels: within one pixel is the same place.
    expect(Math.abs((await offsetInList(page, first!)) - before)).toBeLessThanOrEqual(1);
    await screenshot(page, 'history-loaded-above');

    // Keep going until the very first message; each round must bring older ones (bounded: 180 / 50 pages).
    for (let round = 0; round < 10 && (await countMessages(page, 'message 1')) === 0; round++) {
      const oldest = await page.locator('.message[data-mid] .text').first().textContent();
      await list.evaluate((node) => (node.scrollTop = 0));
      await page.waitForFunction(
        (wanted) => document.querySelector('.message[data-mid] .text')?.textContent !== wanted,
        oldest,
      );
    }
    expect(await countMessages(page, 'message 1')).toBe(1);
    await page.getByText('This is the beginning of the conversation.').waitFor();
    expect(await page.locator('.message[data-mid]').count()).toBe(TOTAL);

    // Reading back: a new message does not move the view; a button says it is there.
    await list.evaluate((node) => (node.scrollTop = 200));
    // The list has seen the reader leave the bottom once it offers the way back.
    await page.getByRole('button', { name: '↓ Jump to latest' }).waitFor();
    const reading = await page.locator('.message[data-mid] .text').nth(8).textContent();
    const readingAt = await offsetInList(page, reading!);
    tcp.send({ action: 'chat', room: 'lobby', message: 'news while you read' });
    expect(await waitForMessage(page, 'news while you read')).toBe(1);
    const jump = page.getByRole('button', { name: '↓ 1 new message' });
    await jump.waitFor();
    expect(Math.abs((await offsetInList(page, reading!)) - readingAt)).toBeLessThanOrEqual(1);
    expect(await atBottom(page)).toBe(false);
    await screenshot(page, 'new-message-while-reading-back');

    // Back at the bottom, the list follows what comes.
    await jump.click();
    expect(await atBottom(page)).toBe(true);
    tcp.send({ action: 'chat', room: 'lobby', message: 'and more news' });
    expect(await waitForMessage(page, 'and more news')).toBe(1);
    expect(await atBottom(page)).toBe(true);
    expect(errors).toEqual([]);
  });
});
