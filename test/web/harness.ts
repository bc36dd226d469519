// The web client's test harness: build the page once if needed, drive Debian's Chromium with playwright-core (never a
// downloaded browser), save screenshots where a person can look at them, and a few page helpers.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, rmdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { chromium } from 'playwright-core';
import type { Browser, BrowserContextOptions, Page } from 'playwright-core';

const ROOT = path.resolve(import.meta.dirname, '../..');
/** Where screenshots go (git-ignored). */
export const SHOTS_DIR = path.join(ROOT, 'test-output/web');
/** The browser: Debian's `chromium` package (.ci/run installs it), or PARLEY_CHROMIUM. */
export const CHROMIUM = process.env.PARLEY_CHROMIUM ?? '/usr/bin/chromium';
/** Upper bound on any one wait in these tests: generous, since it only bounds a failure. */
export const WAIT_MS = 15_000;

const WEB_DIST_INDEX = path.join(ROOT, 'web/dist/index.html');
const SOURCES = [
  'web/index.html',
  'web/vite.config.ts',
  'web/src',
  'web/public',
  'src/client',
  'src/protocol',
];

function newestMtime(target: string): number {
  if (!existsSync(target)) return 0;
  const info = statSync(target);
  if (!info.isDirectory()) return info.mtimeMs;
  let newest = info.mtimeMs;
  for (const entry of readdirSync(target)) newest = Math.max(newest, newestMtime(path.join(target, entry)));
  return newest;
}

function webIsFresh(): boolean {
  if (!existsSync(WEB_DIST_INDEX)) return false;
  const built = statSync(WEB_DIST_INDEX).mtimeMs;
  return SOURCES.every((source) => newestMtime(path.join(ROOT, source)) <= built);
}

/**
 * Build web/dist unless it is newer than its sources (CI's `npm ci` has built it through `prepare`). Test files run
 * in parallel processes: a lock directory makes one of them build while the others wait for it.
 */
export async function ensureWebBuilt(): Promise<void> {
  mkdirSync(SHOTS_DIR, { recursive: true });
  const lock = path.join(SHOTS_DIR, '.build-lock');
  for (let attempt = 0; attempt < 600; attempt++) {
    if (webIsFresh()) return;
    try {
      mkdirSync(lock);
    } catch {
      await new Promise((resolve) => setTimeout(resolve, 100));
      continue;
    }
    try {
      if (!webIsFresh()) {
        execFileSync(path.join(ROOT, 'node_modules/.bin/vite'), ['build', 'web', '--logLevel', 'warn'], {
          cwd: ROOT,
          stdio: 'inherit',
          // Vitest sets NODE_ENV=test, which would give a development build (with Preact's debug checks).
          env: { ...process.env, NODE_ENV: 'production' },
        });
      }
    } finally {
      rmdirSync(lock);
    }
    return;
  }
  throw new Error(`web/dist is not built and ${lock} stayed locked; remove it and run npx vite build web`);
}

/** Launch Chromium headless, with nothing that talks to the network on its own. */
export async function launchBrowser(): Promise<Browser> {
  if (!existsSync(CHROMIUM)) {
    throw new Error(`no browser at ${CHROMIUM}: apt-get install chromium (or set PARLEY_CHROMIUM)`);
  }
  return chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}

/** A page in a context of its own (its own localStorage: one person), and the errors it logs. */
export async function newPage(
  browser: Browser,
  options: BrowserContextOptions = {},
): Promise<{ page: Page; errors: string[] }> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, ...options });
  const page = await context.newPage();
  page.setDefaultTimeout(WAIT_MS);
  const errors: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error') errors.push(message.text());
  });
  page.on('pageerror', (error) => errors.push(String(error)));
  return { page, errors };
}

/** Open the page, pick a nick, and wait until the default room is joined. */
export async function signIn(page: Page, baseUrl: string, nick: string): Promise<void> {
  await page.goto(baseUrl);
  await page.getByLabel('Nickname').fill(nick);
  await page.getByRole('button', { name: 'Start chatting' }).click();
  await joined(page, nick);
}

/** Wait until the page is connected and lists this nick among the open room's members. */
export async function joined(page: Page, nick: string): Promise<void> {
  await page.locator('.chat[data-connection="connected"]').waitFor();
  await page.locator(`.members [data-member="${nick}"]`).waitFor({ state: 'attached' });
}

/** Type a message in the composer and press Enter. */
export async function say(page: Page, text: string): Promise<void> {
  const box = page.locator('.composer textarea');
  await box.fill(text);
  await box.press('Enter');
}

const STORED = '.message[data-mid] .text';

/** How many stored (acknowledged) messages have exactly this text. */
export function countMessages(page: Page, text: string): Promise<number> {
  return page
    .locator(STORED)
    .evaluateAll((nodes, wanted) => nodes.filter((node) => node.textContent === wanted).length, text);
}

/** Wait for a stored message with exactly this text, and return how many there are. */
export async function waitForMessage(page: Page, text: string): Promise<number> {
  await page.waitForFunction(
    ([selector, wanted]) =>
      Array.from(document.querySelectorAll(selector)).some((node) => node.textContent === wanted),
    [STORED, text] as const,
    { timeout: WAIT_MS },
  );
  return countMessages(page, text);
}

/** Save a screenshot as test-output/web/<name>.png. */
export async function screenshot(page: Page, name: string): Promise<string> {
  const file = path.join(SHOTS_DIR, `${name}.png`);
  await page.screenshot({ path: file });
  return file;
}
