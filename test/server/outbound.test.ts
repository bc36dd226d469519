// An outbound message is stringified once for every JSON dialect, and the sender's copy is spliced from it.
import pino from 'pino';
import { describe, expect, it } from 'vitest';
import type { ServerMessage } from '../../src/protocol/index.js';
import type { Dialect } from '../../src/server/dialects/dialect.js';
import { Outbound, encodeFor } from '../../src/server/outbound.js';
import { buildConfig } from '../../src/server/config.js';
import { Hub } from '../../src/server/hub.js';
import { localSeams } from '../../src/server/seams/local.js';
import { MemoryStore } from '../../src/store/memory.js';

const event: ServerMessage = {
  action: 'chat',
  room: 'lobby',
  message: 'héllo "quoted" \u2028 ✓',
  from: 'alice',
  mid: 'm1',
  seq: 7,
  ts: 1_700_000_000_000,
};

/** A JSON dialect that counts how often it is asked to encode. */
function jsonDialect(): Dialect & { calls: number } {
  const dialect = {
    name: 'json',
    answersPing: true,
    calls: 0,
    encode: (message: ServerMessage) => Buffer.from(JSON.stringify(message)),
    frameJson: (json: string) => {
      dialect.calls++;
      return Buffer.from(json);
    },
    attach: () => ({ receive: () => undefined }),
  };
  return dialect;
}

describe('Outbound', () => {
  it('splices added fields into the same text JSON.stringify gives the merged message', () => {
    const out = new Outbound(event);
    for (const fields of [{ id: 42 }, { id: 'req "1"' }, { id: 3, duplicate: true }, {}]) {
      const own = out.extend(fields);
      expect(own.json).toBe(JSON.stringify({ ...event, ...fields }));
      expect(own.message).toEqual({ ...event, ...fields });
      expect(JSON.parse(own.json)).toEqual({ ...event, ...fields });
    }
  });

  it('encodes once per dialect however many members take it', () => {
    const out = new Outbound(event);
    const a = jsonDialect();
    const b = jsonDialect();
    const first = out.bytesFor(a);
    for (let i = 0; i < 5; i++) expect(out.bytesFor(a)).toBe(first);
    out.bytesFor(b);
    out.bytesFor(b);
    expect([a.calls, b.calls]).toEqual([1, 1]);
    expect(Buffer.from(first!).toString()).toBe(JSON.stringify(event));
  });

  it('falls back to encode for dialects that are not JSON text', () => {
    const seen: boolean[] = [];
    const text: Dialect = {
      name: 'text',
      answersPing: false,
      encode: (message, self) => {
        seen.push(self);
        return message.action === 'chat' ? Buffer.from(`${message.from}: ${message.message}\n`) : null;
      },
      attach: () => ({ receive: () => undefined }),
    };
    const out = new Outbound(event);
    expect(Buffer.from(encodeFor(text, out, true)!).toString()).toBe(`alice: ${event.message}\n`);
    out.bytesFor(text);
    expect(seen).toEqual([true, false]);
  });
});

describe('the welcome', () => {
  it('is the same text JSON.stringify gives, with and without a request id', () => {
    const hub = new Hub(buildConfig({}), new MemoryStore(), pino({ level: 'silent' }), localSeams);
    const session = { nick: 'ålice "q"' };
    for (const id of [undefined, 7, 'req-1']) {
      const out = hub.welcomeOut(session, id);
      expect(out.json).toBe(JSON.stringify(hub.welcome(session, id)));
      expect(JSON.parse(out.json)).toMatchObject({ action: 'welcome', nick: 'ålice "q"', version: 1 });
    }
    hub.dispose();
  });
});
