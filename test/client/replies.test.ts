// What the SDK reads from a real server, checked against the protocol's reply types: every request the SDK makes
// gets an answer of the kind isReplyTo expects, and of exactly the shape (strict schemas, no extra field) that
// src/protocol/replies.ts declares. A transport wrapper sees the same JSON texts the SDK parses.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ChatClient, defaultTransport } from '../../src/client/index.js';
import type { TransportFactory } from '../../src/client/index.js';
import { isClientAction, isReplyTo } from '../../src/protocol/index.js';
import type { ClientAction } from '../../src/protocol/index.js';
import { replySchemas } from '../support/replies.js';
import type { AnsweredAction } from '../support/replies.js';
import { startTestServer } from '../support/server.js';
import type { TestServer } from '../support/server.js';

/** The JSON texts one client sent and received, parsed. */
interface Tap {
  sent: Record<string, unknown>[];
  received: Record<string, unknown>[];
}

function parse(text: string): Record<string, unknown> {
  const value: unknown = JSON.parse(text);
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    throw new Error(`not an object: ${text}`);
  return { ...value };
}

/** The default transport, with every text in and out recorded. */
function tapped(tap: Tap): TransportFactory {
  return async (url, handlers, options) => {
    const transport = await defaultTransport(
      url,
      {
        open: () => handlers.open(),
        message: (text) => {
          tap.received.push(parse(text));
          handlers.message(text);
        },
        closed: (error) => handlers.closed(error),
      },
      options,
    );
    return {
      send: (text) => {
        tap.sent.push(parse(text));
        transport.send(text);
      },
      close: () => transport.close(),
      destroy: () => transport.destroy(),
    };
  };
}

function isAnswered(action: ClientAction): action is AnsweredAction {
  return Object.hasOwn(replySchemas, action);
}

/** Each answer the tap saw, with the action of the request it answers (by id; the URL's connect and quit by kind). */
function answers(tap: Tap): { action: AnsweredAction; answer: Record<string, unknown> }[] {
  const asked = new Map<unknown, ClientAction>();
  for (const request of tap.sent) {
    if (request.id !== undefined && isClientAction(request.action)) asked.set(request.id, request.action);
  }
  const found: { action: AnsweredAction; answer: Record<string, unknown> }[] = [];
  for (const answer of tap.received) {
    const action =
      answer.id !== undefined
        ? asked.get(answer.id)
        : answer.action === 'welcome'
          ? 'connect'
          : answer.action === 'ok' && answer.re === 'quit'
            ? 'quit'
            : undefined;
    if (action !== undefined && isAnswered(action) && answer.action !== 'error')
      found.push({ action, answer });
  }
  return found;
}

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(() => server.close());

describe.each(['tcp', 'ws'] as const)('the answers the SDK reads over %s', (scheme) => {
  it('match the reply type of every request action', async () => {
    const url = scheme === 'tcp' ? `tcp://127.0.0.1:${server.tcpPort}` : server.wsUrl;
    const tap: Tap = { sent: [], received: [] };
    const amy = new ChatClient({ url, nick: `amy-${scheme}`, transport: tapped(tap), pingIntervalMs: 50 });
    const bob = new ChatClient({ url, nick: `bob-${scheme}` });
    await Promise.all([amy.connect(), bob.connect()]);
    const room = `replies-${scheme}`;
    await bob.join(room);
    await amy.join(room);
    await amy.send(room, 'hello');
    await amy.sendDirect(`bob-${scheme}`, 'psst');
    await amy.roomsPage();
    await amy.membersPage(room);
    await amy.setTopic(room, 'typed');
    await amy.topic(room);
    await amy.history({ room });
    await amy.history({ with: `bob-${scheme}` });
    await amy.setNick(`amy2-${scheme}`);
    await amy.leave(room);
    // The watchdog pings after pingIntervalMs of silence: wait for its pong.
    await expect.poll(() => tap.received.some((m) => m.action === 'pong'), { timeout: 5000 }).toBe(true);
    await amy.close();
    await bob.close();

    const seen = answers(tap);
    for (const { action, answer } of seen) {
      const checked = replySchemas[action].safeParse(answer);
      expect(checked.success, `${action}: ${JSON.stringify(answer)}: ${checked.error?.message}`).toBe(true);
      if (checked.success)
        expect(isReplyTo(action, checked.data), `${action}: ${JSON.stringify(answer)}`).toBe(true);
    }
    const kinds = new Set(
      seen.map(({ action, answer }) => (action === 'topic' ? `topic/${'by' in answer}` : action)),
    );
    const expected = Object.keys(replySchemas).flatMap((a) =>
      a === 'topic' ? ['topic/true', 'topic/false'] : [a],
    );
    expect([...kinds].sort()).toEqual(expected.sort());
  });
});
