// Who holds which nickname: by case-folded identity (the same nick) and by look-alike key (a nick that looks the
// same on screen). Generic over the holder so that it stays free of sessions and sockets. The nick claims of one
// node: it answers every call at once.
import { foldNick } from '../protocol/index.js';
import type { NickClaims, NickConflict } from './seams/nicks.js';
import { nickLookAlikeKeys } from './skeleton.js';

export type { NickConflict } from './seams/nicks.js';

interface Claim {
  nick: string;
  fold: string;
  keys: string[];
}

/** The nicks in use, each held by one holder, with no two holders' nicks alike. */
export class NickRegistry<T> implements NickClaims<T> {
  private readonly byFold = new Map<string, T>();
  private readonly byLook = new Map<string, T>();
  private readonly claims = new Map<T, Claim>();

  /** The holder of this nick (case and compatibility forms ignored), if any. */
  find(nick: string): T | undefined {
    return this.byFold.get(foldNick(nick));
  }

  /** Whether a nick, or one that looks like it, is held by someone other than `self`. */
  taken(nick: string, self?: T): boolean {
    return this.conflict(nick, self) !== null;
  }

  /** Who stands in the way of `self` taking this nick, or null when it is free for it. */
  conflict(nick: string, self?: T): NickConflict<T> | null {
    const same = this.byFold.get(foldNick(nick));
    if (same !== undefined && same !== self)
      return { kind: 'same', holder: same, nick: this.claims.get(same)!.nick };
    for (const key of nickLookAlikeKeys(nick)) {
      const alike = this.byLook.get(key);
      if (alike !== undefined && alike !== self)
        return { kind: 'look-alike', holder: alike, nick: this.claims.get(alike)!.nick };
    }
    return null;
  }

  /** Give a holder this nick in place of its old one, or say who is in the way (nothing changes then). */
  claim(holder: T, nick: string): NickConflict<T> | null {
    const conflict = this.conflict(nick, holder);
    if (conflict) return conflict;
    this.release(holder);
    const claim: Claim = { nick, fold: foldNick(nick), keys: nickLookAlikeKeys(nick) };
    this.claims.set(holder, claim);
    this.byFold.set(claim.fold, holder);
    for (const key of claim.keys) this.byLook.set(key, holder);
    return null;
  }

  /** Free a holder's nick (and every look-alike it kept out); nothing when it holds none. */
  release(holder: T): void {
    const claim = this.claims.get(holder);
    if (!claim) return;
    this.claims.delete(holder);
    if (this.byFold.get(claim.fold) === holder) this.byFold.delete(claim.fold);
    for (const key of claim.keys) if (this.byLook.get(key) === holder) this.byLook.delete(key);
  }

  /** How many nicks are held. */
  get size(): number {
    return this.claims.size;
  }
}
