// Look-alike and invisible-padded nicks, refused beside `alice` on every dialect that names users, over real sockets.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TcpTestClient, WsTestClient } from '../support/clients.js';
import type { TestClient } from '../support/clients.js';
import { startTestServer } from '../support/server.js';
import type { TestServer } from '../support/server.js';
import { FramedClient, TextClient } from '../dialects/wire.js';

/** Cyrillic а, Cyrillic е, Ukrainian і, small capital ʟ. */
const LOOK_ALIKES = ['\u0430lice', 'alic\u0435', 'al\u0456ce', 'a\u029Fice'];
/** alice padded with each Hangul filler, and with a zero-width joiner. */
const PADDED = ['alice\u3164', '\u115Falice', 'ali\u1160ce', 'alice\uFFA0', 'al\u200Dice'];

let server: TestServer;
let alice: TcpTestClient;

beforeAll(async () => {
  // Many renames in a row: the change rate is not what this file tests.
  server = await startTestServer({ textPort: 0, changeRate: 0 });
  alice = await TcpTestClient.open(server.tcpPort);
  await alice.connect('alice');
});
afterAll(async () => {
  alice.close();
  await server.close();
});

/** Send connect with a username; the answer (welcome or error). */
function tryConnect(client: TestClient, username: string): Promise<Record<string, unknown>> {
  return client.request({ action: 'connect', username });
}

describe('nicks beside alice', () => {
  it('native over TCP and WebSocket: look-alikes get nick_in_use naming alice, padded nicks invalid_nick', async () => {
    for (const open of [() => TcpTestClient.open(server.tcpPort), () => WsTestClient.open(server.wsUrl)]) {
      const client = await open();
      for (const nick of LOOK_ALIKES) {
        const answer = await tryConnect(client, nick);
        expect(answer, nick).toMatchObject({ action: 'error', code: 'nick_in_use' });
        expect(String(answer.message)).toContain('looks like alice');
      }
      for (const nick of PADDED) {
        const answer = await tryConnect(client, nick);
        expect(answer, JSON.stringify(nick)).toMatchObject({ action: 'error', code: 'invalid_nick' });
        expect(String(answer.message)).toMatch(/invisible/);
      }
      expect(await tryConnect(client, 'Alice')).toMatchObject({ code: 'nick_in_use' }); // the same person
      client.close();
    }
  });

  it('native: a rename to a look-alike is refused too', async () => {
    const bob = await TcpTestClient.open(server.tcpPort);
    await bob.connect('bob');
    for (const nick of [...LOOK_ALIKES, 'ALICE'])
      expect(await bob.request({ action: 'nick', nick }), nick).toMatchObject({ code: 'nick_in_use' });
    expect(await bob.request({ action: 'nick', nick: 'alice\u3164' })).toMatchObject({
      code: 'invalid_nick',
    });
    bob.close();
  });

  it('accepts nicks that only differ: alice2, a Cyrillic name with no Latin look-alike in use', async () => {
    for (const nick of ['alice2', 'Алиса', 'вася']) {
      const client = await WsTestClient.open(server.wsUrl);
      expect(await tryConnect(client, nick), nick).toMatchObject({ action: 'welcome', nick });
      client.close();
    }
  });

  it('aiohttp /chat: set_nick to a look-alike or a padded alice fails', async () => {
    const client = await WsTestClient.open(server.chatUrl);
    await client.next('joined');
    for (const nick of [...LOOK_ALIKES, ...PADDED]) {
      client.send({ action: 'set_nick', nick });
      const answer = await client.next('set_nick');
      expect(answer, JSON.stringify(nick)).toMatchObject({ success: false });
    }
    client.send({ action: 'set_nick', nick: 'alice3' });
    expect(await client.next('set_nick')).toMatchObject({ success: true });
    client.close();
  });

  it('the case study: connect with a look-alike username gets nick_in_use', async () => {
    const client = await FramedClient.open(server.tcpPort, 3);
    client.send({ action: 'connect', username: LOOK_ALIKES[0] });
    expect(await client.next('error')).toMatchObject({ code: 'nick_in_use', from: '*server*' });
    client.close();
  });

  it('TP6: Hello| with a look-alike or a padded alice gets a numbered variant, never the look-alike', async () => {
    const watcher = await TextClient.hello(server.textPort!, 'watcher');
    const seen: string[] = [];
    for (const pseudo of [...LOOK_ALIKES, 'alice\u3164', '\u115Falice']) {
      const client = await TextClient.open(server.textPort!);
      client.write(`Hello|${pseudo}`);
      const line = await client.next(/a rejoint la chatroom$/);
      const nick = /^Annonce : (.+) a rejoint la chatroom$/.exec(line)![1]!;
      expect(nick, JSON.stringify(pseudo)).not.toBe(pseudo);
      expect(nick).toMatch(/\d$/);
      seen.push(nick);
      client.close();
      await watcher.next(`Annonce : ${nick} a quitté la chatroom`);
    }
    expect(seen).toContain('alice2'); // the padded pseudo, fillers cut, is alice: taken, so alice2
    watcher.close();
  });

  it('releases a nick and its look when its holder leaves', async () => {
    const carol = await TcpTestClient.open(server.tcpPort);
    await carol.connect('carol');
    const other = await TcpTestClient.open(server.tcpPort);
    expect(await tryConnect(other, 'c\u0430rol')).toMatchObject({ code: 'nick_in_use' });
    carol.close();
    await carol.closedPromise;
    // The server frees the nick when it sees the close: ask until it has (bounded).
    let answer: Record<string, unknown> = {};
    for (let i = 0; i < 50 && answer.action !== 'welcome'; i++)
      answer = await tryConnect(other, 'c\u0430rol');
    expect(answer).toMatchObject({ action: 'welcome', nick: 'c\u0430rol' });
    other.close();
  });
});
