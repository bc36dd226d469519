// JSON nested tens of thousands deep, on every JSON dialect of a real server process: each gets invalid_json, keeps
// its connection, and the process lives on to serve the next client (it used to die of a stack overflow).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAX_JSON_DEPTH, encodeFrame } from '../../src/protocol/index.js';
import { TcpTestClient, WsTestClient } from '../support/clients.js';
import { spawnServer } from '../support/spawn.js';
import type { SpawnedServer } from '../support/spawn.js';
import { FramedClient } from '../dialects/wire.js';

/** 30,000 nested arrays: 60,000 bytes, under the default frame limit, so the depth rule is what refuses it. */
const DEEP = '['.repeat(30_000) + ']'.repeat(30_000);
/** A deep value inside an object that each dialect would otherwise act on. */
const DEEP_IN_MESSAGE = `{"action":"chat","room":"r","message":${DEEP}}`;
const TOO_DEEP = new RegExp(`deeper than ${MAX_JSON_DEPTH} levels`);

let server: SpawnedServer;

beforeAll(async () => {
  server = await spawnServer();
});
afterAll(() => {
  server.child.kill('SIGKILL');
});

const url = (path: string): string => `ws://127.0.0.1:${server.httpPort}${path}`;

/** The process is alive and a new native client is served. */
async function expectServing(): Promise<void> {
  expect(server.child.exitCode).toBeNull();
  const probe = await WsTestClient.open(server.wsUrl);
  await probe.connect();
  probe.close();
}

describe('deeply nested JSON', () => {
  it('/echo answers an error, then echoes the next frame', async () => {
    const client = await WsTestClient.open(url('/echo'));
    for (const text of [DEEP, `{"a":${DEEP}}`]) {
      client.sendRaw(text);
      expect(String((await client.next((m) => 'error' in m)).error)).toMatch(TOO_DEEP);
    }
    // Exactly at the limit is fine: the echo adds its own level around it.
    const atLimit = '['.repeat(MAX_JSON_DEPTH) + ']'.repeat(MAX_JSON_DEPTH);
    client.sendRaw(atLimit);
    expect(JSON.stringify((await client.next((m) => 'echo' in m)).echo)).toBe(atLimit);
    client.close();
    await expectServing();
  });

  it('native over TCP and WebSocket answer invalid_json and keep the connection', async () => {
    const tcp = await TcpTestClient.open(server.tcpPort);
    const ws = await WsTestClient.open(server.wsUrl);
    tcp.sendRaw(encodeFrame(Buffer.from(DEEP_IN_MESSAGE), 4));
    ws.sendRaw(DEEP_IN_MESSAGE);
    for (const client of [tcp, ws]) {
      const error = await client.next('error');
      expect(error.code).toBe('invalid_json');
      expect(String(error.message)).toMatch(TOO_DEEP);
      await client.connect(); // the same connection goes on
      client.close();
    }
    await expectServing();
  });

  it('the case study (uint24 frames) answers invalid_json and keeps the connection', async () => {
    const client = await FramedClient.open(server.tcpPort, 3);
    client.sendRaw(encodeFrame(Buffer.from(DEEP_IN_MESSAGE), 3));
    const error = await client.next('error');
    expect(error).toMatchObject({ code: 'invalid_json', from: '*server*' });
    expect(String(error.message)).toMatch(TOO_DEEP);
    client.send({ action: 'connect', username: 'casey' });
    expect(await client.next('connect')).toMatchObject({ username: 'casey' });
    client.close();
    await expectServing();
  });

  it('the chat demo answers invalid_json and keeps the connection', async () => {
    const client = await FramedClient.open(server.tcpPort, 4);
    client.send({ action: 'join', room: 'demo' }); // its first frame makes it a chat demo session
    client.sendRaw(encodeFrame(Buffer.from(`{"room":"demo","msg":${DEEP}}`), 4));
    const error = await client.next('error');
    expect(error.code).toBe('invalid_json');
    expect(String(error.message)).toMatch(TOO_DEEP);
    client.send({ room: 'demo', msg: 'still here' });
    expect(await client.next((m) => m.msg === 'still here')).toMatchObject({ room: 'demo' });
    client.close();
    await expectServing();
  });

  it('aiohttp /chat answers an error and keeps the connection', async () => {
    const client = await WsTestClient.open(url('/chat'));
    await client.next('joined');
    client.sendRaw(`{"action":"set_nick","nick":${DEEP}}`);
    const error = await client.next((m) => m.success === false);
    expect(String(error.message)).toMatch(TOO_DEEP);
    client.send({ action: 'set_nick', nick: 'deepdiver' });
    expect(await client.next('set_nick')).toMatchObject({ success: true });
    client.close();
    await expectServing();
  });
});
