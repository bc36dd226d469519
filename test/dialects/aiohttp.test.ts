// aiohttp-chat's clients over real WebSockets at /chat and /echo: PROTOCOLS.md §4.
import WebSocket from 'ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WsTestClient } from '../support/clients.js';
import { startTestServer } from '../support/server.js';
import type { TestServer } from '../support/server.js';

const USER = /^User\d+$/;
let server: TestServer;

beforeAll(async () => {
  server = await startTestServer({ maxMessage: 100 });
});
afterAll(() => server.close());

/** Connect to /chat and read the two greetings; returns the client and the name the server gave it. */
async function chatClient(): Promise<{ client: WsTestClient; user: string }> {
  const client = await WsTestClient.open(server.chatUrl);
  const connecting = await client.next('connecting');
  const user = String(connecting.user);
  expect(connecting).toEqual({ action: 'connecting', room: 'Default', user });
  expect(user).toMatch(USER);
  expect(await client.next('joined')).toEqual({ action: 'joined', room: 'Default', user });
  return { client, user };
}

/** Wait until everything the client sent before has been handled: user_list is answered in order. */
async function barrier(client: WsTestClient): Promise<void> {
  client.send({ action: 'user_list', room: 'barrier' });
  await client.next({ action: 'user_list', room: 'barrier' });
}

describe('aiohttp-chat clients', () => {
  it('are named User<number>, put in Default, and announced to the room', async () => {
    const a = await chatClient();
    const b = await chatClient();
    expect(await a.client.next('joined')).toEqual({ action: 'joined', room: 'Default', user: b.user });
    a.client.send({ action: 'user_list', room: 'Default' });
    const list = await a.client.next('user_list');
    expect(list).toMatchObject({ action: 'user_list', success: true, room: 'Default' });
    expect(list.users).toEqual(expect.arrayContaining([a.user, b.user]));
    a.client.close();
    b.client.close();
  });

  it('chat: the sender gets the success form, the others the user form', async () => {
    const a = await chatClient();
    const b = await chatClient();
    await a.client.next({ action: 'joined', user: b.user });
    a.client.send({ action: 'chat_message', message: 'Hello world!' });
    expect(await a.client.next('chat_message')).toEqual({
      action: 'chat_message',
      success: true,
      message: 'Hello world!',
    });
    expect(await b.client.next('chat_message')).toEqual({
      action: 'chat_message',
      message: 'Hello world!',
      user: a.user,
    });
    await barrier(a.client);
    expect(a.client.drain().filter((m) => m.action === 'chat_message')).toEqual([]);
    a.client.close();
    b.client.close();
  });

  it('set_nick: a reply to the renamer, nick_changed to the others, refusals with a reason', async () => {
    const a = await chatClient();
    const b = await chatClient();
    await a.client.next({ action: 'joined', user: b.user });
    a.client.send({ action: 'set_nick', nick: 'Jonas' });
    expect(await a.client.next('set_nick')).toEqual({ action: 'set_nick', success: true, message: '' });
    expect(await b.client.next('nick_changed')).toEqual({
      action: 'nick_changed',
      room: 'Default',
      from_user: a.user,
      to_user: 'Jonas',
    });
    await barrier(a.client);
    expect(a.client.drain().filter((m) => m.action === 'nick_changed')).toEqual([]);
    const refusals: [unknown, string][] = [
      ['Jo', 'Name must be a string and between 3-20 chars.'],
      ['J'.repeat(21), 'Name must be a string and between 3-20 chars.'],
      [42, 'Name must be a string and between 3-20 chars.'],
      ['jonas', 'Name already in use.'],
      ['two words', 'nickname may hold letters, digits and _ - [ ] { } | ^ ` . only'],
    ];
    for (const [nick, message] of refusals) {
      b.client.send({ action: 'set_nick', nick });
      expect(await b.client.next('set_nick')).toEqual({ action: 'set_nick', success: false, message });
    }
    a.client.close();
    b.client.close();
  });

  it('join_room: left to the old room, joined to the new room’s others, refusals with a reason', async () => {
    const mover = await chatClient();
    const stayer = await chatClient();
    const there = await chatClient();
    there.client.send({ action: 'join_room', room: 'testroom' });
    expect(await there.client.next('join_room')).toEqual({ action: 'join_room', success: true, message: '' });
    mover.client.send({ action: 'join_room', room: 'testroom' });
    expect(await mover.client.next('join_room')).toEqual({ action: 'join_room', success: true, message: '' });
    expect(await stayer.client.next({ action: 'left', user: mover.user })).toEqual({
      action: 'left',
      room: 'Default',
      user: mover.user,
      shame: false,
    });
    expect(await there.client.next({ action: 'joined', user: mover.user })).toEqual({
      action: 'joined',
      room: 'testroom',
      user: mover.user,
    });
    mover.client.send({ action: 'chat_message', message: 'in testroom' });
    expect(await there.client.next('chat_message')).toMatchObject({
      message: 'in testroom',
      user: mover.user,
    });
    const refusals: [unknown, string][] = [
      ['ab', 'Room name must be a string and between 3-20 chars.'],
      [['testroom'], 'Room name must be a string and between 3-20 chars.'],
      ['testroom', 'Name already in use in this room.'],
      ['with space', 'room name may hold letters, digits and _ - . only (and a leading #)'],
    ];
    for (const [room, message] of refusals) {
      mover.client.send({ action: 'join_room', room });
      expect(await mover.client.next('join_room')).toEqual({ action: 'join_room', success: false, message });
    }
    mover.client.send({ action: 'user_list', room: 'testroom' });
    expect((await mover.client.next('user_list')).users).toContain(mover.user);
    mover.client.send({ action: 'user_list', room: 'nobody-here' });
    expect(await mover.client.next('user_list')).toEqual({
      action: 'user_list',
      success: true,
      room: 'nobody-here',
      users: [],
    });
    for (const c of [mover, stayer, there]) c.client.close();
  });

  it('answer bad input in their own form and keep serving', async () => {
    const { client } = await chatClient();
    client.send({ action: 'dance' });
    expect(await client.next('dance')).toEqual({ action: 'dance', success: false, message: 'Not allowed.' });
    client.send({ nothing: true });
    expect(await client.next('error')).toEqual({ action: 'error', success: false, message: 'Not allowed.' });
    client.sendRaw('{"action": "set_nick",');
    expect(await client.next('error')).toMatchObject({ action: 'error', success: false });
    client.send(['chat_message']);
    expect(await client.next('error')).toMatchObject({ action: 'error', success: false });
    client.send({ action: 'chat_message', message: 'x'.repeat(101) });
    expect(await client.next('chat_message')).toEqual({
      action: 'chat_message',
      success: false,
      message: 'a message may be at most 100 characters',
    });
    client.send({ action: 'chat_message', message: { text: 'hi' } });
    expect(await client.next('chat_message')).toMatchObject({
      success: false,
      message: 'Message must be a string.',
    });
    client.send({ action: 'user_list' });
    expect(await client.next('user_list')).toMatchObject({ success: false });
    client.ws.send(Buffer.from([0x7b, 0xff, 0x7d]), { binary: true });
    expect(await client.next('error')).toMatchObject({
      success: false,
      message: 'the frame is not valid UTF-8',
    });
    client.send({ action: 'chat_message', message: 'still here' });
    expect(await client.next('chat_message')).toMatchObject({ success: true, message: 'still here' });
    client.close();
  });

  it('leave with shame:false on a clean close and shame:true when the connection dies', async () => {
    const watcher = await chatClient();
    const polite = await chatClient();
    const rude = await chatClient();
    polite.client.close();
    expect(await watcher.client.next({ action: 'left', user: polite.user })).toEqual({
      action: 'left',
      room: 'Default',
      user: polite.user,
      shame: false,
    });
    rude.client.ws.terminate();
    expect(await watcher.client.next({ action: 'left', user: rude.user })).toEqual({
      action: 'left',
      room: 'Default',
      user: rude.user,
      shame: true,
    });
    watcher.client.close();
  });

  it('meet native users: their arrivals, renames, departures and direct messages, in one room', async () => {
    const { client: chat, user } = await chatClient();
    const web = await WsTestClient.open(server.wsUrl);
    await web.connect('nativefan');
    await web.join('elsewhere');
    await web.join('Default');
    expect(await chat.next({ action: 'joined', user: 'nativefan' })).toMatchObject({ room: 'Default' });
    await web.request({ action: 'nick', nick: 'nativestar' });
    expect(await chat.next('nick_changed')).toEqual({
      action: 'nick_changed',
      room: 'Default',
      from_user: 'nativefan',
      to_user: 'nativestar',
    });
    await web.request({ action: 'dm', to: user, message: 'psst' });
    expect(await chat.next({ action: 'chat_message', message: 'psst' })).toEqual({
      action: 'chat_message',
      message: 'psst',
      user: 'nativestar',
      private: true,
    });
    web.close(); // in two rooms: the aiohttp client hears of its own room only
    expect(await chat.next({ action: 'left', user: 'nativestar' })).toEqual({
      action: 'left',
      room: 'Default',
      user: 'nativestar',
      shame: false,
    });
    await barrier(chat);
    expect(chat.drain().filter((m) => m.user === 'nativestar')).toEqual([]);
    chat.close();
  });
});

describe('/echo', () => {
  it('sends every JSON frame back as {"echo": …}, and answers a frame that is not JSON', async () => {
    const ws = new WebSocket(server.echoUrl);
    const replies: string[] = [];
    const waiters: (() => void)[] = [];
    ws.on('message', (data: Buffer) => {
      replies.push(data.toString());
      waiters.shift()?.();
    });
    await new Promise((resolve) => ws.once('open', resolve));
    const roundTrip = (text: string): Promise<string> =>
      new Promise((resolve) => {
        waiters.push(() => resolve(replies.shift()!));
        ws.send(text);
      });
    expect(await roundTrip('{"hello": "world"}')).toBe('{"echo":{"hello":"world"}}');
    expect(await roundTrip('[1, "two", null]')).toBe('{"echo":[1,"two",null]}');
    expect(await roundTrip('"just text"')).toBe('{"echo":"just text"}');
    expect(JSON.parse(await roundTrip('not json'))).toMatchObject({ error: expect.stringContaining('JSON') });
    expect(await roundTrip('{"still": "open"}')).toBe('{"echo":{"still":"open"}}');
    ws.close();
  });
});
