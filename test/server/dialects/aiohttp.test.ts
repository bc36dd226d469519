// aiohttp-chat's translation: its actions become native requests named by their aiohttp action; the replies come
// back in aiohttp's form, and its own rules (3–20 characters, a taken name) refuse before any request.
import { describe, expect, it } from 'vitest';
import { aiohttpDialect } from '../../../src/server/dialects/aiohttp.js';
import type { Script } from './fake-host.js';
import { FakeHost, acceptAll, context, refuse } from './fake-host.js';

/** An aiohttp session past its open, with what the open made taken. */
function opened(script: Script = acceptAll, taken: string[] = []): FakeHost {
  const host = new FakeHost(aiohttpDialect(context(taken)), script).open();
  host.takeRequests();
  host.takeJson();
  return host;
}

describe('aiohttp-chat requests', () => {
  it('at open: a connect as User<number> and a join of Default, told as connecting and joined', () => {
    const host = new FakeHost(aiohttpDialect(context())).open();
    const made = host.takeRequests();
    expect(made).toEqual([
      { message: { action: 'connect', username: expect.stringMatching(/^User\d{4}$/), id: 'aiohttp:open' } },
      { message: { action: 'joinroom', room: 'Default', id: 'aiohttp:open' } },
    ]);
    const user = host.nick;
    expect(host.takeJson()).toEqual([
      { action: 'connecting', room: 'Default', user },
      { action: 'joined', room: 'Default', user },
    ]);
  });

  it('a refusal at open is a plain error, and the session ends', () => {
    const host = new FakeHost(aiohttpDialect(context()), (message, h) =>
      message.action === 'joinroom' ? refuse(h, message, 'rate_limited', 'slow') : acceptAll(message, h),
    ).open();
    expect(host.takeJson()).toEqual([
      { action: 'connecting', room: 'Default', user: host.nick },
      { action: 'error', success: false, message: 'slow' },
    ]);
    expect(host.ended).toBe('error');
  });

  it('set_nick, chat_message and user_list as nick, chat and members, answered in aiohttp form', () => {
    const host = opened();
    host.receive(JSON.stringify({ action: 'set_nick', nick: 'Jonas' }));
    host.receive(JSON.stringify({ action: 'chat_message', message: 'hello' }));
    host.receive(JSON.stringify({ action: 'user_list', room: 'Default' }));
    expect(host.takeRequests()).toEqual([
      { message: { action: 'nick', nick: 'Jonas', id: 'set_nick' } },
      { message: { action: 'chat', room: 'Default', message: 'hello', id: 'chat_message' } },
      { message: { action: 'members', room: 'Default', id: 'user_list' } },
    ]);
    expect(host.takeJson()).toEqual([
      { action: 'set_nick', success: true, message: '' },
      { action: 'user_list', success: true, room: 'Default', users: ['Jonas'] },
    ]);
  });

  it('a refused request is named by its aiohttp action', () => {
    const host = opened((message, h) =>
      message.action === 'chat' ? refuse(h, message, 'message_too_long', 'too long') : acceptAll(message, h),
    );
    host.receive(JSON.stringify({ action: 'chat_message', message: 'x'.repeat(50) }));
    expect(host.takeJson()).toEqual([{ action: 'chat_message', success: false, message: 'too long' }]);
  });

  it('its own rules refuse before any request', () => {
    const host = opened(acceptAll, ['Taken']);
    host.receive(JSON.stringify({ action: 'set_nick', nick: 'Jo' }));
    host.receive(JSON.stringify({ action: 'set_nick', nick: 'taken' }));
    host.receive(JSON.stringify({ action: 'join_room', room: 'Default' }));
    host.receive(JSON.stringify({ action: 'dance' }));
    expect(host.takeRequests()).toEqual([]);
    expect(host.takeJson()).toEqual([
      { action: 'set_nick', success: false, message: 'Name must be a string and between 3-20 chars.' },
      { action: 'set_nick', success: false, message: 'Name already in use.' },
      { action: 'join_room', success: false, message: 'Name already in use in this room.' },
      { action: 'dance', success: false, message: 'Not allowed.' },
    ]);
  });

  it('join_room moves: the join, then a leave of the old room that its join paid for', () => {
    const host = opened();
    host.receive(JSON.stringify({ action: 'join_room', room: 'testroom' }));
    expect(host.takeRequests()).toEqual([
      { message: { action: 'joinroom', room: 'testroom', id: 'join_room' } },
      { message: { action: 'leaveroom', room: 'Default' }, options: { paid: true } },
    ]);
    expect(host.takeJson()).toEqual([{ action: 'join_room', success: true, message: '' }]);
    host.receive(JSON.stringify({ action: 'chat_message', message: 'here' }));
    expect(host.takeRequests()[0]?.message).toMatchObject({ room: 'testroom' });
  });

  it('a refused join stays where it was, with no leave', () => {
    const host = opened((message, h) =>
      message.action === 'joinroom' && message.id === 'join_room'
        ? refuse(h, message, 'invalid_room', 'bad name')
        : acceptAll(message, h),
    );
    host.receive(JSON.stringify({ action: 'join_room', room: 'two words' }));
    expect(host.takeRequests().map((m) => m.message.action)).toEqual(['joinroom']);
    expect(host.takeJson()).toEqual([{ action: 'join_room', success: false, message: 'bad name' }]);
  });

  it('a user_list of a room nobody is in lists nobody, where parley refuses', () => {
    const host = opened((message, h) =>
      message.action === 'members' ? refuse(h, message, 'no_such_room', 'no room') : acceptAll(message, h),
    );
    host.receive(JSON.stringify({ action: 'user_list', room: 'empty' }));
    expect(host.takeJson()).toEqual([{ action: 'user_list', success: true, room: 'empty', users: [] }]);
  });
});
