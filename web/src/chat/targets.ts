// A conversation is a room or a direct exchange with one person; its key names it in maps and localStorage.
import { foldNick } from '../../../src/protocol/index.js';

/** Where messages go: a room, or a person. */
export type Target = { kind: 'room'; room: string } | { kind: 'dm'; nick: string };

/** The key of a room's conversation (room names are case-sensitive). */
export function roomKey(room: string): string {
  return `room:${room}`;
}

/** The key of a direct conversation: the same for every spelling that is the same person. */
export function dmKey(nick: string): string {
  return `dm:${foldNick(nick)}`;
}

/** The key of a target. */
export function targetKey(target: Target): string {
  return target.kind === 'room' ? roomKey(target.room) : dmKey(target.nick);
}

/** What a conversation is called on screen. */
export function targetLabel(target: Target): string {
  if (target.kind === 'dm') return target.nick;
  return target.room.startsWith('#') ? target.room : `#${target.room}`;
}
