// Nickname and room-name rules. Pure so that clients can check input before sending it.

// Letters and digits of any script, plus the punctuation IRC users expect in nicks.
const NICK_PATTERN = /^[\p{L}\p{N}_\-[\]{}|^`.]+$/u;
// Room names: an optional leading '#', then letters, digits, '_', '-', '.'.
const ROOM_PATTERN = /^#?[\p{L}\p{N}_\-.]+$/u;
// Characters that show nothing: format controls, joiners, variation selectors, and the Hangul fillers, which are
// letters (so the patterns above let them through) that render blank. A name padded with them looks like another.
// The fillers are Default_Ignorable already; they are named too, so that the rule never depends on the engine's
// Unicode version.
/** One character that shows nothing and may be in no nickname or room name. */
export const INVISIBLE = /[\p{Default_Ignorable_Code_Point}\u115F\u1160\u3164\uFFA0]/u;

/** Why a nickname is not acceptable, or null when it is. */
export function nickProblem(nick: string, maxChars: number): string | null {
  if (nick.length === 0) return 'nickname is empty';
  if (nick.length > maxChars) return `nickname is longer than ${maxChars} characters`;
  if (INVISIBLE.test(nick))
    return 'nickname may not hold invisible characters (fillers, joiners, format controls)';
  if (!NICK_PATTERN.test(nick)) return 'nickname may hold letters, digits and _ - [ ] { } | ^ ` . only';
  return null;
}

/** Why a room name is not acceptable, or null when it is. */
export function roomProblem(room: string, maxChars: number): string | null {
  if (room.length === 0 || room === '#') return 'room name is empty';
  if (room.length > maxChars) return `room name is longer than ${maxChars} characters`;
  if (INVISIBLE.test(room))
    return 'room name may not hold invisible characters (fillers, joiners, format controls)';
  if (!ROOM_PATTERN.test(room)) return 'room name may hold letters, digits and _ - . only (and a leading #)';
  return null;
}

/** The case-insensitive identity of a nickname: two nicks with the same fold are the same person. */
export function foldNick(nick: string): string {
  return nick.normalize('NFKC').toLowerCase();
}
