// A stable colour per nick, so that a person looks the same in every room and on every screen.
import { foldNick } from '../../../src/protocol/index.js';

/** How many nick colours the stylesheet defines (classes nick-0 … nick-11, tuned for light and dark). */
export const NICK_COLOURS = 12;

/** The colour class of a nick: the same for every spelling that is the same person (case, width). */
export function nickColourClass(nick: string): string {
  // FNV-1a: a tiny, well-spread hash; any stable hash would do.
  let hash = 0x811c9dc5;
  for (const char of foldNick(nick)) {
    hash ^= char.codePointAt(0)!;
    hash = Math.imul(hash, 0x01000193);
  }
  return `nick-${(hash >>> 0) % NICK_COLOURS}`;
}
