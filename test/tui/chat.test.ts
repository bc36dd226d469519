// The real terminal client under tmux, against a real server: people chatting, typing while messages arrive,
// rooms and unread markers, direct messages, errors, and leaving cleanly.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { ChatClient } from '../../src/client/index.js';
import { startTestServer } from '../support/server.js';
import type { TestServer } from '../support/server.js';
import { record } from '../client/support.js';
import { Tmux } from './tmux.js';

let server: TestServer;
const tmux = new Tmux();
const sdkClients: ChatClient[] = [];

beforeAll(async () => {
  server = await startTestServer();
});
afterEach(async () => {
  await Promise.all(sdkClients.splice(0).map((c) => c.close()));
});
afterAll(async () => {
  tmux.kill();
  await server.close();
});

/** A scripted participant speaking through the SDK, to talk to the terminal client. */
async function participant(nick: string, rooms: string[]): Promise<ChatClient> {
  const client = new ChatClient({ url: server.wsUrl, nick, rooms });
  sdkClients.push(client);
  await client.connect();
  for (const room of rooms) await client.join(room);
  return client;
}

const lastRow = (screen: string): string => screen.replace(/\n$/, '').split('\n').at(-1)!;

describe('parley chat in a terminal', () => {
  it('two terminal clients chat, each line in its place, coloured per nick', async () => {
    tmux.chat('ann', [server.wsUrl, '--nick', 'ann', '--room', 'tea']);
    tmux.chat('ben', [`tcp://127.0.0.1:${server.tcpPort}`, '--nick', 'ben', '--room', 'tea']);
    await tmux.waitFor('ann', 'joined tea');
    await tmux.waitFor('ben', 'joined tea');
    await tmux.waitFor('ann', 'tea (2)');
    tmux.type('ann', 'hello ben, tea?');
    tmux.press('ann', 'Enter');
    const benScreen = await tmux.waitFor('ben', '<ann> hello ben, tea?');
    expect(benScreen).toContain(' ben  connected  tcp://127.0.0.1:');
    tmux.type('ben', 'yes please 🍵');
    tmux.press('ben', 'Enter');
    const annScreen = await tmux.waitFor('ann', '<ben> yes please 🍵');
    const rows = annScreen.replace(/\n$/, '').split('\n');
    expect(rows).toHaveLength(30);
    expect(rows[0]).toMatch(/^ 1:parley 2:tea/);
    expect(rows.at(-2)).toMatch(
      new RegExp(String.raw`^ ann  connected  ws://127\.0\.0\.1:\d+/ws │ tea \(2\)`),
    );
    expect(rows.at(-1)).toBe('tea>');
    const order = ['<ann> hello ben, tea?', '<ben> yes please 🍵'].map((t) => annScreen.indexOf(t));
    expect(order[0]).toBeLessThan(order[1]!);
    // Each nick has its colour, the same on every screen.
    const colourOf = (screen: string, nick: string): string | undefined =>
      new RegExp(`\\x1b\\[([0-9;]+)m${nick}\\x1b\\[`).exec(screen)?.[1];
    const annColours = tmux.screenWithColours('ann');
    const benColours = tmux.screenWithColours('ben');
    expect(colourOf(annColours, 'ben')).toBeDefined();
    expect(colourOf(annColours, 'ben')).toBe(colourOf(benColours, 'ben')?.replace(/^1;/, ''));
  });

  it('keeps the input line intact while messages arrive, and sends exactly what was typed', async () => {
    const talker = await participant('talker', ['busy']);
    tmux.chat('typist', [server.wsUrl, '--nick', 'typist', '--room', 'busy']);
    await tmux.waitFor('typist', 'joined busy');
    const received = record(talker, 'message');
    const typed = 'the quick brown fox jumps over the lazy dog — ünïcödé ✓';
    const chunks = typed.match(/.{1,4}/gu)!;
    for (const [i, chunk] of chunks.entries()) {
      await talker.send('busy', `interruption ${i} ${'x'.repeat(i * 7)}`);
      tmux.type('typist', chunk);
    }
    const last = chunks.length - 1;
    const screen = await tmux.waitFor(
      'typist',
      (s) => s.includes(`interruption ${last}`) && lastRow(s).endsWith('✓'),
    );
    expect(lastRow(screen)).toBe(`busy> ${typed}`);
    tmux.press('typist', 'Enter');
    await received.until((m) => m.from === 'typist', 'the typed line');
    expect(received.all.filter((m) => m.from === 'typist').map((m) => m.text)).toEqual([typed]);
    await tmux.waitFor('typist', (s) => lastRow(s) === 'busy>');
  });

  it('joins, switches and parts rooms, with unread markers on rooms in the background', async () => {
    const other = await participant('other', ['front', 'back']);
    tmux.chat('rover', [server.wsUrl, '--nick', 'rover', '--room', 'front']);
    await tmux.waitFor('rover', 'joined front');
    tmux.type('rover', '/join back');
    tmux.press('rover', 'Enter');
    await tmux.waitFor('rover', 'joined back');
    expect(lastRow(tmux.screen('rover'))).toBe('back>');
    tmux.press('rover', 'M-2'); // Alt-2: the front room
    await tmux.waitFor('rover', (s) => lastRow(s) === 'front>');
    await other.send('back', 'news in the back room');
    await other.send('back', 'and more, rover!');
    await tmux.waitFor('rover', ' 3:back(2)');
    expect(tmux.screen('rover')).not.toContain('news in the back room');
    tmux.press('rover', 'C-n');
    const back = await tmux.waitFor('rover', 'news in the back room');
    expect(back).toContain('<other> and more, rover!');
    expect(back.split('\n')[0]).toMatch(/^ 1:parley 2:front 3:back\s*$/);
    const presence = record(other, 'presence');
    tmux.type('rover', '/part');
    tmux.press('rover', 'Enter');
    await tmux.waitFor('rover', (s) => !s.split('\n')[0]!.includes('back'));
    await presence.until((p) => p.kind === 'part' && p.nick === 'rover', 'the part');
    expect(await other.members('back')).toEqual(['other']);
  });

  it('sends direct messages in their own window, and shows /who, /topic and /help', async () => {
    const friend = await participant('friend', ['plaza']);
    tmux.chat('dmer', [server.wsUrl, '--nick', 'dmer', '--room', 'plaza']);
    await tmux.waitFor('dmer', 'joined plaza');
    const dms = record(friend, 'dm');
    tmux.type('dmer', '/msg friend just between us');
    tmux.press('dmer', 'Enter');
    await dms.until((m) => m.text === 'just between us', 'the dm');
    await friend.sendDirect('dmer', 'sure thing');
    const screen = await tmux.waitFor('dmer', '<friend> sure thing');
    expect(screen).toContain('<dmer> just between us');
    expect(lastRow(screen)).toBe('@friend>');
    tmux.press('dmer', 'M-2');
    tmux.type('dmer', '/topic fountains');
    tmux.press('dmer', 'Enter');
    await tmux.waitFor('dmer', 'dmer set the topic: fountains');
    tmux.type('dmer', '/who');
    tmux.press('dmer', 'Enter');
    await tmux.waitFor('dmer', '2 in plaza: dmer, friend');
    tmux.type('dmer', '/help');
    tmux.press('dmer', 'Enter');
    await tmux.waitFor('dmer', '/quit [reason]');
    const presence = record(friend, 'presence');
    tmux.type('dmer', '/quit off to lunch');
    tmux.press('dmer', 'Enter');
    await tmux.waitFor('dmer', '[exited 0]');
    await presence.until((p) => p.kind === 'quit' && p.nick === 'dmer', 'the quit');
    expect(presence.all.find((p) => p.kind === 'quit')).toMatchObject({ reason: 'quit' });
  });

  it('redraws for the new size when the terminal is resized', async () => {
    const speaker = await participant('speaker', ['wide']);
    tmux.chat('resizer', [server.wsUrl, '--nick', 'resizer', '--room', 'wide'], { width: 100, height: 30 });
    await tmux.waitFor('resizer', 'joined wide');
    const long = 'a rather long message that will need to wrap once the terminal becomes narrow enough';
    await speaker.send('wide', long);
    await tmux.waitFor('resizer', long);
    tmux.type('resizer', 'draft');
    tmux.resize('resizer', 40, 12);
    const rows = (
      await tmux.waitFor('resizer', (s) => s.split('\n').length <= 13 && s.includes('wide> draft'))
    )
      .replace(/\n$/, '')
      .split('\n');
    expect(rows).toHaveLength(12);
    expect(rows.every((row) => row.length <= 40)).toBe(true);
    expect(rows.at(-1)).toBe('wide> draft');
    expect(rows.at(-2)!.startsWith(' resizer  connected ')).toBe(true);
    // The long message is wrapped under its text, not cut off.
    const message = rows
      .slice(
        rows.findIndex((r) => r.includes('<speaker>')),
        -2,
      )
      .map((r) => r.trim());
    expect(message.join(' ')).toContain(long.split(' ').slice(-4).join(' '));
  });

  it('shows history on join and pages further back with /history', async () => {
    const writer = await participant('writer', ['archive']);
    for (let i = 1; i <= 55; i++) await writer.send('archive', `old message ${i}`);
    tmux.chat('reader', [server.wsUrl, '--nick', 'reader', '--room', 'archive']);
    // The server sends the last 50 on join.
    const joined = await tmux.waitFor('reader', 'end of history (50 earlier messages)');
    expect(joined.indexOf('<writer> old message 55')).toBeLessThan(joined.indexOf('end of history'));
    tmux.type('reader', '/history 3');
    tmux.press('reader', 'Enter');
    const paged = await tmux.waitFor('reader', '3 older messages; /history for more');
    const rows = paged.split('\n');
    expect(rows.slice(1, 5).map((r) => r.slice(6))).toEqual([
      '-!- 3 older messages; /history for more',
      '<writer> old message 3',
      '<writer> old message 4',
      '<writer> old message 5',
    ]);
    expect(paged).toContain('scrolled up (PgDn)');
    tmux.press('reader', 'NPage', 'NPage', 'NPage');
    await tmux.waitFor('reader', (s) => !s.includes('scrolled up') && s.includes('end of history'));
  });

  it('shows the server error when /nick asks for a taken nick', async () => {
    await participant('taken', []);
    tmux.chat('wanter', [server.wsUrl, '--nick', 'wanter', '--room', 'lobby']);
    await tmux.waitFor('wanter', 'joined lobby');
    tmux.type('wanter', '/nick taken');
    tmux.press('wanter', 'Enter');
    await tmux.waitFor('wanter', '! taken is taken; pick another nickname (nick_in_use)');
    expect(tmux.screen('wanter')).toContain(' wanter  connected ');
    tmux.type('wanter', '/nick wanted');
    tmux.press('wanter', 'Enter');
    await tmux.waitFor('wanter', 'you are now known as wanted');
    await tmux.waitFor('wanter', ' wanted  connected ');
  });

  it('leaves cleanly on Ctrl-C: the others see a quit, not a timeout', async () => {
    const watcher = await participant('watcher', ['exit']);
    const presence = record(watcher, 'presence');
    tmux.chat('leaver', [server.wsUrl, '--nick', 'leaver', '--room', 'exit']);
    await tmux.waitFor('leaver', 'joined exit');
    tmux.press('leaver', 'C-c');
    await presence.until((p) => p.kind === 'quit' && p.nick === 'leaver', 'the quit');
    expect(presence.all.find((p) => p.kind === 'quit')).toEqual({
      kind: 'quit',
      nick: 'leaver',
      reason: 'quit',
      rooms: ['exit'],
    });
    await tmux.waitFor('leaver', '[exited 0]');
  });

  it('exits with the error when the nick is taken at start', async () => {
    await participant('occupied', []);
    tmux.chat('late', [server.wsUrl, '--nick', 'occupied']);
    const screen = await tmux.waitFor('late', '[exited 1]');
    expect(screen).toContain('parley: occupied is taken; pick another nickname (nick_in_use)');
  });
});
