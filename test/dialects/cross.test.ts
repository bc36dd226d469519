// One room, five dialects: a native WebSocket user, a chat demo client (TLS), a case study client, an aiohttp-chat
// client and a TP6 client see each other's arrivals, messages and departures, each in its own dialect's form.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WsTestClient } from '../support/clients.js';
import { startTestServer } from '../support/server.js';
import type { TestServer } from '../support/server.js';
import { makeCertificate } from '../support/tls.js';
import { FramedClient, TextClient } from './wire.js';

const cert = makeCertificate();
let server: TestServer;

beforeAll(async () => {
  server = await startTestServer({ textPort: 0, tlsCert: cert.certPath, tlsKey: cert.keyPath });
});
afterAll(() => server.close());

/** One participant: how it speaks, and how it is told of others, in its own form. */
interface Participant {
  nick: string;
  say(text: string): void;
  seesArrival(nick: string): Promise<void>;
  seesLine(from: string, text: string): Promise<void>;
  seesDeparture(nick: string): Promise<void>;
  /** Close the connection cleanly. */
  leave(): void;
}

async function nativeUser(): Promise<Participant> {
  const ws = await WsTestClient.open(server.wsUrl);
  await ws.connect('webuser');
  await ws.join('lobby');
  return {
    nick: 'webuser',
    say: (text) => ws.send({ action: 'chat', room: 'lobby', message: text }),
    seesArrival: async (nick) => void (await ws.next({ action: 'join', room: 'lobby', nick })),
    seesLine: async (from, text) =>
      void (await ws.next({ action: 'chat', room: 'lobby', from, message: text })),
    seesDeparture: async (nick) => void (await ws.next({ action: 'quit', nick, rooms: ['lobby'] })),
    leave: () => ws.close(),
  };
}

async function chatDemoUser(): Promise<Participant> {
  const demo = await FramedClient.openTls(server.tcpPort, 4, cert.cert);
  demo.send({ action: 'join', room: 'lobby' });
  demo.send({ room: 'lobby', msg: 'who am I?' });
  const own = await demo.next({ msg: 'who am I?' });
  return {
    nick: String(own.from),
    say: (text) => demo.send({ room: 'lobby', msg: text }),
    seesArrival: async (nick) => void (await demo.next({ room: 'lobby', msg: `${nick} joined` })),
    seesLine: async (from, text) => {
      expect(await demo.next({ msg: text })).toEqual({ room: 'lobby', msg: text, from });
    },
    seesDeparture: async (nick) => void (await demo.next({ room: '*', msg: `${nick} quit` })),
    leave: () => demo.close(),
  };
}

async function caseStudyUser(): Promise<Participant> {
  const eric = await FramedClient.open(server.tcpPort, 3);
  eric.send({ action: 'connect', username: 'Eric' });
  eric.send({ action: 'joinroom', room: 'lobby' });
  await eric.next({ action: 'ok', re: 'joinroom' });
  return {
    nick: 'Eric',
    say: (text) => eric.send({ action: 'chat', room: 'lobby', message: text }),
    seesArrival: async (nick) => void (await eric.next({ action: 'joinroom', room: 'lobby', from: nick })),
    seesLine: async (from, text) => {
      expect(await eric.next({ action: 'chat', message: text })).toEqual({
        action: 'chat',
        room: 'lobby',
        message: text,
        from,
      });
    },
    seesDeparture: async (nick) => void (await eric.next({ action: 'quit', from: nick })),
    leave: () => eric.close(),
  };
}

async function aiohttpUser(): Promise<Participant> {
  const chat = await WsTestClient.open(server.chatUrl);
  const { user } = await chat.next('connecting');
  chat.send({ action: 'join_room', room: 'lobby' });
  expect(await chat.next('join_room')).toEqual({ action: 'join_room', success: true, message: '' });
  return {
    nick: String(user),
    say: (text) => chat.send({ action: 'chat_message', message: text }),
    seesArrival: async (nick) => void (await chat.next({ action: 'joined', room: 'lobby', user: nick })),
    seesLine: async (from, text) => {
      expect(await chat.next({ action: 'chat_message', message: text })).toEqual({
        action: 'chat_message',
        message: text,
        user: from,
      });
    },
    seesDeparture: async (nick) =>
      void (await chat.next({ action: 'left', room: 'lobby', user: nick, shame: false })),
    leave: () => chat.close(),
  };
}

async function tp6User(): Promise<Participant> {
  const zoe = await TextClient.hello(server.textPort!, 'Zoé');
  return {
    nick: 'Zoé',
    say: (text) => zoe.write(text),
    seesArrival: async (nick) => void (await zoe.next(`Annonce : ${nick} a rejoint la chatroom`)),
    seesLine: async (from, text) => void (await zoe.next(`${from} a dit : ${text}`)),
    seesDeparture: async (nick) => void (await zoe.next(`Annonce : ${nick} a quitté la chatroom`)),
    leave: () => zoe.close(),
  };
}

describe('five dialects in one room', () => {
  it('see each other arrive, speak and leave, each in its own form', async () => {
    const present: Participant[] = [];
    for (const arrive of [nativeUser, chatDemoUser, caseStudyUser, aiohttpUser, tp6User]) {
      const newcomer = await arrive();
      for (const earlier of present) await earlier.seesArrival(newcomer.nick);
      present.push(newcomer);
    }
    expect(new Set(present.map((p) => p.nick)).size).toBe(5);
    for (const speaker of present) {
      const text = `hello from ${speaker.nick}, ça va ?`;
      speaker.say(text);
      for (const listener of present) if (listener !== speaker) await listener.seesLine(speaker.nick, text);
    }
    // Everyone leaves in turn, first come first gone; those still there hear of it.
    while (present.length > 0) {
      const leaving = present.shift()!;
      leaving.leave();
      for (const staying of present) await staying.seesDeparture(leaving.nick);
    }
  });
});
