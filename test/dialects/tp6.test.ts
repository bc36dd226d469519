// TP6 "Chat room" clients over real sockets, on the text port and on the shared TCP port: PROTOCOLS.md §3.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WsTestClient } from '../support/clients.js';
import { startTestServer } from '../support/server.js';
import type { TestServer } from '../support/server.js';
import { TextClient } from './wire.js';

let server: TestServer;
let port: number;

beforeAll(async () => {
  server = await startTestServer({ textPort: 0, maxMessage: 100 });
  port = server.textPort!;
});
afterAll(() => server.close());

describe('TP6 clients', () => {
  it('announce an arrival to everyone, the newcomer included, and relay messages to the others only', async () => {
    const alice = await TextClient.hello(port, 'alice');
    const bob = await TextClient.open(port);
    bob.write('Hello|bob');
    expect(await bob.next(/^Annonce/)).toBe('Annonce : bob a rejoint la chatroom');
    expect(await alice.next(/^Annonce/)).toBe('Annonce : bob a rejoint la chatroom');
    alice.write('salut tout le monde');
    expect(await bob.next(/a dit/)).toBe('alice a dit : salut tout le monde');
    bob.write('salut alice');
    // Alice's next line is bob's: had her own message come back, it would have come first.
    expect(await alice.next(/a dit/)).toBe('bob a dit : salut alice');
    expect(alice.lines).not.toContain('alice a dit : salut tout le monde');
    // Byte for byte: UTF-8 lines, each ended by a newline.
    expect(bob.raw.toString('utf8')).toBe(
      'Annonce : bob a rejoint la chatroom\nalice a dit : salut tout le monde\n',
    );
    alice.close();
    expect(await bob.next(/quitté/)).toBe('Annonce : alice a quitté la chatroom');
    bob.close();
  });

  it('announce a departure when the connection is reset', async () => {
    const carol = await TextClient.hello(port, 'carol');
    const dave = await TextClient.hello(port, 'dave');
    await carol.next('Annonce : dave a rejoint la chatroom');
    dave.socket.resetAndDestroy();
    expect(await carol.next(/quitté/)).toBe('Annonce : dave a quitté la chatroom');
    carol.close();
  });

  it('refuse a first message without Hello|<pseudo>, then close', async () => {
    for (const first of ['Bonjour', 'hello|x', 'Hello|\n', 'Hello|🙂']) {
      const client = await TextClient.open(port);
      client.write(first);
      expect(await client.next(/./)).toBe('You must choose un nametag');
      await client.closed;
      expect(client.raw.toString('utf8')).toBe('You must choose un nametag\n');
    }
  });

  it('take text after the pseudo in the same read as a first message', async () => {
    const watcher = await TextClient.hello(port, 'watcher');
    const fast = await TextClient.open(port);
    fast.write('Hello|fast\nje suis pressé\n');
    expect(await watcher.next(/^Annonce : fast/)).toBe('Annonce : fast a rejoint la chatroom');
    expect(await watcher.next(/a dit/)).toBe('fast a dit : je suis pressé');
    watcher.close();
    fast.close();
  });

  it('map pseudos that parley cannot hold, and number a pseudo that is taken', async () => {
    const jean = await TextClient.hello(port, 'Jean Dupont', 'Jean_Dupont');
    const again = await TextClient.hello(port, 'jean dupont', 'jean_dupont2');
    const zoe = await TextClient.hello(port, 'Zoé', 'Zoé');
    for (const c of [jean, again, zoe]) c.close();
  });

  it('keep non-ASCII text whole, also when a character is split between two reads', async () => {
    const reader = await TextClient.hello(port, 'lecteur');
    const writer = await TextClient.hello(port, 'écrivain');
    writer.write('ça va ? 🙂');
    expect(await reader.next(/a dit/)).toBe('écrivain a dit : ça va ? 🙂');
    const bytes = Buffer.from('été\n');
    writer.write(bytes.subarray(0, 1)); // the first byte of "é" alone
    await new Promise<void>((resolve) => writer.socket.write('', () => resolve()));
    writer.write(bytes.subarray(1));
    expect(await reader.next(/a dit/)).toBe('écrivain a dit : été');
    writer.write(Buffer.from([0x66, 0xff, 0x66, 0x0a])); // not UTF-8: the bad byte becomes U+FFFD
    expect(await reader.next(/a dit/)).toBe('écrivain a dit : f\ufffdf');
    reader.close();
    writer.close();
  });

  it('take each line of a read as one message, and skip blank ones', async () => {
    const reader = await TextClient.hello(port, 'lines1');
    const writer = await TextClient.hello(port, 'lines2');
    writer.write('un\r\n\r\ndeux\n   \ntrois');
    expect(await reader.next(/a dit/)).toBe('lines2 a dit : un');
    expect(await reader.next(/a dit/)).toBe('lines2 a dit : deux');
    expect(await reader.next(/a dit/)).toBe('lines2 a dit : trois');
    reader.close();
    writer.close();
  });

  it('wait for the rest of a hello split between reads', async () => {
    const watcher = await TextClient.hello(port, 'split-watch');
    const slow = await TextClient.open(port);
    slow.write('Hel');
    await new Promise<void>((resolve) => slow.socket.write('', () => resolve()));
    slow.write('lo|slow');
    expect(await watcher.next(/^Annonce : slow/)).toBe('Annonce : slow a rejoint la chatroom');
    watcher.close();
    slow.close();
  });

  it('answer an over-long message in French form, and keep serving', async () => {
    const writer = await TextClient.hello(port, 'bavard');
    const reader = await TextClient.hello(port, 'patient');
    writer.write('x'.repeat(101));
    expect(await writer.next(/^Erreur/)).toBe('Erreur : a message may be at most 100 characters');
    writer.write('court');
    expect(await reader.next(/a dit/)).toBe('bavard a dit : court');
    writer.close();
    reader.close();
  });

  it('meet native users in the default room', async () => {
    const web = await WsTestClient.open(server.wsUrl);
    await web.connect('webby');
    await web.join('lobby');
    const tp6 = await TextClient.hello(port, 'tp6user');
    expect(await web.next({ action: 'join', nick: 'tp6user' })).toMatchObject({ room: 'lobby' });
    tp6.write('bonjour le web');
    expect(await web.next({ action: 'chat', from: 'tp6user' })).toMatchObject({ message: 'bonjour le web' });
    await web.request({ action: 'chat', room: 'lobby', message: 'hello tp6' });
    expect(await tp6.next(/a dit/)).toBe('webby a dit : hello tp6');
    await web.request({ action: 'dm', to: 'tp6user', message: 'en privé 🙂' });
    expect(await tp6.next(/en privé :/)).toBe('webby a dit en privé : en privé 🙂');
    await web.request({ action: 'nick', nick: 'webster' });
    expect(await tp6.next(/^Annonce : webby/)).toBe("Annonce : webby s'appelle maintenant webster");
    await web.request({ action: 'leaveroom', room: 'lobby' });
    expect(await tp6.next(/quitté/)).toBe('Annonce : webster a quitté la chatroom');
    tp6.close();
    web.close();
  });

  it('are recognised on the shared TCP port by their text', async () => {
    const onText = await TextClient.hello(port, 'viaText');
    const onTcp = await TextClient.hello(server.tcpPort, 'viaTcp');
    expect(await onText.next(/^Annonce : viaTcp/)).toBe('Annonce : viaTcp a rejoint la chatroom');
    onTcp.write('même salle');
    expect(await onText.next(/a dit/)).toBe('viaTcp a dit : même salle');
    onText.close();
    onTcp.close();
  });
});

describe('TP6 clients at shutdown', () => {
  it('see EOF, and nothing before it', async () => {
    const own = await startTestServer({ textPort: 0 });
    const client = await TextClient.hello(own.textPort!, 'leaving');
    await own.close();
    await client.closed;
    expect(client.raw.toString('utf8')).toBe('Annonce : leaving a rejoint la chatroom\n');
  });
});
