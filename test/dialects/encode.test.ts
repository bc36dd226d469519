// Pure units: each dialect's encode on the hub's messages, including the forms the socket tests do not reach.
import { pino } from 'pino';
import { afterAll, describe, expect, it } from 'vitest';
import type { ChatEvent, ServerMessage } from '../../src/protocol/index.js';
import { buildConfig } from '../../src/server/config.js';
import { aiohttpDialect } from '../../src/server/dialects/aiohttp.js';
import { caseStudyDialect, SERVER } from '../../src/server/dialects/case-study.js';
import { chatDemoDialect } from '../../src/server/dialects/chat-demo.js';
import { tp6Dialect } from '../../src/server/dialects/tp6.js';
import { Hub } from '../../src/server/hub.js';
import { localSeams } from '../../src/server/seams/local.js';
import { MemoryStore } from '../../src/store/memory.js';

const hub = new Hub(
  buildConfig({ store: 'memory', logLevel: 'silent', logFormat: 'json' }),
  new MemoryStore(),
  pino({ level: 'silent' }),
  localSeams,
);
afterAll(() => hub.dispose());

const text = (bytes: Uint8Array | null) => (bytes === null ? null : Buffer.from(bytes).toString('utf8'));
const json = (bytes: Uint8Array | null, prefix: number) =>
  bytes === null ? null : (JSON.parse(Buffer.from(bytes).subarray(prefix).toString('utf8')) as unknown);

const chat: ChatEvent = {
  action: 'chat',
  room: 'lobby',
  message: 'salut',
  from: 'zoe',
  mid: 'm1',
  seq: 1,
  ts: 1,
};
/** An empty page of the room list: a reply that no tutorial dialect has a form for. */
const roomsReply: ServerMessage = { action: 'ok', re: 'rooms', rooms: [], hasMore: false, next: null };

describe('encoding the hub’s messages', () => {
  it('TP6: chat to the others only, presence as Annonce lines, nothing for replies', () => {
    const tp6 = tp6Dialect(hub);
    expect(text(tp6.encode(chat, false))).toBe('zoe a dit : salut\n');
    expect(tp6.encode(chat, true)).toBeNull();
    expect(text(tp6.encode({ action: 'topic', room: 'lobby', topic: 'T', by: 'zoe' }, false))).toBe(
      'Annonce : zoe a changé le sujet : T\n',
    );
    expect(
      text(tp6.encode({ action: 'quit', nick: 'zoe', reason: 'timeout', rooms: ['lobby'] }, false)),
    ).toBe('Annonce : zoe a quitté la chatroom\n');
    expect(tp6.encode({ action: 'shutdown', message: 'bye' }, false)).toBeNull();
    expect(tp6.encode(roomsReply, true)).toBeNull();
  });

  it('case study: every frame has from and message, and a reply too big for uint24 becomes an error', () => {
    const caseStudy = caseStudyDialect(hub);
    const frames: ServerMessage[] = [
      chat,
      { action: 'topic', room: 'lobby', topic: 'T', by: 'zoe' },
      { action: 'nick', old: 'zoe', nick: 'zo' },
      roomsReply,
      { action: 'shutdown', message: 'bye' },
      { action: 'pong' },
    ];
    for (const message of frames) {
      expect(json(caseStudy.encode(message, false), 3)).toMatchObject({ from: expect.any(String) });
      expect(json(caseStudy.encode(message, false), 3)).toMatchObject({ message: expect.any(String) });
    }
    const huge = caseStudy.encode(
      {
        action: 'ok',
        re: 'history',
        room: 'lobby',
        messages: [{ ...chat, message: 'x'.repeat(17 * 1024 * 1024), history: true }],
        first: 1,
        last: 1,
        hasMore: false,
      },
      true,
    );
    expect(json(huge, 3)).toMatchObject({ action: 'error', code: 'frame_too_large', from: SERVER });
  });

  it('chat demo: shutdown as a line the GUI shows, no form for replies', () => {
    const demo = chatDemoDialect(hub);
    expect(json(demo.encode({ action: 'shutdown', message: 'bye' }, false), 4)).toEqual({
      room: '*',
      msg: 'bye',
      event: 'shutdown',
    });
    expect(demo.encode(roomsReply, true)).toBeNull();
    expect(demo.encode({ action: 'pong' }, true)).toBeNull();
  });

  it('aiohttp-chat: no form for events it has no room for', () => {
    const aiohttp = aiohttpDialect(hub);
    expect(aiohttp.encode({ action: 'nick', old: 'a', nick: 'b' }, false)).toBeNull();
    expect(
      aiohttp.encode({ action: 'quit', nick: 'a', reason: 'quit', rooms: ['x', 'y'] }, false),
    ).toBeNull();
    expect(
      json(aiohttp.encode({ action: 'quit', nick: 'a', reason: 'error', rooms: ['x'] }, false), 0),
    ).toEqual({
      action: 'left',
      room: 'x',
      user: 'a',
      shame: true,
    });
    expect(aiohttp.encode({ action: 'topic', room: 'x', topic: 'T', by: 'a' }, false)).toBeNull();
  });
});
