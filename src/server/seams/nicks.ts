// The nick claims seam: who holds which nickname, server-wide. One node keeps them in memory (NickRegistry);
// many nodes would share them (Redis), so every call may answer later.
import type { Answer } from './answer.js';

/** Why a nick cannot be claimed: another holder has it, or has one that looks like it. */
export type NickConflict<T> = { kind: 'same' | 'look-alike'; holder: T; nick: string };

/** Nicknames in use server-wide, each held by one holder, with no two holders' nicks alike. */
export interface NickClaims<T> {
  /** The holder of this nick (case and compatibility forms ignored), if any. */
  find(nick: string): Answer<T | undefined>;
  /** Whether a nick, or one that looks like it, is held by someone other than `self`. */
  taken(nick: string, self?: T): Answer<boolean>;
  /** Give a holder this nick in place of its old one, or say who is in the way (nothing changes then). */
  claim(holder: T, nick: string): Answer<NickConflict<T> | null>;
  /** Free a holder's nick (and every look-alike it kept out); nothing when it holds none. */
  release(holder: T): Answer<void>;
}
