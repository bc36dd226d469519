// Helpers for the history tests: bulk sending, waiting on a client's stream in arrival order, paging.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll } from 'vitest';
import { TcpTestClient } from '../support/clients.js';
import type { TestClient } from '../support/clients.js';
import { startTestServer } from '../support/server.js';
import type { TestServer } from '../support/server.js';
import type { ServerOptions } from '../../src/server/config.js';

type Json = Record<string, unknown>;

const tempDirs: string[] = [];
// Registered while the importing test file is collected, so it runs after that file's own afterAll hooks have
// closed its servers.
afterAll(() => {
  for (const dir of tempDirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** A fresh temporary data directory for an SQLite store, removed after the test file. */
export function tempDataDir(): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'parley-history-'));
  tempDirs.push(dir);
  return dir;
}

/** The integers from..to inclusive. */
export function range(from: number, to: number): number[] {
  return Array.from({ length: Math.max(0, to - from + 1) }, (_, i) => from + i);
}

/** Resolve after ms milliseconds. */
export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/**
 * Wait until the messages a client has received (and no request took) satisfy a condition. They stay in
 * client.received in arrival order, which is what the ordering checks need. Polls, a bounded number of times.
 */
export async function waitUntil(
  client: TestClient,
  done: (received: Json[]) => boolean,
  what: string,
  timeoutMs = 20_000,
): Promise<Json[]> {
  const pollMs = 5;
  for (let i = 0; i < timeoutMs / pollMs; i++) {
    if (done(client.received)) return client.received;
    if (client.closed) break;
    await sleep(pollMs);
  }
  const tail = JSON.stringify(client.received.slice(-5)).slice(0, 1500);
  throw new Error(`gave up waiting for ${what} (closed: ${client.closed}); last received: ${tail}`);
}

/** Whether a message is a room chat event (history or live) that is not an answer to this client's request. */
export function isRoomEvent(room: string): (m: Json) => boolean {
  return (m) => m.action === 'chat' && m.room === room && m.id === undefined;
}

/**
 * Send many chat messages without waiting in between (ids `${tag}:${i}`), then wait for every acknowledgement
 * and take them out of the client's queue. Acks come in send order, so waiting for the last one is enough.
 */
export async function sendMany(
  client: TestClient,
  room: string,
  texts: string[],
  options: { tag?: string; keys?: string[] } = {},
): Promise<Json[]> {
  const tag = options.tag ?? 'bulk';
  texts.forEach((message, i) =>
    client.send({ action: 'chat', id: `${tag}:${i}`, room, message, ...keyAt(options.keys, i) }),
  );
  const lastId = `${tag}:${texts.length - 1}`;
  await waitUntil(client, (r) => r.some((m) => m.id === lastId), `the ack of ${lastId}`, 60_000);
  return takeWhere(client, (m) => typeof m.id === 'string' && m.id.startsWith(`${tag}:`));
}

function keyAt(keys: string[] | undefined, i: number): { key?: string } {
  const key = keys?.[i];
  return key === undefined ? {} : { key };
}

/** Remove and return the received messages matching a predicate, in arrival order. */
export function takeWhere(client: TestClient, predicate: (m: Json) => boolean): Json[] {
  const taken = client.received.filter(predicate);
  const kept = client.received.filter((m) => !predicate(m));
  client.received.splice(0, client.received.length, ...kept);
  return taken;
}

/** Texts "prefix 1", "prefix 2", ... */
export function texts(prefix: string, count: number, from = 1): string[] {
  return range(from, from + count - 1).map((i) => `${prefix} ${i}`);
}

/** Page forward through a room (or a conversation) from after=0 to the end; returns every page's answer. */
export async function pageForward(client: TestClient, where: Json, limit?: number): Promise<Json[]> {
  const pages: Json[] = [];
  let after = 0;
  for (let i = 0; i < 10_000; i++) {
    const page = await client.request({ action: 'history', ...where, after, ...(limit ? { limit } : {}) });
    if (page.action !== 'ok') throw new Error(`history failed: ${JSON.stringify(page)}`);
    pages.push(page);
    if (!page.hasMore) return pages;
    after = page.last as number;
  }
  throw new Error('paging did not end');
}

/** Every message of some pages, in page order. */
export function messagesOf(pages: Json[]): Json[] {
  return pages.flatMap((p) => p.messages as Json[]);
}

const servers: TestServer[] = [];
const clients: TestClient[] = [];

/** Close every client and server this test file made (register with afterEach). */
export async function closeAll(): Promise<void> {
  for (const c of clients.splice(0)) c.close();
  await Promise.all(servers.splice(0).map((s) => s.close()));
}

/** Close this client with the others after the test. */
export function track<C extends TestClient>(c: C): C {
  clients.push(c);
  return c;
}

/** Start a server that closeAll stops. */
export async function serve(options: ServerOptions = {}): Promise<TestServer> {
  const server = await startTestServer(options);
  servers.push(server);
  return server;
}

/** A TCP client with this nick, in this room (its join replay finished) when one is given. */
export async function client(server: TestServer, nick: string, room?: string): Promise<TcpTestClient> {
  const c = track(await TcpTestClient.open(server.tcpPort));
  await c.connect(nick);
  if (room) {
    await c.join(room);
    await c.next('replayed');
  }
  return c;
}
