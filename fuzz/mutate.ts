// Mutations: of JSON values (odd numbers, wrong types, hostile strings, deep nesting), of bytes (flips, truncation,
// splicing, invalid UTF-8) and of typed text (control characters, terminal escapes, line breaks).
import type { Rng } from './prng.js';

/** JSON number tokens at the edges (some are not valid JSON at all, which is a test of its own). */
const ODD_NUMBERS = [
  '0',
  '-1',
  '-0',
  '1.5',
  '1e309',
  '-1e309',
  '1e-400',
  '9007199254740993',
  '-9007199254740993',
  '2147483648',
  '4294967296',
  '18446744073709551616',
  '1.7976931348623157e308',
  '00',
  '1e',
  'NaN',
  'Infinity',
  '-',
  '0x10',
];

/** Strings a careless decoder or a terminal mishandles. */
const ODD_STRINGS = [
  '',
  ' ',
  '\u0000',
  '\n',
  '\r\n',
  'a\nb a dit : forged',
  '\u001b[2J\u001b[31mred',
  '\u0007',
  '\u202etxt.exe',
  '\u200b',
  '\u3164',
  '\u0430lice',
  'alice',
  'Alice',
  'ALICE',
  '\ud800',
  '\udfff',
  '\ud83d\ude00',
  '\ufeff',
  '#',
  '##',
  '#lobby',
  '*',
  '@x',
  '.',
  '..',
  '__proto__',
  'constructor',
  'toString',
  'hasOwnProperty',
  'lobby',
  'Default',
  'watch',
  'x'.repeat(20),
  'x'.repeat(21),
  'y'.repeat(64),
  'y'.repeat(65),
  'Hello|',
  'User1',
  '%00',
  '\\',
  '"',
  'e\u0301'.repeat(300),
  '\u{10ffff}',
  '\u{e0041}',
  'guest-1',
  '-',
  '[]{}|^`.',
];

/** Every field name the dialects read. */
export const KEYS = [
  'action',
  'id',
  'room',
  'message',
  'msg',
  'username',
  'nick',
  'to',
  'topic',
  'since',
  'before',
  'after',
  'limit',
  'key',
  'reason',
  'version',
  'with',
  'user',
  'success',
  'echo',
  '__proto__',
  'constructor',
];

/** Every action of every dialect, and some that are none. */
export const ACTIONS = [
  'connect',
  'nick',
  'joinroom',
  'leaveroom',
  'chat',
  'dm',
  'rooms',
  'members',
  'topic',
  'history',
  'ping',
  'pong',
  'quit',
  'join',
  'leave',
  'set_nick',
  'join_room',
  'chat_message',
  'user_list',
  'welcome',
  'ok',
  'error',
  'toString',
  '__proto__',
  '',
  'CHAT',
  'chat ',
  'hasOwnProperty',
];

/** A JSON value. */
export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

/** A long string of one of a few shapes. */
export function longString(rng: Rng): string {
  // Mostly around the message limit (4000); the frame limit's edges (64 KiB) now and then, as they cost time.
  const n = rng.weighted<() => number>([
    [8, () => rng.pick([1000, 3999, 4000, 4001])],
    [2, () => rng.pick([8192, 20_000])],
    [1, () => rng.pick([65_000, 65_536, 70_000])],
  ])();
  const unit = rng.pick(['A', 'é', '😀', '\u0000', ' ', '\n', 'e\u0301']);
  return unit.repeat(Math.ceil(n / unit.length)).slice(0, n);
}

/** A JSON token text that may not be valid JSON, for a value position. */
function oddToken(rng: Rng): string {
  return rng.weighted<() => string>([
    [3, () => rng.pick(ODD_NUMBERS)],
    [3, () => JSON.stringify(rng.pick(ODD_STRINGS))],
    [2, () => rng.pick(['null', 'true', 'false', '[]', '{}', '[1,2]', '{"a":1}', '""', '[null]', '{"":""}'])],
    [0.5, () => JSON.stringify(longString(rng))],
    [0.5, () => deepNesting(rng, rng.pick([50, 500, 3000]))],
  ])();
}

/** Text of an array or object nested depth levels deep (closed or not). */
export function deepNesting(rng: Rng, depth: number): string {
  const shape = rng.int(4);
  const closed = rng.chance(0.85);
  if (shape === 0) return '['.repeat(depth) + (closed ? ']'.repeat(depth) : '');
  if (shape === 1) return '{"a":'.repeat(depth) + '1' + (closed ? '}'.repeat(depth) : '');
  if (shape === 2) return '[{"a":'.repeat(depth) + '0' + (closed ? '}]'.repeat(depth) : '');
  return '['.repeat(depth) + '"x"' + ','.repeat(rng.int(3)) + (closed ? ']'.repeat(depth) : '');
}

/** A deep-nesting payload for a JSON decoder: bare, or in a field of a message. */
export function deepPayload(rng: Rng, seed: string): string {
  const depth = rng.pick([100, 1000, 5000, 10_000, 20_000, 30_000]);
  const nested = deepNesting(rng, depth);
  if (rng.chance(0.5)) return nested;
  return seed.replace(/}$/, `,"${rng.pick(KEYS)}":${nested}}`);
}

/** Mutate a JSON object's text structurally: the result is usually JSON, of the wrong shape or size. */
export function mutateJson(rng: Rng, text: string): string {
  let value: Json;
  try {
    value = JSON.parse(text) as Json;
  } catch {
    return text;
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return oddToken(rng);
  const obj: Record<string, Json> = { ...value };
  const keys = Object.keys(obj);
  const ops = rng.range(1, 3);
  const raw: string[] = []; // fields added as text (duplicate keys, invalid tokens)
  for (let i = 0; i < ops; i++) {
    const op = rng.int(9);
    const key = keys.length > 0 && rng.chance(0.7) ? rng.pick(keys) : rng.pick(KEYS);
    if (op === 0) delete obj[key];
    else if (op === 1) obj.action = rng.pick(ACTIONS);
    else if (op === 2)
      obj[key] = JSON.parse(rng.pick(['null', 'true', '[]', '{}', '0', '[1]', '{"x":1}'])) as Json;
    else if (op === 3) obj[key] = rng.pick(ODD_STRINGS);
    else if (op === 4) obj[key] = rng.chance(0.3) ? longString(rng) : 'L'.repeat(rng.range(30, 300));
    else if (op === 5) raw.push(`${JSON.stringify(key)}:${oddToken(rng)}`);
    else if (op === 6) obj[key] = Number(rng.pick(['-1', '0', '1e300', '9007199254740993', '0.5', '-0']));
    else if (op === 7) raw.push(`${JSON.stringify(key)}:${JSON.stringify(rng.pick(ODD_STRINGS))}`);
    else obj[key] = rng.pick(ODD_STRINGS).slice(0, 24).repeat(rng.range(1, 50));
  }
  let out = JSON.stringify(obj);
  if (raw.length > 0) out = out === '{}' ? `{${raw.join(',')}}` : `${out.slice(0, -1)},${raw.join(',')}}`;
  if (rng.chance(0.05)) out = `[${out}]`;
  if (rng.chance(0.03)) out = JSON.stringify(out); // a bare JSON string, as the tutorial's client sends
  return out;
}

/** Byte sequences that are not UTF-8 (overlong, surrogates, out of range, stray continuation bytes). */
const BAD_UTF8 = [
  [0xff],
  [0xc0, 0x80],
  [0xed, 0xa0, 0x80],
  [0xf4, 0x90, 0x80, 0x80],
  [0x80],
  [0xe2, 0x82],
  [0xfe],
];

/** Mutate bytes: flips, inserts, deletions, duplication, truncation, splicing with another payload. */
export function mutateBytes(rng: Rng, input: Buffer, other?: Buffer): Buffer {
  let out = Buffer.from(input);
  const ops = rng.range(1, 4);
  for (let i = 0; i < ops; i++) {
    const at = out.length === 0 ? 0 : rng.int(out.length);
    switch (rng.int(8)) {
      case 0:
        if (out.length > 0) out[at] = out[at]! ^ (1 << rng.int(8));
        break;
      case 1:
        out = Buffer.concat([out.subarray(0, at), rng.bytes(rng.range(1, 8)), out.subarray(at)]);
        break;
      case 2:
        out = Buffer.concat([out.subarray(0, at), out.subarray(at + rng.range(1, 16))]);
        break;
      case 3:
        out = out.subarray(0, at); // truncation
        break;
      case 4: {
        const piece = out.subarray(at, at + rng.range(1, 64));
        out = Buffer.concat([out.subarray(0, at), piece, piece, out.subarray(at)]);
        break;
      }
      case 5:
        out = Buffer.concat([out.subarray(0, at), Buffer.from(rng.pick(BAD_UTF8)), out.subarray(at)]);
        break;
      case 6:
        if (other && other.length > 0) {
          const from = rng.int(other.length);
          out = Buffer.concat([out.subarray(0, at), other.subarray(from)]);
        }
        break;
      default:
        out = Buffer.concat([
          out.subarray(0, at),
          Buffer.from([rng.pick([0, 1, 7, 8, 10, 13, 27, 127])]),
          out.subarray(at),
        ]);
    }
  }
  return out;
}

/** Typed text with hostile parts: line breaks, terminal escapes, control characters, odd Unicode, lone bytes. */
export function mutateText(rng: Rng, text: string): Buffer {
  const parts = [text];
  const n = rng.range(1, 3);
  for (let i = 0; i < n; i++) {
    parts.splice(
      rng.int(parts.length + 1),
      0,
      rng.pick([
        '\n',
        '\r',
        '\r\n',
        '\n\n\n',
        'x a dit : forged\n',
        'Annonce : forged\n',
        '\u001b[2J',
        '\u001b]0;t\u0007',
        '\u0000',
        '\t',
        '\u007f',
        '\u0085',
        '\u2028',
        '\u202e',
        rng.pick(ODD_STRINGS),
        'Hello|again\n',
        ' '.repeat(rng.range(1, 2000)),
        longString(rng),
      ]),
    );
  }
  let out: Buffer = Buffer.from(parts.join(''));
  if (rng.chance(0.2)) out = mutateBytes(rng, out);
  return out;
}
