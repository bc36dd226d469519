// The native dialect's translation: a valid message is requested as it is; an invalid one is answered at once.
import { describe, expect, it } from 'vitest';
import { chatDemoDialect, isChatDemoFrame } from '../../../src/server/dialects/chat-demo.js';
import { firstPayloadDialect } from '../../../src/server/dialects/detect.js';
import { nativeDialect } from '../../../src/server/dialects/native.js';
import { FakeHost, context } from './fake-host.js';

describe('native requests', () => {
  it('a valid message is requested as parsed; an invalid one is refused with its id and action', () => {
    const host = new FakeHost(nativeDialect(context(), 'ws'));
    host.receive(JSON.stringify({ action: 'chat', id: 1, room: 'lobby', message: 'hi', extra: true }));
    host.receive(JSON.stringify({ action: 'chat', id: 2, room: 'lobby' }));
    expect(host.takeRequests()).toEqual([
      { message: { action: 'chat', id: 1, room: 'lobby', message: 'hi' } },
    ]);
    expect(host.takeJson()).toMatchObject([{ action: 'error', code: 'invalid_message', id: 2, re: 'chat' }]);
  });

  it('a WebSocket upgrade URL’s username is a connect request', () => {
    const dialect = nativeDialect(context(), 'ws');
    const host = new FakeHost(dialect);
    dialect.upgradeQuery?.(host, new URLSearchParams('username=alice&version=1'));
    expect(host.takeRequests()).toEqual([{ message: { action: 'connect', username: 'alice', version: 1 } }]);
  });

  it('native and the chat demo share a framing: the first payload settles which one a session speaks', () => {
    const u32 = firstPayloadDialect(nativeDialect(context(), 'u32'), [
      { test: isChatDemoFrame, dialect: chatDemoDialect(context()) },
    ]);
    const host = new FakeHost(u32);
    host.receive(JSON.stringify({ action: 'join', room: 'general' }));
    expect(host.takeRequests()).toEqual([
      { message: { action: 'connect' } },
      { message: { action: 'joinroom', room: 'general', id: 'join' } },
    ]);
  });
});
