// The seed corpus: valid messages of each dialect, which the mutators start from, and hostile-but-valid sequences.
import type { Rng } from './prng.js';

/** Rooms the seeds use: the watcher's room among them, so that floods reach a client that checks its service. */
export const ROOMS = ['lobby', 'watch', 'a', '#x', 'Default', 'room-2', 'r.1'];

const j = (value: unknown): string => JSON.stringify(value);

/** Native messages (docs/protocol.md), which the case study's vocabulary is part of. */
export const NATIVE = [
  j({ action: 'connect', username: 'fz', version: 1, id: 1 }),
  j({ action: 'connect' }),
  j({ action: 'nick', nick: 'fz2', id: 2 }),
  j({ action: 'joinroom', room: 'lobby', id: 3 }),
  j({ action: 'joinroom', room: 'watch', since: 0, id: 4 }),
  j({ action: 'leaveroom', room: 'lobby', id: 5 }),
  j({ action: 'chat', room: 'watch', message: 'hello', id: 'c1', key: 'k1' }),
  j({ action: 'chat', room: 'lobby', message: 'hi' }),
  j({ action: 'dm', to: 'fz', message: 'psst', id: 6 }),
  j({ action: 'rooms', id: 7 }),
  j({ action: 'members', room: 'watch', id: 8 }),
  j({ action: 'topic', room: 'lobby', topic: 'the topic', id: 9 }),
  j({ action: 'topic', room: 'lobby' }),
  j({ action: 'history', room: 'watch', before: 10, limit: 50, id: 10 }),
  j({ action: 'history', with: 'fz', after: 0, id: 11 }),
  j({ action: 'ping', id: 12 }),
  j({ action: 'pong' }),
  j({ action: 'quit', reason: 'bye' }),
];

/** The asyncio case study's messages (PROTOCOLS.md §2), and the bare strings its client sends. */
export const CASE_STUDY = [
  j({ action: 'connect', username: 'cs' }),
  j({ action: 'joinroom', room: 'lobby' }),
  j({ action: 'joinroom', room: 'watch' }),
  j({ action: 'leaveroom', room: 'lobby' }),
  j({ action: 'chat', room: 'watch', message: 'hello' }),
  j('just a string'),
  j({ action: 'connect', username: 'cs2' }),
];

/** The chat demo's messages (PROTOCOLS.md §1). */
export const CHAT_DEMO = [
  j({ action: 'join', room: 'lobby' }),
  j({ action: 'join', room: 'watch' }),
  j({ action: 'leave', room: 'lobby' }),
  j({ room: 'watch', msg: 'hello' }),
  j({ room: 'lobby', msg: 'hi', from: 'x' }),
];

/** aiohttp-chat's messages at /chat (PROTOCOLS.md §4). */
export const AIOHTTP = [
  j({ action: 'set_nick', nick: 'fuzzer' }),
  j({ action: 'join_room', room: 'watch' }),
  j({ action: 'join_room', room: 'Default' }),
  j({ action: 'chat_message', message: 'hello' }),
  j({ action: 'user_list', room: 'Default' }),
  j({ action: 'user_list', room: 'watch' }),
  j({ action: 'nope' }),
];

/** Values /echo sends back. */
export const ECHO = [
  j({ a: 1 }),
  j([1, 'two', null]),
  j('str'),
  j(42),
  j({ nested: { deep: [true] } }),
  'null',
];

/** TP6 text: the hello, then chat lines. */
export const TP6 = ['Hello|fz', 'hello everyone', 'line one\nline two', 'Hello|other', 'é ü 😀'];

/**
 * A valid but hostile run of native messages: join spam, nick and topic churn, history and list requests, a chat
 * flood into the watcher's room, a second connect, traffic after quit.
 */
export function hostileNative(rng: Rng): string[] {
  const n = rng.range(20, 400);
  const kind = rng.int(7);
  const out: string[] = [];
  for (let i = 0; i < n; i++) {
    if (kind === 0) out.push(j({ action: 'joinroom', room: `spam-${rng.int(100_000)}` }));
    else if (kind === 1) out.push(j({ action: 'nick', nick: `n${i}` }));
    else if (kind === 2) out.push(j({ action: 'topic', room: 'watch', topic: `t${i}` }));
    else if (kind === 3) out.push(j({ action: 'history', room: rng.pick(ROOMS), limit: 500, id: i }));
    else if (kind === 4) out.push(j({ action: rng.pick(['rooms', 'members']), room: 'watch', id: i }));
    else if (kind === 5) out.push(j({ action: 'chat', room: 'watch', message: `flood ${i}` }));
    else
      out.push(
        j(
          rng.pick([
            { action: 'connect', username: `again${i}` },
            { action: 'quit' },
            { action: 'joinroom', room: 'watch' },
            { action: 'leaveroom', room: 'watch' },
          ]),
        ),
      );
  }
  return out;
}

/** Hostile aiohttp sequences: nick and room churn, user lists. */
export function hostileAiohttp(rng: Rng): string[] {
  const n = rng.range(20, 300);
  const out: string[] = [];
  for (let i = 0; i < n; i++) {
    out.push(
      rng.pick([
        j({ action: 'set_nick', nick: `nick${i}` }),
        j({ action: 'join_room', room: `room${rng.int(1000)}` }),
        j({ action: 'user_list', room: 'Default' }),
        j({ action: 'chat_message', message: `flood ${i}` }),
      ]),
    );
  }
  return out;
}
