// Nicknames as the chat rules give them: the nick rules, the server-wide claims (case and look-alikes), and guest
// names for clients that ask for none.
import { foldNick, nickProblem } from '../protocol/index.js';
import { ChatError } from './errors.js';
import type { Answer } from './seams/answer.js';
import { settle } from './seams/answer.js';
import type { NickClaims } from './seams/nicks.js';
import type { Session } from './session.js';

/** Gives sessions their nicks through the server-wide claims. */
export class Nicknames {
  private guestCounter = Math.floor(Math.random() * 9000);

  constructor(
    private readonly claims: NickClaims<Session>,
    private readonly maxNickChars: number,
  ) {}

  /** Give a session a nick, or throw why it cannot have it; answers the folded nick. */
  claim(session: Session, nick: string): Answer<string> {
    const problem = nickProblem(nick, this.maxNickChars);
    if (problem) throw new ChatError('invalid_nick', problem);
    return settle(this.claims.claim(session, nick), (conflict) => {
      if (conflict?.kind === 'same')
        throw new ChatError('nick_in_use', `${nick} is taken; pick another nickname`);
      if (conflict) {
        throw new ChatError(
          'nick_in_use',
          `${nick} looks like ${conflict.nick}, a nickname in use; pick one that looks different`,
        );
      }
      const nickKey = foldNick(nick);
      session.identifyAs(nick, nickKey);
      return nickKey;
    });
  }

  /** A guest name nobody holds: candidates are tried until one is free (one call when the claims answer at once). */
  guest(): Answer<string> {
    this.guestCounter = (this.guestCounter + 1 + Math.floor(Math.random() * 97)) % 100_000;
    const nick = `guest-${this.guestCounter}`;
    return settle(this.claims.taken(nick), (taken) => (taken ? this.guest() : nick));
  }
}
