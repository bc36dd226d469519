// One fuzzer per decoder and wire dialect: each plans connections of mutated, random and hostile frames.
import { deepPayload, longString, mutateBytes, mutateJson, mutateText } from './mutate.js';
import type { ConnPlan, Ending, Frame, Fuzzer, Target } from './plan.js';
import type { Rng } from './prng.js';
import { AIOHTTP, CASE_STUDY, CHAT_DEMO, ECHO, NATIVE, TP6, hostileAiohttp, hostileNative } from './seeds.js';
import { httpFuzzer } from './http.js';

/** The server's default largest frame: the length prefixes aim at its edges. */
const MAX_FRAME = 64 * 1024;

/** How many frames a connection sends: mostly a few dozen, sometimes one, sometimes hundreds. */
export function frameCount(rng: Rng): number {
  return rng.weighted<() => number>([
    [3, () => rng.range(1, 5)],
    [5, () => rng.range(5, 60)],
    [2, () => rng.range(60, 300)],
  ])();
}

/** How a connection ends, and after how long a pause. */
export function ending(rng: Rng): { ending: Ending; waitMs: number } {
  const end = rng.weighted<Ending>([
    [3, 'end'],
    [3, 'reset'],
    [1, 'destroy'],
    [1, 'half-close'],
    [0.3, 'stall'],
    [1, 'linger'],
  ]);
  const waitMs = rng.weighted<() => number>([
    [5, () => 0],
    [3, () => rng.range(1, 20)],
    [1, () => rng.range(20, 300)],
  ])();
  return { ending: end, waitMs };
}

/** A length prefix of prefixBytes bytes, little-endian; usually the payload's length, sometimes a lie. */
function prefixFor(rng: Rng, length: number, prefixBytes: 3 | 4): Buffer {
  const max = prefixBytes === 4 ? 0xffffffff : 0xffffff;
  let claimed = length;
  if (rng.chance(0.06)) {
    claimed = rng.pick([
      0,
      1,
      length + 1,
      length + rng.range(2, 100),
      Math.max(0, length - 1),
      MAX_FRAME,
      MAX_FRAME + 1,
      0xffffff,
      max,
      0x80000000 & max,
    ]);
  }
  const out = Buffer.alloc(prefixBytes);
  out.writeUIntLE(Math.min(claimed, max) >>> 0, 0, prefixBytes);
  return out;
}

/** Options of a stream of JSON payloads. */
interface JsonStream {
  seeds: readonly string[];
  /** Valid messages that usually open the connection (a connect, a join), so later frames reach the handlers. */
  opening: readonly string[];
  /** 0 for WebSocket messages, else the length prefix size. */
  prefix: 0 | 3 | 4;
  hostile?: (rng: Rng) => string[];
  /** Weight of deep-nesting payloads (the /echo decoder holds whole values). */
  deep?: number;
}

/** One payload: a mutation of a seed, a seed as is, a deep or long one, or random bytes. */
function payload(rng: Rng, s: JsonStream, queue: string[]): Buffer {
  const seed = rng.pick(s.seeds);
  return rng.weighted<() => Buffer>([
    [
      50,
      () => {
        const text = Buffer.from(mutateJson(rng, seed));
        return rng.chance(0.3) ? mutateBytes(rng, text) : text;
      },
    ],
    [15, () => Buffer.from(seed)],
    [
      s.hostile ? 4 : 0,
      () => {
        queue.push(...s.hostile!(rng));
        return Buffer.from(queue.shift()!);
      },
    ],
    [s.deep ?? 2, () => Buffer.from(deepPayload(rng, seed))],
    [8, () => rng.bytes(rng.length(2048))],
    [6, () => mutateBytes(rng, Buffer.from(seed), Buffer.from(rng.pick(s.seeds)))],
    [3, () => Buffer.from(JSON.stringify({ action: 'chat', room: 'watch', message: longString(rng) }))],
    [1, () => Buffer.alloc(0)],
  ])();
}

/** The frames of one connection of a JSON dialect: the opening (usually), then mutated payloads. */
export function* jsonFrames(rng: Rng, s: JsonStream): Generator<Frame> {
  const opening = rng.chance(0.85) ? s.opening.filter((_, i) => i === 0 || rng.chance(0.6)) : [];
  const count = frameCount(rng);
  const queue: string[] = [];
  for (let i = 0; i < count; i++) {
    const data =
      i < opening.length
        ? Buffer.from(opening[i]!)
        : queue.length > 0
          ? Buffer.from(queue.shift()!)
          : payload(rng, s, queue);
    if (s.prefix === 0) {
      yield rng.chance(0.03) ? { data, binary: true } : { data };
    } else if (rng.chance(0.02)) {
      yield { data: rng.bytes(rng.length(512)) }; // unframed garbage mid-stream
    } else {
      const prefix = prefixFor(rng, data.length, s.prefix);
      if (rng.chance(0.05) && data.length > 1) {
        // A frame split across two writes: the decoder must wait for the rest.
        const cut = rng.int(data.length);
        yield { data: Buffer.concat([prefix, data.subarray(0, cut)]) };
        yield { data: data.subarray(cut) };
      } else {
        yield { data: Buffer.concat([prefix, data]) };
      }
    }
  }
}

/** A fuzzer of a JSON dialect on one target. */
function jsonFuzzer(
  name: string,
  about: string,
  target: (rng: Rng) => Target,
  s: JsonStream,
  needsTls = false,
): Fuzzer {
  return {
    name,
    about,
    needsTls,
    connection: (rng): ConnPlan => ({ target: target(rng), frames: jsonFrames(rng, s), ...ending(rng) }),
  };
}

/** TP6 text: a hello (usually well formed), then typed lines with hostile parts, or random bytes. */
function* textFrames(rng: Rng): Generator<Frame> {
  const count = frameCount(rng);
  const hello = `Hello|${rng.pick(['fz', 'Fz', 'a b', 'é', '\u0430lice', '', 'x'.repeat(40), 'watch', 'fz\nhi'])}`;
  for (let i = 0; i < count; i++) {
    if (i === 0 && rng.chance(0.9)) {
      yield { data: rng.chance(0.8) ? Buffer.from(hello) : mutateText(rng, hello) };
      continue;
    }
    yield rng.weighted<() => Frame>([
      [6, () => ({ data: mutateText(rng, rng.pick(TP6)) })],
      [3, () => ({ data: Buffer.from(rng.pick(TP6)) })],
      [1, () => ({ data: rng.bytes(rng.length(2048)) })],
      [1, () => ({ data: Buffer.from(`spam ${i}\n`.repeat(rng.range(1, 200))) })],
    ])();
  }
}

function textFuzzer(name: string, about: string, kind: 'text' | 'tcp'): Fuzzer {
  return {
    name,
    about,
    connection: (rng): ConnPlan => ({ target: { kind }, frames: textFrames(rng), ...ending(rng) }),
  };
}

/** First bytes of every kind, for the TCP port's dialect sniffer: most connections then reset. */
function* snifferFrames(rng: Rng): Generator<Frame> {
  const first = rng.weighted<() => Buffer>([
    [3, () => rng.bytes(rng.range(1, 16))],
    [2, () => Buffer.from([1, 2, 3, 4, 5, 6])],
    [3, () => Buffer.concat([Buffer.from([0x16, 0x03, rng.range(0, 5)]), rng.bytes(rng.length(300))])],
    [1, () => Buffer.from([0x16])],
    [1, () => Buffer.from([0x16, 0x03])],
    [2, () => Buffer.concat([rng.bytes(3), Buffer.from([rng.range(1, 255)]), rng.bytes(rng.length(64))])],
    [
      2,
      () => Buffer.concat([Buffer.from([rng.int(256), rng.int(256), rng.range(9, 255), 0x7b]), rng.bytes(8)]),
    ],
    [
      2,
      () =>
        Buffer.from(
          rng.pick([
            'Hi {',
            'GET / HTTP/1.1\r\n\r\n',
            'PRI * HTTP/2.0\r\n',
            'SSH-2.0-x\r\n',
            '\r\n\r\n',
            'Hel',
          ]),
        ),
    ],
    [1, () => Buffer.alloc(0)],
    [1, () => Buffer.from([0, 0, 0, 0])],
  ])();
  if (first.length > 0) yield { data: first };
  // Sometimes more bytes after the verdict (the server may be closing by then).
  const more = rng.weighted([
    [6, 0],
    [3, 1],
    [1, rng.range(2, 20)],
  ]);
  for (let i = 0; i < more; i++) yield { data: rng.bytes(rng.length(4096)) };
}

/** Every fuzzer, by name. */
export const FUZZERS: readonly Fuzzer[] = [
  jsonFuzzer('native-tcp', 'native protocol over TCP (uint32-LE + JSON)', () => ({ kind: 'tcp' }), {
    seeds: NATIVE,
    opening: [NATIVE[0]!, NATIVE[4]!],
    prefix: 4,
    hostile: hostileNative,
  }),
  jsonFuzzer('case-study', 'asyncio case study over TCP (uint24-LE + JSON)', () => ({ kind: 'tcp' }), {
    seeds: CASE_STUDY,
    opening: [CASE_STUDY[0]!, CASE_STUDY[2]!],
    prefix: 3,
    hostile: hostileNative,
  }),
  jsonFuzzer('chat-demo', 'chat demo over TCP (uint32-LE + its JSON)', () => ({ kind: 'tcp' }), {
    seeds: CHAT_DEMO,
    opening: [CHAT_DEMO[1]!, CHAT_DEMO[3]!],
    prefix: 4,
  }),
  textFuzzer('tp6-text', 'TP6 text on the text port', 'text'),
  textFuzzer('tp6-sniffed', 'TP6 text sniffed on the TCP port', 'tcp'),
  jsonFuzzer('ws-native', 'native protocol over WebSocket /ws', wsNativeTarget, {
    seeds: NATIVE,
    opening: [NATIVE[0]!, NATIVE[4]!],
    prefix: 0,
    hostile: hostileNative,
  }),
  jsonFuzzer('ws-chat', 'aiohttp-chat over WebSocket /chat', () => ({ kind: 'ws', path: '/chat' }), {
    seeds: AIOHTTP,
    opening: [AIOHTTP[1]!],
    prefix: 0,
    hostile: hostileAiohttp,
  }),
  jsonFuzzer('ws-echo', 'aiohttp /echo over WebSocket', () => ({ kind: 'ws', path: '/echo' }), {
    seeds: ECHO,
    opening: [],
    prefix: 0,
    deep: 6,
  }),
  httpFuzzer,
  {
    name: 'sniffer',
    about: 'first bytes on the TCP port (unknown, TLS-looking, near-misses), then mostly a reset',
    needsTls: true,
    parallel: 4,
    connection: (rng): ConnPlan => ({
      target: { kind: 'tcp' },
      frames: snifferFrames(rng),
      ending: rng.weighted<Ending>([
        [6, 'reset'],
        [2, 'end'],
        [1, 'destroy'],
        [1, 'linger'],
        [0.5, 'stall'],
      ]),
      waitMs: rng.weighted([
        [4, 0],
        [5, rng.range(1, 20)],
        [1, rng.range(20, 200)],
      ]),
    }),
  },
  jsonFuzzer(
    'tls',
    'native protocol over TLS on the TCP port',
    () => ({ kind: 'tls' }),
    {
      seeds: NATIVE,
      opening: [NATIVE[0]!, NATIVE[4]!],
      prefix: 4,
      hostile: hostileNative,
    },
    true,
  ),
];

/** /ws, sometimes with a connect in its query (odd usernames and versions included). */
function wsNativeTarget(rng: Rng): Target {
  if (!rng.chance(0.3)) return { kind: 'ws', path: '/ws' };
  const name = rng.pick(['alice', '', 'a b', '\u0430lice', 'x'.repeat(100), '%', '\u0000', '😀']);
  const version = rng.pick(['1', '2', '0', '-1', 'x', '99999999999999999999', '']);
  const query = `username=${encodeURIComponent(name)}${rng.chance(0.5) ? `&version=${version}` : ''}`;
  return { kind: 'ws', path: `/ws?${rng.chance(0.1) ? `${query}&${query}` : query}` };
}
