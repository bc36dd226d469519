// The HTTP front: raw request lines, headers and targets over a TCP socket to the HTTP port, upgrades included
// (odd targets, versions, keys, origins), sometimes followed by WebSocket frames written by hand.
import { mutateBytes } from './mutate.js';
import type { ConnPlan, Ending, Frame, Fuzzer } from './plan.js';
import type { Rng } from './prng.js';
import { NATIVE } from './seeds.js';

const TARGETS = [
  '/',
  '/ws',
  '/chat',
  '/echo',
  '/healthz',
  '/metrics',
  '/index.html',
  '/assets/index.js',
  '/favicon.ico',
  '/../../etc/passwd',
  '/%2e%2e/%2e%2e/etc/passwd',
  '//[',
  '/%',
  '/%zz',
  '//:99999/ws',
  'http://x:99999/ws',
  'http://localhost/ws',
  'http://[::1/ws',
  '*',
  '/ws?username=alice&version=1',
  '/ws?username=%ff',
  '/ws?username=',
  '/ws#frag',
  '/ws/',
  '/WS',
  '/ws?',
  '/ws?&&&',
  '/ws?username=a&username=b',
  '/echo?x=%',
  '/chat/../ws',
  '',
  ' /ws',
  '/ws ',
  '/\u00e9',
  '/\u0000',
  'ws://host/ws',
  '/healthz?x',
  '/metrics/',
  '//',
  '/.',
  '\\ws',
];

const METHODS = [
  'GET',
  'GET',
  'GET',
  'POST',
  'HEAD',
  'OPTIONS',
  'PUT',
  'DELETE',
  'CONNECT',
  'PRI',
  'get',
  'G\u0000T',
  'X'.repeat(40),
  '',
];
const VERSIONS = [
  'HTTP/1.1',
  'HTTP/1.1',
  'HTTP/1.1',
  'HTTP/1.0',
  'HTTP/0.9',
  'HTTP/2.0',
  'HTTP/1.2',
  'HTTP/1',
  'HTTP/9.9',
  'http/1.1',
  '',
  'HTTP/1.1 extra',
];
const KEYS = [
  'dGhlIHNhbXBsZSBub25jZQ==',
  '',
  'short',
  'x'.repeat(200),
  '====',
  'dGhlIHNhbXBsZSBub25jZQ==, x',
];
const ORIGINS = [
  'http://127.0.0.1',
  'http://evil.example',
  'null',
  '',
  'file://',
  'http://[::1]:99999',
  '\u00e9',
];

/** The target, sometimes mangled further. */
function target(rng: Rng): string {
  const base = rng.pick(TARGETS);
  return rng.weighted<() => string>([
    [7, () => base],
    [1, () => `/${'a'.repeat(rng.pick([100, 8000, 20_000]))}`],
    [1, () => mutateBytes(rng, Buffer.from(base || '/ws')).toString('latin1')],
    [
      1,
      () =>
        `${base}?username=${rng.pick(['%', '%ff%fe', 'a'.repeat(300), '\u0430lice', ''])}&version=${rng.pick(['1', 'x', '-1', '1e9'])}`,
    ],
  ])();
}

/** Headers of a request: an upgrade's (usually), with odd values, duplicates and junk now and then. */
function headers(rng: Rng, upgrade: boolean, bodyLength: number): string[] {
  const h: string[] = [];
  if (rng.chance(0.9))
    h.push(`Host: ${rng.pick(['127.0.0.1', 'localhost:8080', '', 'evil.example', '[::1', 'a'.repeat(300)])}`);
  if (upgrade) {
    if (rng.chance(0.95))
      h.push(`Upgrade: ${rng.pick(['websocket', 'websocket', 'WebSocket', 'h2c', '', 'websocket, x'])}`);
    if (rng.chance(0.95))
      h.push(`Connection: ${rng.pick(['Upgrade', 'upgrade', 'keep-alive, Upgrade', 'close', ''])}`);
    if (rng.chance(0.9)) h.push(`Sec-WebSocket-Key: ${rng.pick(KEYS)}`);
    if (rng.chance(0.9)) h.push(`Sec-WebSocket-Version: ${rng.pick(['13', '13', '8', '', '99', 'x'])}`);
    if (rng.chance(0.3)) h.push(`Origin: ${rng.pick(ORIGINS)}`);
    if (rng.chance(0.1))
      h.push(`Sec-WebSocket-Extensions: ${rng.pick(['permessage-deflate', 'x; y=', ';;;'])}`);
    if (rng.chance(0.1)) h.push(`Sec-WebSocket-Protocol: ${rng.pick(['chat', '', ',,', 'a b'])}`);
  }
  if (bodyLength > 0 || rng.chance(0.05)) {
    h.push(
      `Content-Length: ${rng.chance(0.9) ? bodyLength : rng.pick(['-1', '1e3', 'x', '99999999999999999999', `${bodyLength}, ${bodyLength + 1}`])}`,
    );
  }
  if (rng.chance(0.05)) h.push('Transfer-Encoding: chunked');
  if (rng.chance(0.05)) h.push(`X-Big: ${'b'.repeat(rng.pick([1000, 17_000, 70_000]))}`);
  if (rng.chance(0.05))
    h.push(rng.pick([' folded', 'NoColon', ': empty-name', 'X: a\u0000b', 'X\t: y', 'X: \u00e9']));
  if (rng.chance(0.03)) for (let i = 0; i < 200; i++) h.push(`X-${i}: ${i}`);
  return h;
}

/** A client WebSocket frame by hand: FIN (usually), an opcode, the mask, and a payload (or a lying length). */
function wsFrame(rng: Rng, payload: Buffer): Buffer {
  const opcode = rng.weighted([
    [8, 1],
    [1, 2],
    [1, rng.pick([0, 3, 8, 9, 10, 15])],
  ]);
  const fin = rng.chance(0.9) ? 0x80 : 0;
  const masked = rng.chance(0.95) ? 0x80 : 0;
  let len: Buffer;
  if (payload.length < 126 && rng.chance(0.9)) len = Buffer.from([masked | payload.length]);
  else if (rng.chance(0.9)) {
    len = Buffer.alloc(3);
    len[0] = masked | 126;
    len.writeUInt16BE(Math.min(payload.length, 0xffff), 1);
  } else {
    len = Buffer.alloc(9);
    len[0] = masked | 127;
    len.writeBigUInt64BE(rng.pick([BigInt(payload.length), 2n ** 63n - 1n, 2n ** 32n]), 1);
  }
  const mask = masked ? rng.bytes(4) : Buffer.alloc(0);
  const body = Buffer.from(payload);
  if (masked) for (let i = 0; i < body.length; i++) body[i] = body[i]! ^ mask[i & 3]!;
  return Buffer.concat([Buffer.from([fin | opcode]), len, mask, body]);
}

function* httpFrames(rng: Rng): Generator<Frame> {
  const requests = rng.weighted<() => number>([
    [6, () => 1],
    [3, () => rng.range(2, 5)],
    [1, () => rng.range(5, 30)],
  ])();
  for (let r = 0; r < requests; r++) {
    const last = r === requests - 1;
    const upgrade = last && rng.chance(0.6);
    const body = rng.chance(0.1) ? rng.bytes(rng.length(300)) : Buffer.alloc(0);
    const eol = rng.chance(0.95) ? '\r\n' : rng.pick(['\n', '\r', '\n\r']);
    const line = `${rng.pick(METHODS)} ${upgrade ? rng.pick(TARGETS.slice(0, 20)) : target(rng)} ${rng.pick(VERSIONS)}`;
    const head = [rng.chance(0.05) ? target(rng) : line, ...headers(rng, upgrade, body.length)].join(eol);
    let request: Buffer = Buffer.concat([Buffer.from(`${head}${eol}${eol}`, 'latin1'), body]);
    if (rng.chance(0.1)) request = mutateBytes(rng, request);
    if (rng.chance(0.05) && request.length > 2) {
      const cut = rng.int(request.length); // a request split across writes
      yield { data: request.subarray(0, cut) };
      yield { data: request.subarray(cut) };
    } else yield { data: request };
    if (upgrade && rng.chance(0.5)) {
      const frames = rng.range(1, 20);
      for (let i = 0; i < frames; i++) {
        const payload = rng.chance(0.7) ? Buffer.from(rng.pick(NATIVE)) : rng.bytes(rng.length(300));
        yield { data: rng.chance(0.9) ? wsFrame(rng, payload) : rng.bytes(rng.length(64)) };
      }
    }
  }
}

/** The HTTP front and its upgrade path. */
export const httpFuzzer: Fuzzer = {
  name: 'http',
  about: 'raw HTTP requests and upgrades to the HTTP port (odd targets, headers, versions, hand-made frames)',
  parallel: 2,
  connection: (rng): ConnPlan => ({
    target: { kind: 'http' },
    frames: httpFrames(rng),
    ending: rng.weighted<Ending>([
      [3, 'linger'],
      [3, 'reset'],
      [2, 'end'],
      [1, 'half-close'],
      [0.3, 'stall'],
    ]),
    waitMs: rng.weighted([
      [4, 0],
      [4, rng.range(1, 30)],
      [1, rng.range(30, 300)],
    ]),
  }),
};
