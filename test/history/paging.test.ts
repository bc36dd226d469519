// The history command: paging forward and backward by sequence, limits, page size by bytes, direct
// conversations, and a coded error for every bad request.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TcpTestClient } from '../support/clients.js';
import { startTestServer } from '../support/server.js';
import type { TestServer } from '../support/server.js';
import { messagesOf, pageForward, range, sendMany, tempDataDir, texts } from './support.js';

type Json = Record<string, unknown>;
const seqs = (messages: Json[]) => messages.map((m) => m.seq as number);

describe('paging through 10,000 messages', () => {
  let server: TestServer;
  let reader: TcpTestClient;
  const total = 10_000;

  beforeAll(async () => {
    server = await startTestServer({ store: 'sqlite', dataDir: tempDataDir() });
    const writer = await TcpTestClient.open(server.tcpPort);
    await writer.connect('writer');
    await writer.join('archive');
    for (let from = 1; from <= total; from += 2500) await sendMany(writer, 'archive', texts('n', 2500, from));
    writer.close();
    reader = await TcpTestClient.open(server.tcpPort);
    await reader.connect('reader');
  });
  afterAll(async () => {
    reader.close();
    await server.close();
  });

  it('forward from after=0 to the end, page by page, each page at most the server maximum', async () => {
    const pages = await pageForward(reader, { room: 'archive' });
    expect(pages).toHaveLength(total / 500);
    for (const page of pages) expect((page.messages as Json[]).length).toBe(500);
    const all = messagesOf(pages);
    expect(seqs(all)).toEqual(range(1, total));
    expect(all[0]).toMatchObject({
      action: 'chat',
      room: 'archive',
      from: 'writer',
      message: 'n 1',
      history: true,
    });
    expect(pages.map((p) => p.hasMore)).toEqual([...Array(pages.length - 1).fill(true), false]);
    expect(pages[0]).toMatchObject({ re: 'history', room: 'archive', first: 1, last: 500 });
  });

  it('backward from the newest with before=first, pages ascending within, until nothing older', async () => {
    const collected: number[][] = [];
    let before: number | undefined;
    for (let i = 0; i < 1000; i++) {
      const page = await reader.request({ action: 'history', room: 'archive', limit: 300, before });
      const pageSeqs = seqs(page.messages as Json[]);
      collected.push(pageSeqs);
      expect(pageSeqs).toEqual([...pageSeqs].sort((a, b) => a - b));
      if (!page.hasMore) break;
      before = page.first as number;
    }
    expect(collected[0]).toEqual(range(total - 299, total));
    expect(collected.reverse().flat()).toEqual(range(1, total));
  });

  it('caps the limit at maxHistoryPage and honours smaller ones', async () => {
    const capped = await reader.request({ action: 'history', room: 'archive', after: 0, limit: 100_000 });
    expect((capped.messages as Json[]).length).toBe(500);
    const small = await reader.request({ action: 'history', room: 'archive', after: 0, limit: 7 });
    expect(seqs(small.messages as Json[])).toEqual(range(1, 7));
    expect(small).toMatchObject({ first: 1, last: 7, hasMore: true });
  });

  it('reads a range between after and before', async () => {
    const page = await reader.request({ action: 'history', room: 'archive', after: 100, before: 200 });
    expect(seqs(page.messages as Json[])).toEqual(range(101, 199));
    expect(page.hasMore).toBe(false);
    const part = await reader.request({
      action: 'history',
      room: 'archive',
      after: 100,
      before: 200,
      limit: 10,
    });
    expect(seqs(part.messages as Json[])).toEqual(range(101, 110));
    expect(part.hasMore).toBe(true);
  });

  it('answers an empty page past the end, and for a room that never had messages', async () => {
    for (const request of [
      { room: 'archive', after: total },
      { room: 'archive', after: total + 5000 },
      { room: 'nobody-here' },
    ]) {
      const page = await reader.request({ action: 'history', ...request });
      expect(page).toMatchObject({ action: 'ok', messages: [], first: null, last: null, hasMore: false });
    }
  });

  it.each([
    [{ room: 'archive', before: -1 }, 'invalid_message', /before/],
    [{ room: 'archive', after: 1.5 }, 'invalid_message', /after/],
    [{ room: 'archive', after: '10' }, 'invalid_message', /after/],
    [{ room: 'archive', before: 2 ** 60 }, 'invalid_message', /before/],
    [{ room: 'archive', limit: 0 }, 'invalid_message', /limit/],
    [{ room: 'archive', limit: -3 }, 'invalid_message', /limit/],
    [{ room: 'archive', before: 0 }, 'invalid_cursor', /at least 1/],
    [{ room: 'archive', after: 5, before: 6 }, 'invalid_cursor', /greater than after \+ 1/],
    [{ room: 'archive', after: 9, before: 3 }, 'invalid_cursor', /greater than after \+ 1/],
    [{}, 'invalid_message', /exactly one of room/],
    [{ room: 'archive', with: 'writer' }, 'invalid_message', /exactly one of room/],
    [{ room: 'no spaces' }, 'invalid_room', /room name/],
    [{ with: 'bad nick!' }, 'invalid_nick', /nickname/],
  ])('refuses %j with %s', async (request, code, text) => {
    const answer = await reader.request({ action: 'history', id: 'h', ...request });
    expect(answer).toMatchObject({ action: 'error', id: 'h', re: 'history', code });
    expect(answer.message).toMatch(text);
  });
});

describe('history pages', () => {
  it('end early when long messages would exceed the output budget, and paging still reaches the end', async () => {
    const server = await startTestServer({ maxOutbound: '64KiB' });
    const c = await TcpTestClient.open(server.tcpPort);
    await c.connect('longwinded');
    await c.join('essays');
    // Ten at a time, so that the sender's own acks stay under its output limit.
    for (let from = 1; from <= 100; from += 10) {
      await sendMany(
        c,
        'essays',
        range(from, from + 9).map((i) => `${i} ${'y'.repeat(3900)}`),
      );
    }
    const first = await c.request({ action: 'history', room: 'essays', after: 0 });
    const count = (first.messages as Json[]).length;
    expect(count).toBeGreaterThan(0);
    expect(count).toBeLessThan(100);
    expect(first.hasMore).toBe(true);
    const pages = await pageForward(c, { room: 'essays' });
    expect(seqs(messagesOf(pages))).toEqual(range(1, 100));
    expect(c.closed).toBe(false);
    c.close();
    await server.close();
  });

  it('read a direct conversation from either side, and only its two people', async () => {
    const server = await startTestServer();
    const [ann, ben, cat] = await Promise.all(
      ['Ann', 'ben', 'cat'].map(() => TcpTestClient.open(server.tcpPort)),
    );
    await ann!.connect('Ann');
    await ben!.connect('ben');
    await cat!.connect('cat');
    for (const i of range(1, 5)) {
      await ann!.request({ action: 'dm', to: 'ben', message: `a${i}` });
      await ben!.request({ action: 'dm', to: 'ann', message: `b${i}` });
    }
    await cat!.request({ action: 'dm', to: 'ann', message: 'hello ann' });
    const fromAnn = await ann!.request({ action: 'history', with: 'BEN' });
    expect(fromAnn).toMatchObject({ re: 'history', with: 'BEN', first: 1, last: 10, hasMore: false });
    const messages = fromAnn.messages as Json[];
    expect(messages.map((m) => m.message)).toEqual([
      'a1',
      'b1',
      'a2',
      'b2',
      'a3',
      'b3',
      'a4',
      'b4',
      'a5',
      'b5',
    ]);
    expect(messages[0]).toMatchObject({ action: 'dm', from: 'Ann', to: 'ben', seq: 1, history: true });
    const fromBen = await ben!.request({ action: 'history', with: 'Ann', after: 8 });
    expect((fromBen.messages as Json[]).map((m) => m.message)).toEqual(['a5', 'b5']);
    // cat's conversation with Ann is a different one: cat sees only its own message.
    const fromCat = await cat!.request({ action: 'history', with: 'ann' });
    expect((fromCat.messages as Json[]).map((m) => m.message)).toEqual(['hello ann']);
    for (const c of [ann, ben, cat]) c!.close();
    await server.close();
  });
});
