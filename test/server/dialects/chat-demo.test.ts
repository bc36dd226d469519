// The chat demo's translation: join, leave and lines become native requests; a refusal names the demo's action.
import { describe, expect, it } from 'vitest';
import { chatDemoDialect } from '../../../src/server/dialects/chat-demo.js';
import { FakeHost, acceptAll, context, refuse } from './fake-host.js';

describe('chat demo requests', () => {
  it('a guest connect at open; join, leave and a line as joinroom, leaveroom and chat; oks unseen', () => {
    const host = new FakeHost(chatDemoDialect(context())).open();
    host.receive(JSON.stringify({ action: 'join', room: 'general' }));
    host.receive(JSON.stringify({ room: 'general', msg: 'hi!' }));
    host.receive(JSON.stringify({ action: 'leave', room: 'general' }));
    expect(host.takeRequests()).toEqual([
      { message: { action: 'connect' } },
      { message: { action: 'joinroom', room: 'general', id: 'join' } },
      { message: { action: 'chat', room: 'general', message: 'hi!' } },
      { message: { action: 'leaveroom', room: 'general', id: 'leave' } },
    ]);
    expect(host.takeText()).toEqual([]);
  });

  it('a refusal carries the demo’s action as re, never the native one', () => {
    const host = new FakeHost(chatDemoDialect(context()), (message, h) =>
      message.action === 'connect' ? acceptAll(message, h) : refuse(h, message, 'no_such_room', 'no room'),
    ).open();
    host.receive(JSON.stringify({ action: 'leave', room: 'nowhere' }));
    host.receive(JSON.stringify({ room: 'nowhere', msg: 'x' }));
    host.receive(JSON.stringify({ action: 'dance', room: 'x' }));
    expect(host.takeJson(4)).toEqual([
      { action: 'error', code: 'no_such_room', message: 'no room', re: 'leave' },
      { action: 'error', code: 'no_such_room', message: 'no room' },
      {
        action: 'error',
        code: 'unknown_action',
        message: 'the chat demo knows join, leave and {"room":R,"msg":M} only',
        re: 'dance',
      },
    ]);
    expect(host.takeRequests().map((m) => m.message.action)).toEqual(['connect', 'leaveroom', 'chat']);
  });

  it('a refused guest connect is told without re, and ends the session', () => {
    const host = new FakeHost(chatDemoDialect(context()), (message, h) =>
      refuse(h, message, 'nick_in_use', 'no name'),
    ).open();
    expect(host.takeJson(4)).toEqual([{ action: 'error', code: 'nick_in_use', message: 'no name' }]);
    expect(host.ended).toBe('error');
  });
});
